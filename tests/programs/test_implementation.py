"""The implementation-status table: formatting, rounding, method, start year and the seed's numbers."""
import csv
import io
from fractions import Fraction

import pytest
from django.core.management import call_command

from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program
from jiritsu.programs.implementation import build_table, format_rate, most_used_method, round_half_up
from jiritsu.programs.models import Method, Participation
from jiritsu.programs.participation import load_ibaraki_history

SEED = [
    ["事業名", "実施方法", "開始年度", "R元年度", "R2年度", "R3年度", "R4年度"],
    ["就労準備支援", "委託", "H27年度", "5(15.2%)", "9(27.3%)", "27(81.8%)", "33(100%)"],
    ["家計改善支援", "委託", "H29年度", "7(21.2%)", "9(27.3%)", "23(69.7%)", "33(100%)"],
    # The seed writes 開始年度 R2 for 一時生活支援 yet counts one body in R元 (data/README.md).
    ["一時生活支援", "委託", "R元年度", "1(3.0%)", "2(6.1%)", "6(18.2%)", "9(27.3%)"],
]


def report(*args) -> str:
    out = io.StringIO()
    call_command("report_implementation", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("count", "bodies", "text"), [
    (5, 33, "5(15.2%)"), (33, 33, "33(100%)"), (0, 33, "0(0%)"), (1, 33, "1(3.0%)"),
    (1, 8, "1(12.5%)"), (1, 16, "1(6.3%)"), (3, 16, "3(18.8%)"), (1, 40, "1(2.5%)"), (1, 3, "1(33.3%)"),
    (2, 3, "2(66.7%)"), (1, 4, "1(25%)"), (1, 200, "1(0.5%)"), (1, 0, "1(-)"),
])
def test_it_writes_count_and_rate_rounded_half_up(count, bodies, text):
    assert format_rate(count, bodies) == text


def test_it_rounds_halves_up_exactly():
    assert round_half_up(Fraction(125, 10)) == Fraction(25, 2)
    assert round_half_up(Fraction(625, 100)) == Fraction(63, 10)
    assert round_half_up(Fraction(6249, 1000)) == Fraction(62, 10)
    assert round_half_up(Fraction(5, 1000), 2) == Fraction(1, 100)


def test_it_prints_the_seeds_table_from_the_shipped_history(ibaraki):
    load_ibaraki_history()
    rows = list(csv.reader(io.StringIO(report("--from-fy", "2019", "--to-fy", "2022"))))
    assert rows == SEED
    rows = list(csv.reader(io.StringIO(report("--from-fy", "R1", "--to-fy", "令和4年度"))))
    assert rows == SEED


def test_it_divides_by_the_bodies_configured_that_year(ibaraki):
    assert Body.active_in_fiscal_year(2022).count() == 33
    Participation.objects.create(body=Body.objects.get(code="08201"), program=Program.COMMUNITY_LIVING,
                                 fiscal_year=2022, method=Method.DIRECT)
    table = build_table(2022, 2022)
    assert table.bodies == [33]
    row = next(r for r in table.rows if r.program == Program.COMMUNITY_LIVING)
    assert row.cells == ["1(3.0%)"] and row.method == "直営" and row.since_label == "R4年度"
    assert [r.program for r in table.rows][:3] == [Program.EMPLOYMENT_PREP, Program.HOUSEHOLD_BUDGET,
                                                  Program.TEMPORARY_SHELTER]


def test_it_lists_the_three_programs_even_when_nothing_is_recorded(ibaraki):
    rows = list(csv.reader(io.StringIO(report("--from-fy", "2021", "--to-fy", "2022"))))
    assert rows[0] == ["事業名", "実施方法", "開始年度", "R3年度", "R4年度"]
    assert rows[1] == ["就労準備支援", "", "", "0(0%)", "0(0%)"]
    assert len(rows) == 4


def test_it_breaks_method_ties_in_the_order_direct_contracted_joint():
    assert most_used_method({"joint": {1, 2}, "contracted": {3, 4}}) == "委託"
    assert most_used_method({"joint": {1, 2}, "direct": {3, 4}, "contracted": {5}}) == "直営"
    assert most_used_method({"joint": {1, 2, 3}, "contracted": {4, 5}}) == "広域委託"
    assert most_used_method({}) == ""


def test_it_takes_the_start_year_from_the_earliest_row_or_start_date(ibaraki):
    mito = Body.objects.get(code="08201")
    Participation.objects.create(body=mito, program=Program.EMPLOYMENT_PREP, fiscal_year=2020,
                                 method=Method.CONTRACTED)
    assert build_table(2020, 2020).rows[0].since_label == "R2年度"
    Participation.objects.create(body=mito, program=Program.EMPLOYMENT_PREP, fiscal_year=2021,
                                 method=Method.CONTRACTED, since="2015-10-01")
    assert build_table(2021, 2021).rows[0].since_label == "H27年度"


def test_it_writes_html_and_excel(ibaraki, tmp_path):
    load_ibaraki_history()
    html = report("--from-fy", "2019", "--to-fy", "2022", "--format", "html")
    assert html.startswith("<!doctype html>") and "<td>33(100%)</td>" in html and "R元年度" in html
    target = tmp_path / "t.xlsx"
    call_command("report_implementation", "--from-fy", "2019", "--to-fy", "2022", "--format", "xlsx",
                 "--output", str(target), stderr=io.StringIO())
    from openpyxl import load_workbook

    values = [[c.value for c in row] for row in load_workbook(target).active.iter_rows()]
    assert values[1] == SEED[0] and values[2] == SEED[1]


def test_it_refuses_excel_to_the_terminal_and_reversed_years(ibaraki):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--output"):
        report("--from-fy", "2019", "--to-fy", "2022", "--format", "xlsx")
    with pytest.raises(CommandError, match="開始年度"):
        report("--from-fy", "2022", "--to-fy", "2019")
    with pytest.raises(CommandError, match="年度として読めません"):
        report("--from-fy", "X", "--to-fy", "2019")
