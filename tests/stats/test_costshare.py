"""Cost sharing (specs/cost-share.md): every rounding and remainder rule, by hand and by property."""
import datetime as dt
import io
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Method, Participation
from jiritsu.stats.costshare import (
    Component,
    CostShareError,
    apportion,
    compute,
    parse_key,
    parse_ratios,
    split_pots,
)


def join(codes, program=Program.EMPLOYMENT_PREP, fy=2022, method=Method.JOINT):
    for code in codes:
        Participation.objects.create(body=Body.objects.get(code=code), program=program, fiscal_year=fy,
                                     method=method)


# ---- hand-computed examples ----

def test_it_floors_each_pot_and_gives_the_leftover_to_the_largest_weight():
    # 1,000,001 × 70% = 700,000.7 → 700,000; × 30% = 300,000.3 → 300,000; 1 yen left → 均等割 (70).
    assert split_pots(1_000_001, [Component("均等割", 70), Component("人口割", 30)]) == [700_001, 300_000]
    # Tie on the largest weight: the first listed wins. 101 × 40% = 40.4, 40.4, 20.2 → 40, 40, 20; 1 left.
    comps = [Component("人口割", 20), Component("均等割", 40), Component("利用実績割", 40)]
    assert split_pots(101, comps) == [20, 41, 40]


def test_it_gives_leftover_yen_to_the_largest_fractions_then_lower_codes():
    # 100 yen by 1:1:1 → 33.33 each, 1 yen left: all fractions equal → the lowest code.
    assert apportion(100, [("08203", 1), ("08201", 1), ("08202", 1)]) == {"08201": 34, "08202": 33, "08203": 33}
    # 10 yen by 1:2:3 → 1.666, 3.333, 5 → floors 1, 3, 5; 1 yen left → largest fraction (08201: .666).
    assert apportion(10, [("08201", 1), ("08202", 2), ("08203", 3)]) == {"08201": 2, "08202": 3, "08203": 5}
    # 7 yen by 1:1:1:1 → 1.75 each → 1 each, 3 yen left → the three lowest codes.
    assert apportion(7, [("1", 1), ("2", 1), ("3", 1), ("4", 1)]) == {"1": 2, "2": 2, "3": 2, "4": 1}
    # 2 yen by population 3:3:4 → 0.6, 0.6, 0.8 → 0, 0, 0; 2 left → 0.8 first, then the lower of the 0.6s.
    assert apportion(2, [("a", 3), ("b", 3), ("c", 4)]) == {"a": 1, "b": 0, "c": 1}


def test_it_apportions_a_mix_exactly_for_participating_bodies(ibaraki):
    join(["08201", "08202", "08203"])
    join(["08204"], method=Method.CONTRACTED)  # runs it alone: not a participant
    result = compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=10_000_000, key="均等割:70,人口割:30")
    assert [r.body.code for r in result.rows] == ["08201", "08202", "08203"]
    # 均等割 7,000,000 ÷ 3 = 2,333,333.33 → 1 yen to the lowest code.
    assert [r.shares[0] for r in result.rows] == [2_333_334, 2_333_333, 2_333_333]
    # 人口割 3,000,000 by 270,685 : 174,508 : 142,074 (total 587,267).
    pops = [270_685, 174_508, 142_074]
    exact = [Fraction(3_000_000 * p, sum(pops)) for p in pops]
    floors = [int(e) for e in exact]
    assert [r.bases[1] for r in result.rows] == pops
    shares = [r.shares[1] for r in result.rows]
    assert sum(shares) == 3_000_000 and all(s - f in (0, 1) for s, f in zip(shares, floors, strict=True))
    # floors 1,382,769 (.677) 891,458 (.229) 725,772 (.093): 1 yen left → the largest fraction.
    assert floors == [1_382_769, 891_458, 725_772]
    assert shares == [1_382_770, 891_458, 725_772]
    assert sum(r.total for r in result.rows) == 10_000_000
    lines = result.lines()
    assert lines[-1][:2] == ["合計", "3団体"] and lines[-1][-2:] == [10_000_000, "100.00"]
    assert lines[0][-2:] == [3_716_104, "37.16"]  # 2,333,334 + 1,382,770
    assert result.rows[0].explanations[0] == "均等割 70%: 7,000,000円を3団体で均等に分け → 2,333,334円（端数の1円を配分）"


