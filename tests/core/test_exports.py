from jiritsu.core.exports import csv_download, csv_text, excel_safe


def test_it_quotes_text_excel_would_run_as_a_formula_and_keeps_numbers():
    assert [excel_safe(c) for c in ["=SUM(A1)", "+1", "-x", "@a", "\tx", "山田", 12, None]] == [
        "'=SUM(A1)", "'+1", "'-x", "'@a", "'\tx", "山田", 12, None]


def test_it_downloads_csv_with_a_bom_for_excel_streamed_or_not():
    plain = csv_download("x.csv", ["氏名"], [["=1+1"]])
    streamed = csv_download("x.csv", ["氏名"], iter([["=1+1"]]), stream=True)
    assert plain.content == b"".join(streamed.streaming_content)
    assert plain.content.decode("utf-8").startswith("\ufeff氏名") and "'=1+1" in plain.content.decode()
    assert plain["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_it_prints_csv_without_a_bom_for_commands():
    assert csv_text(["a"], [["-1x"]]) == "a\n'-1x\n"
