"""The survey's definitions (monthly-survey.md) on hand-built cases."""
import datetime as dt
from fractions import Fraction

import pytest

from jiritsu.programs.catalog import PlanService
from jiritsu.stats.survey import (
    COUNT_KEYS,
    UnitError,
    monthly_survey,
    per_100k,
    ratio,
    resolve_unit,
    round_half_up,
)

from . import builders as b

D = dt.date


def survey(code, first, last):
    return monthly_survey(resolve_unit(code), first, last)


def month_row(report, label):
    return next(r for r in report.rows if r.label == label)


def test_it_counts_new_consultations_by_month_of_reception(ibaraki):
    b.case("08202", D(2024, 3, 31))
    b.case("08202", D(2024, 4, 1))
    b.case("08202", D(2024, 4, 30))
    b.case("08202", D(2024, 5, 1))
    b.case("08203", D(2024, 4, 10))  # another body
    r = survey("08202", D(2024, 4, 1), D(2024, 5, 1))
    assert month_row(r, "2024-04").counts["new"] == 2
    assert month_row(r, "2024-05").counts["new"] == 1
    assert r.total.counts["new"] == 3


def test_it_counts_the_first_plan_only_and_never_a_replan(ibaraki):
    c = b.case("08202", D(2024, 1, 5))
    b.plan(c, 1, D(2024, 2, 10), services=[PlanService.HOUSING_BENEFIT], work_support_target=True)
    b.plan(c, 2, D(2024, 4, 10), services=[PlanService.EMPLOYMENT_PREP], work_support_target=True)  # re-plan
    undecided = b.case("08202", D(2024, 1, 6))
    b.plan(undecided, 1, None, services=[PlanService.EMPLOYMENT_PREP])
    r = survey("08202", D(2024, 2, 1), D(2024, 4, 1))
    assert [row.counts["plans"] for row in r.rows] == [1, 0, 0, 1]
    feb = month_row(r, "2024-02").counts
    assert feb["service:housing_benefit"] == 1 and feb["work_support"] == 1
    assert r.total.counts["service:employment_prep"] == 0


def test_it_counts_a_case_whose_first_plan_was_never_decided_by_its_first_decided_plan(ibaraki):
    c = b.case("08202", D(2024, 1, 5))
    b.plan(c, 1, None)
    b.plan(c, 2, D(2024, 3, 1), work_support_target=False)
    assert month_row(survey("08202", D(2024, 3, 1), D(2024, 3, 1)), "2024-03").counts["plans"] == 1


def test_it_counts_work_support_targets_and_each_service_column(ibaraki):
    for services, target in [((PlanService.EMPLOYMENT_PREP, PlanService.WELFARE_LOAN), True),
                             ((PlanService.WELFARE_LOAN, PlanService.COMMUNITY_LIVING), False),
                             ((PlanService.HELLOWORK_PROGRAM,), True)]:
        c = b.case("08202", D(2024, 6, 1))
        b.plan(c, 1, D(2024, 6, 20), services=services, work_support_target=target)
    counts = survey("08202", D(2024, 6, 1), D(2024, 6, 1)).total.counts
    assert counts["plans"] == 3 and counts["work_support"] == 2
    assert counts["service:welfare_loan"] == 2
    assert counts["service:employment_prep"] == 1 and counts["service:hellowork_program"] == 1
    assert counts["service:housing_benefit"] == 0
    assert "service:community_living" not in COUNT_KEYS  # not a survey column


def test_it_counts_employed_and_income_with_the_plan_holder_subsets(ibaraki):
    targeted = b.case("08202", D(2024, 1, 5))
    b.plan(targeted, 1, D(2024, 2, 1), work_support_target=True)
    b.outcome(targeted, "employed", D(2024, 2, 1))  # same day as the decision: counts as plan holder
    b.outcome(targeted, "employed", D(2024, 2, 20))  # same case, same month: once
    b.outcome(targeted, "income_increased", D(2024, 3, 3))
    before_plan = b.case("08202", D(2024, 1, 5))
    b.plan(before_plan, 1, D(2024, 2, 15), work_support_target=True)
    b.outcome(before_plan, "employed", D(2024, 2, 14))  # before the decision: not a plan holder yet
    not_target = b.case("08202", D(2024, 1, 5))
    b.plan(not_target, 1, D(2024, 1, 20), work_support_target=False)
    b.plan(not_target, 2, D(2024, 1, 25), work_support_target=True)  # a re-plan does not make a target
    b.outcome(not_target, "income_increased", D(2024, 3, 10))
    no_plan = b.case("08202", D(2024, 1, 5))
    b.outcome(no_plan, "employed", D(2024, 3, 1))
    r = survey("08202", D(2024, 2, 1), D(2024, 3, 1))
    feb, mar = month_row(r, "2024-02").counts, month_row(r, "2024-03").counts
    assert (feb["employed"], feb["employed_targeted"]) == (2, 1)
    assert (mar["employed"], mar["employed_targeted"]) == (1, 0)
    assert (mar["income"], mar["income_targeted"]) == (2, 1)


