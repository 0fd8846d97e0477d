"""jiritsu import participation: valid files, row errors, re-import, codes and fiscal-year forms."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Method, Participation

HEADER = "body_code,program,fiscal_year,method\n"


def run(tmp_path, text, *, bom=False, name="p.csv"):
    path = tmp_path / name
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_participation", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return 1, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_it_imports_rows_with_every_fiscal_year_form_and_six_digit_codes(ibaraki, tmp_path):
    text = HEADER + ("082015,就労準備支援,2022,委託\n"   # 水戸市 with check digit
                     "08202,家計改善支援,R4,広域委託\n"
                     "080004,一時生活支援,令和4年度,直営\n"  # the prefecture for towns and villages
                     "08203,就労準備支援事業,令和元年度,委託\n")
    code, out, _ = run(tmp_path, text, bom=True)
    assert code == 0
    assert "4 行を取り込みました（新規 4、更新 0、変更なし 0）" in out
    rows = {(p.body.code, p.program, p.fiscal_year, p.method) for p in Participation.objects.select_related("body")}
    assert rows == {
        ("08201", Program.EMPLOYMENT_PREP, 2022, Method.CONTRACTED),
        ("08202", Program.HOUSEHOLD_BUDGET, 2022, Method.JOINT),
        ("08000", Program.TEMPORARY_SHELTER, 2022, Method.DIRECT),
        ("08203", Program.EMPLOYMENT_PREP, 2019, Method.CONTRACTED),
    }


def test_it_replaces_the_method_on_reimport_and_is_idempotent(ibaraki, tmp_path):
    run(tmp_path, HEADER + "08201,就労準備支援,2022,委託\n")
    code, out, _ = run(tmp_path, HEADER + "08201,就労準備支援,2022,広域委託\n")
    assert code == 0 and "更新 1" in out
    code, out, _ = run(tmp_path, HEADER + "08201,就労準備支援,2022,広域委託\n")
    assert code == 0 and "変更なし 1" in out
    assert list(Participation.objects.values_list("method", flat=True)) == [Method.JOINT]


def test_it_reports_every_bad_row_and_imports_nothing(ibaraki, tmp_path):
    text = HEADER + ("08201,就労準備支援,2022,委託\n"
                     "08999,就労準備支援,2022,委託\n"
                     "082016,就労準備支援,2022,委託\n"
                     "08202,散歩支援,2022,委託\n"
                     "08202,就労準備支援,R99x,委託\n"
                     "08202,家計改善支援,2022,自前\n"
                     "08201,就労準備支援,R4,直営\n")
    code, out, err = run(tmp_path, text)
    assert code == 1
    assert "row 3, column body_code: 団体コード「08999」の福祉事務所設置自治体は登録されていません。" in err
    assert "row 4, column body_code: 団体コード「082016」の検査数字が正しくありません。" in err
    assert "row 5, column program: 「散歩支援」は事業名として認識できません。" in err
    assert "row 6, column fiscal_year:" in err and "年度として読めません" in err
    assert "row 7, column method:" in err and "実施方法として認識できません" in err
    assert "row 8, column body_code: row 2 と同じ団体・事業・年度の行です。" in err
    assert "row 2," not in err
    assert not Participation.objects.exists()


def test_it_reports_missing_and_unknown_columns(ibaraki, tmp_path):
    code, _, err = run(tmp_path, "body_code,program,year,method\n08201,就労準備支援,2022,委託\n")
    assert code == 1
    assert "row 1, column fiscal_year: 必須の列がありません。" in err
    assert "row 1, column year: 不明な列です" in err


def test_it_takes_an_optional_start_date_and_checks_it(ibaraki, tmp_path):
    head = "body_code,body_name,program,fiscal_year,method,since\n"
    code, _, err = run(tmp_path, head + "08201,水戸市,就労準備支援,2022,委託,2023-04-01\n")
    assert code == 1 and "row 2, column since: 実施開始日が令和4年度より後になっています。" in err
    code, _, _ = run(tmp_path, head + "08201,水戸市,就労準備支援,2022,委託,H27.4.1\n")
    assert code == 0
    assert str(Participation.objects.get().since) == "2015-04-01"


def test_it_says_when_the_file_is_missing_or_not_utf8(ibaraki, tmp_path):
    with pytest.raises(CommandError, match="読めません"):
        call_command("import_participation", str(tmp_path / "none.csv"))
    path = tmp_path / "sjis.csv"
    path.write_bytes((HEADER + "08201,就労準備支援,2022,委託\n").encode("cp932"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_participation", str(path))