def test_it_uses_handoffs_started_in_the_year_counting_each_case_once(world):
    from jiritsu.cases import services
    from tests.factories import advance_case, new_case

    join(["08202", "08203"], fy=2022)
    Agreement.objects.exclude(body__code__in=["08202", "08203"]).delete()  # the two joined, by agreement too
    cases = [advance_case(world, new_case(world, received_on=dt.date(2022, 4, 1)), "in_support") for _ in range(3)]
    hand = lambda case, day: services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,  # noqa: E731
                                               program=Program.EMPLOYMENT_PREP, started_on=day)
    first = hand(cases[0], dt.date(2022, 5, 1))
    services.end_handoff(user=world.worker_a, handoff=first, ended_on=dt.date(2022, 6, 1), reason="中断")
    hand(cases[0], dt.date(2022, 7, 1))  # the same case again: still one
    hand(cases[1], dt.date(2022, 5, 2))
    hand(cases[2], dt.date(2023, 4, 1))  # next fiscal year
    result = compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1000, key="利用実績割:100")
    assert [(r.body.code, r.bases[0], r.total) for r in result.rows] == [("08202", 2, 1000), ("08203", 0, 0)]
    assert "当年度の利用実績（引継ぎ件数）の比で分け、2件 ÷ 合計 2件 → 1,000円" in result.rows[0].explanations[0]
    with pytest.raises(CostShareError, match="令和3年度の就労準備支援の引継ぎが0件"):
        compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1000, key="利用実績割(前年度):100")
    join(["08202", "08203"], fy=2023)
    result = compute(program=Program.EMPLOYMENT_PREP, fy=2023, amount=1000, key="利用実績割(前年度):100")
    assert [r.bases[0] for r in result.rows] == [2, 0]


def test_it_splits_fixed_ratios_and_checks_them(ibaraki):
    join(["08201", "08202"])
    result = compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1001, key="定率:100",
                     ratios="082015=33.3,08202=66.7")
    # 333.333 / 667.667 → 333 / 667, 1 yen left to the larger fraction (08202: .667).
    assert [r.total for r in result.rows] == [333, 668]
    with pytest.raises(CostShareError, match="合計"):
        compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1, key="定率:100", ratios="08201=50,08202=40")
    with pytest.raises(CostShareError, match="参加団体ではありません"):
        compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1, key="定率:100", ratios="08201=50,08203=50")
    with pytest.raises(CostShareError, match="--ratios"):
        compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1, key="定率:100")
    with pytest.raises(CostShareError, match="定率"):
        compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1, key="均等割:100", ratios="08201=100")


def test_it_refuses_a_component_whose_basis_is_zero_everywhere(ibaraki):
    join(["08201", "08202"])
    with pytest.raises(CostShareError, match="利用実績割の基礎がすべての参加団体で0"):
        compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=100, key="均等割:50,利用実績割:50")
    with pytest.raises(CostShareError, match="広域委託で実施する団体が記録されていません"):
        compute(program=Program.HOUSEHOLD_BUDGET, fy=2022, amount=100, key="均等割:100")


@pytest.mark.parametrize(("key", "message"), [
    ("", "按分キー"), ("均等割70", "要素:重み"), ("平等割:100", "認識できません"), ("均等割:70.5,人口割:29.5", "整数"),
    ("均等割:0,人口割:100", "1以上"), ("均等割:-10,人口割:110", "1以上"), ("均等割:60,人口割:30", "合計が 90"),
    ("均等割:50,均等割:50", "2回"),
])
def test_it_explains_bad_keys(key, message):
    with pytest.raises(CostShareError, match=message):
        parse_key(key)


