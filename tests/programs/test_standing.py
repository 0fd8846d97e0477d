"""One rule for who implements what each year: recorded years from the records, years after them from the
協定 in force, years before them from 実施開始日; every page and report asks it and agrees."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program
from jiritsu.programs.implementation import build_table, latest_year_with_data
from jiritsu.programs.models import Agreement, Method, Participation
from jiritsu.programs.participation import load_ibaraki_history
from jiritsu.programs.standing import AGREEMENT, RECORDED, SINCE, implementing
from jiritsu.stats.costshare import compute

PREP = Program.EMPLOYMENT_PREP


def sign(codes, program=PREP, term=(dt.date(2021, 4, 1), dt.date(2027, 3, 31))):
    for code in codes:
        Agreement.objects.create(body=Body.objects.get(code=code), program=program, term_from=term[0],
                                 term_to=term[1], signed_on=term[0])


def record(codes, fy, method=Method.CONTRACTED, program=PREP, since=None):
    for code in codes:
        Participation.objects.create(body=Body.objects.get(code=code), program=program, fiscal_year=fy,
                                     method=method, since=since)


@pytest.fixture
def r8():
    """Today is in R8 (fiscal year 2026)."""
    with time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        yield


def test_years_after_the_records_count_the_bodies_holding_an_agreement(ibaraki, r8):
    record(["08201", "08202"], 2022)
    sign(["08201", "08202", "08203"])
    known = implementing()
    hitachi = Body.objects.get(code="08202").pk
    # R4 is recorded: two bodies, whatever the 協定 say; R5 on: the three holding a 協定 in force.
    assert known.count(PREP, 2022) == 2 and known.bodies(PREP, 2022)[hitachi].source == RECORDED
    assert [known.count(PREP, fy) for fy in (2023, 2024, 2025, 2026)] == [3, 3, 3, 3]
    assert known.bodies(PREP, 2024)[hitachi].method == Method.JOINT
    assert known.bodies(PREP, 2024)[hitachi].source == AGREEMENT
    assert known.count(PREP, 2027) == 0  # the 協定 ended with R8
    # Years before the records are not read from the 協定 (R3 holds one, but nothing recorded then is R3's).
    assert known.count(PREP, 2021) == 0


def test_the_table_opens_on_the_latest_year_with_no_empty_years_after_the_records(ibaraki, r8):
    load_ibaraki_history()
    sign([b.code for b in Body.objects.filter(prefecture__code="08")])
    table = build_table(2023, 2026)
    prep = table.rows[0]
    assert prep.cells == ["33(100%)"] * 4 and all(prep.derived)
    assert prep.method == "広域委託"
    assert latest_year_with_data(2026) == 2026
    # The seed's years stay as recorded, digit for digit.
    seed = build_table(2019, 2022)
    assert [r.cells for r in seed.rows] == [
        ["5(15.2%)", "9(27.3%)", "27(81.8%)", "33(100%)"], ["7(21.2%)", "9(27.3%)", "23(69.7%)", "33(100%)"],
        ["1(3.0%)", "2(6.1%)", "6(18.2%)", "9(27.3%)"]]
    assert not any(d for r in seed.rows for d in r.derived)


def test_the_start_year_is_the_first_year_with_a_non_zero_count(ibaraki):
    load_ibaraki_history()
    table = build_table(2015, 2019)
    prep = table.rows[0]
    # 茨城県（町村部） started in H27 (実施開始日 2015-04-01): H27 counts it, so 開始年度 H27 is not a blank year.
    assert prep.since_label == "H27年度"
    first_non_zero = next(fy for fy, n in zip(table.years, prep.counts, strict=True) if n)
    assert first_non_zero == 2015 and prep.counts == [1, 2, 3, 4, 5]
    assert implementing().bodies(PREP, 2015)[Body.objects.get(code="08000").pk].source == SINCE
    shelter = table.rows[2]
    assert shelter.since_label == "R元年度" and shelter.counts == [0, 0, 0, 0, 1]


def test_participation_page_shows_the_years_after_the_records_from_the_agreements(client, world, r8):
    Agreement.objects.all().delete()
    record(["08202"], 2022, method=Method.JOINT)
    sign(["08202", "08203"])
    client.force_login(world.policy)
    html = client.get(reverse("participation_list")).content.decode()
    assert "令和8年度" in html and "協定を締結している団体を「広域委託」として表示" in html
    assert 'aria-label="日立市 就労準備支援：広域委託（協定から）（変更）"' in html
    html = client.get(reverse("participation_list"), {"fy": "R4"}).content.decode()
    assert 'aria-label="土浦市 就労準備支援：実施なし（変更）"' in html


def test_cost_share_for_a_year_after_the_records_splits_among_the_agreements_members(ibaraki, r8):
    record(["08201"], 2022, method=Method.JOINT)
    sign(["08201", "08202"])
    result = compute(program=PREP, fy=2025, amount=1001, key="均等割:100")
    assert [(r.body.code, r.total) for r in result.rows] == [("08201", 501), ("08202", 500)]
    assert "実施状況が記録されていないため" in result.participants_basis