def test_it_rounds_per_100k_half_up_to_one_decimal():
    assert round_half_up(Fraction(25, 100)) == "0.3"
    assert round_half_up(Fraction(24, 100)) == "0.2"
    assert round_half_up(Fraction(15, 10)) == "1.5"
    # 1 case × 100,000 ÷ (1 month × 80,000) = 1.25 → 1.3 (half up, not half even)
    assert per_100k(1, 80_000) == "1.3"
    assert per_100k(3, 2 * 100_000) == "1.5"
    assert per_100k(0, 100_000) == "0.0"


def test_it_leaves_the_rate_blank_when_there_are_no_work_support_targets(ibaraki):
    assert ratio(1, 1, 0) == ""
    assert ratio(1, 0, 3) == "33.3"
    assert ratio(1, 1, 3) == "66.7"
    r = survey("08202", D(2024, 4, 1), D(2024, 4, 1))
    assert r.total.cells()[-1] == ""


def test_it_computes_per_100k_from_the_unit_population_and_months(ibaraki):
    for day in (D(2024, 4, 1), D(2024, 4, 2), D(2024, 5, 1)):
        b.case("08202", day)
    r = survey("08202", D(2024, 4, 1), D(2024, 5, 1))
    pop = 174508  # 日立市, 2020 census
    header = r.header
    total = dict(zip(header, r.total.cells(), strict=True))
    expected = round_half_up(Fraction(3 * 100_000, 2 * pop))
    assert total["新規相談受付件数（人口10万人当たり・月）"] == expected == "0.9"
    assert total["新規相談受付件数の目安値"] == "24.0"  # FY2024 uses the latest configured (FY2017)


def test_it_shows_the_target_of_each_fiscal_year(ibaraki):
    r = survey("08202", D(2016, 3, 1), D(2016, 4, 1))
    col = r.header.index("プラン作成件数の目安値")
    assert [row.cells()[col] for row in r.rows] == ["10.0", "11.0", "10.5"]
    r = survey("08202", D(2014, 4, 1), D(2014, 4, 1))
    assert r.total.cells()[col] == ""  # before the first configured year


def test_it_excludes_mito_from_the_prefecture_unit_from_2020_04_but_includes_it_before(ibaraki):
    b.case("08201", D(2020, 3, 15))  # Mito, before it became a separate unit
    b.case("08201", D(2020, 4, 15))  # Mito, after
    b.case("08000", D(2020, 4, 16))  # the prefecture for its towns and villages
    b.case("08202", D(2020, 3, 1))
    r = survey("08", D(2020, 3, 1), D(2020, 4, 1))
    assert [row.counts["new"] for row in r.rows] == [2, 1, 3]
    mito_pop = 270685
    assert r.population[D(2020, 3, 1)] - r.population[D(2020, 4, 1)] == mito_pop
    assert survey("08201", D(2020, 3, 1), D(2020, 4, 1)).total.counts["new"] == 2


def test_it_accepts_six_digit_unit_codes_with_check_digit(ibaraki):
    b.case("08202", D(2024, 4, 1))
    b.case("08000", D(2024, 4, 1))
    assert survey("082023", D(2024, 4, 1), D(2024, 4, 1)).total.counts["new"] == 1
    assert survey("080004", D(2024, 4, 1), D(2024, 4, 1)).total.counts["new"] == 1
    with pytest.raises(UnitError):
        resolve_unit("082024")
    with pytest.raises(UnitError):
        resolve_unit("99")