def test_it_reads_keys_in_full_width_and_with_percent_signs():
    assert parse_key("均等割：７０％，利用実績割（前年度）:30") == [Component("均等割", 70),
                                                       Component("利用実績割(前年度)", 30)]
    assert parse_ratios("08201=40, 08202=60") == {"08201": 40, "08202": 60}


def test_it_gives_each_body_its_national_subsidy(ibaraki):
    join(["08201", "08202"], program=Program.HOUSEHOLD_BUDGET)
    join(["08201"], method=Method.CONTRACTED)  # 水戸市 also runs 就労準備支援: 2/3; 日立市 alone: 1/2
    result = compute(program=Program.HOUSEHOLD_BUDGET, fy=2022, amount=1001, key="均等割:100")
    assert [(r.total, r.subsidy) for r in result.rows] == [(501, 334), (500, 250)]
    join(["08201", "08202"], program=Program.CHILD_LEARNING)
    result = compute(program=Program.CHILD_LEARNING, fy=2022, amount=1001, key="均等割:100")
    assert [r.subsidy for r in result.rows] == [250, 250]


def test_the_command_prints_one_row_per_body_and_a_total(ibaraki, tmp_path):
    join(["08201", "08202"])
    out = io.StringIO()
    call_command("report_cost_share", "--program", "就労準備支援", "--fy", "R4", "--amount", "1,000,001",
                 "--key", "均等割:70,人口割:30", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("団体コード,団体名,均等割 基礎（団体）,均等割 負担額（円）,人口割 基礎（人）,人口割 負担額（円）,"
                        "負担額合計（円）,割合（%）")
    assert lines[1].startswith("08201,水戸市,1,350001,270685,")
    assert lines[3] == "合計,2団体,2,700001,445193,300000,1000001,100.00"
    with pytest.raises(CommandError, match="基礎がすべての参加団体で0"):
        call_command("report_cost_share", "--program", "就労準備支援", "--fy", "2022", "--amount", "100",
                     "--key", "利用実績割:100")
    target = tmp_path / "c.xlsx"
    call_command("report_cost_share", "--program", "就労準備支援", "--fy", "2022", "--amount", "100",
                 "--key", "均等割:100", "--format", "xlsx", "--output", str(target), stderr=io.StringIO())
    from openpyxl import load_workbook

    rows = [[c.value for c in r] for r in load_workbook(target).active.iter_rows()]
    assert rows[2][:4] == ["08201", "水戸市", 1, 50] and rows[-1][0] == "合計"


# ---- properties ----

bases_st = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=40).filter(any)


@given(pot=st.integers(min_value=0, max_value=10**11), bases=bases_st)
def test_it_always_sums_to_the_pot_without_negative_shares(pot, bases):
    shares = apportion(pot, [(f"{i:05d}", b) for i, b in enumerate(bases)])
    assert sum(shares.values()) == pot
    assert all(s >= 0 for s in shares.values())
    total = sum(bases)
    for i, b in enumerate(bases):
        exact = Fraction(pot * b, total)
        assert shares[f"{i:05d}"] - int(exact) in (0, 1)


@given(pot=st.integers(min_value=0, max_value=10**11), n=st.integers(min_value=1, max_value=60),
       basis=st.integers(min_value=1, max_value=10**6))
def test_it_gives_equal_bases_shares_within_one_yen(pot, n, basis):
    shares = apportion(pot, [(f"{i:05d}", basis) for i in range(n)])
    assert max(shares.values()) - min(shares.values()) <= 1
    assert sum(shares.values()) == pot


@given(amount=st.integers(min_value=0, max_value=10**11),
       weights=st.lists(st.integers(min_value=1, max_value=97), min_size=1, max_size=4))
def test_it_splits_pots_that_always_sum_to_the_amount(amount, weights):
    weights = [*weights[:-1], 100 - sum(weights[:-1])] if sum(weights[:-1]) < 100 else [100]
    comps = [Component(f"c{i}", w) for i, w in enumerate(weights)]
    pots = split_pots(amount, comps)
    assert sum(pots) == amount and all(p >= 0 for p in pots)


def test_it_shares_among_the_agreements_members_once_agreements_are_recorded(ibaraki):
    join(["08201", "08202", "08203"])  # recorded as 広域委託 ...
    mito, hitachi = Body.objects.get(code="08201"), Body.objects.get(code="08202")
    # ... but only two signed the 協定 in force during FY2022 (one from its last day); Tsuchiura's ended before.
    Agreement.objects.create(body=mito, program=Program.EMPLOYMENT_PREP, term_from=dt.date(2021, 4, 1),
                             term_to=dt.date(2024, 3, 31), signed_on=dt.date(2021, 3, 1))
    Agreement.objects.create(body=hitachi, program=Program.EMPLOYMENT_PREP, term_from=dt.date(2023, 3, 31),
                             term_to=dt.date(2024, 3, 31), signed_on=dt.date(2023, 3, 1))
    Agreement.objects.create(body=Body.objects.get(code="08203"), program=Program.EMPLOYMENT_PREP,
                             term_from=dt.date(2020, 4, 1), term_to=dt.date(2022, 3, 31), signed_on=dt.date(2020, 3, 1))
    result = compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1001, key="均等割:100")
    assert [(r.body.code, r.total) for r in result.rows] == [("08201", 501), ("08202", 500)]
    # Another program without agreements still follows participation.
    join(["08203", "08204"], program=Program.HOUSEHOLD_BUDGET)
    result = compute(program=Program.HOUSEHOLD_BUDGET, fy=2022, amount=1000, key="均等割:100")
    assert [r.body.code for r in result.rows] == ["08203", "08204"]


def test_it_shares_among_the_joint_bodies_not_every_member_of_the_agreement(ibaraki):
    # R4 as the demo has it: every body holds the 協定, twelve ran the program by 広域委託, the others 委託.
    codes = [b.code for b in Body.objects.filter(prefecture__code="08").order_by("code")]
    for code in codes:
        Agreement.objects.create(body=Body.objects.get(code=code), program=Program.EMPLOYMENT_PREP,
                                 term_from=dt.date(2021, 4, 1), term_to=dt.date(2027, 3, 31),
                                 signed_on=dt.date(2021, 3, 1))
    join(codes[:12])
    join(codes[12:], method=Method.CONTRACTED)
    result = compute(program=Program.EMPLOYMENT_PREP, fy=2022, amount=1_200_000, key="均等割:100")
    assert [r.body.code for r in result.rows] == codes[:12] and {r.total for r in result.rows} == {100_000}
    assert result.participants_basis == "令和4年度に就労準備支援を広域委託で実施した団体（実施状況の記録）のうち、協定を締結している団体"


def test_the_command_and_the_page_give_the_same_rows(ibaraki, client, world):
    join(["08201", "08202", "08203"])
    out = io.StringIO()
    call_command("report_cost_share", "--program", "就労準備支援", "--fy", "R4", "--amount", "1000001",
                 "--key", "均等割:70,人口割:30", stdout=out)
    client.force_login(world.policy)
    page = client.get("/programs/cost-share/", {"program": "employment_prep", "fy": "R4", "amount": "1000001",
                                                "key": "均等割:70,人口割:30", "format": "xlsx"})
    from openpyxl import load_workbook

    sheet = [[c.value for c in r] for r in load_workbook(io.BytesIO(page.content)).active.iter_rows()][1:]
    cli = [line.split(",") for line in out.getvalue().splitlines()]
    assert [[str(v) for v in row] for row in sheet] == cli
    html = client.get("/programs/cost-share/", {"program": "employment_prep", "fy": "R4", "amount": "1000001",
                                                "key": "均等割:70,人口割:30"}).content.decode()
    assert "参加団体：令和4年度に就労準備支援を広域委託で実施した団体（実施状況の記録）のうち、協定を締結している団体（3団体）" in html
