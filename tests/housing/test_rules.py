"""The benefit's rules on boundary amounts: one yen under and over each limit, for each household size."""
import datetime as dt

import pytest

from jiritsu.housing import rules

from .conftest import AMOUNTS

DAY = dt.date(2026, 6, 15)


def figures(size, *, income=0, assets=0, rent=30_000, cause="left_job", lost_on=DAY - dt.timedelta(days=30),
            hellowork=True):
    return rules.Figures(DAY, size, income, assets, rent, cause, lost_on, hellowork)


def limits(size):
    return rules.Limits(size, *AMOUNTS[size])


@pytest.mark.parametrize("size", sorted(AMOUNTS))
def test_income_up_to_the_base_plus_the_counted_rent_is_eligible_and_a_yen_more_is_not(size):
    base, cap = AMOUNTS[size]
    rent = cap + 10_000  # a rent above the cap counts only up to the cap
    assert rules.refusal_reasons(figures(size, income=base + cap, rent=rent), limits(size)) == []
    [reason] = rules.refusal_reasons(figures(size, income=base + cap + 1, rent=rent), limits(size))
    assert f"{base + cap:,}円" in reason and "収入" in reason


@pytest.mark.parametrize("size", sorted(AMOUNTS))
def test_assets_up_to_six_times_the_base_but_never_above_a_million_are_eligible(size):
    base, _cap = AMOUNTS[size]
    ceiling = min(base * 6, 1_000_000)
    assert rules.refusal_reasons(figures(size, assets=ceiling), limits(size)) == []
    [reason] = rules.refusal_reasons(figures(size, assets=ceiling + 1), limits(size))
    assert f"{ceiling:,}円" in reason and "資産" in reason


def test_a_large_household_is_held_to_the_million_yen_ceiling_not_six_times_its_base():
    assert limits(3).asset_limit == 840_000 and limits(4).asset_limit == 1_000_000


def test_the_amount_is_the_rent_up_to_the_cap_then_less_what_income_exceeds_the_base_by():
    one = limits(1)  # base 78,000, cap 37,200
    assert rules.monthly_amount(figures(1, income=78_000, rent=30_000), one) == 30_000
    assert rules.monthly_amount(figures(1, income=0, rent=50_000), one) == 37_200
    assert rules.monthly_amount(figures(1, income=90_000, rent=30_000), one) == 18_000
    assert rules.monthly_amount(figures(1, income=80_000, rent=50_000), one) == 37_200  # 48,000 capped
    assert rules.monthly_amount(figures(1, income=78_000 + 37_200, rent=37_200), one) == 0


def test_a_job_lost_two_years_before_the_application_is_the_earliest_that_counts():
    earliest = dt.date(2024, 6, 15)
    assert rules.refusal_reasons(figures(1, lost_on=earliest), limits(1)) == []
    [reason] = rules.refusal_reasons(figures(1, lost_on=earliest - dt.timedelta(days=1)), limits(1))
    assert "令和6年6月14日" in reason and "2年" in reason
    assert rules.refusal_reasons(figures(1, cause="income_drop", lost_on=None), limits(1)) == []


def test_without_hello_work_or_without_the_bodys_amounts_it_says_why():
    assert "ハローワーク" in rules.refusal_reasons(figures(1, hellowork=False), limits(1))[0]
    assert "設定されていません" in rules.refusal_reasons(figures(5), None)[0]


def test_a_month_owes_one_application_for_each_week_beginning_in_it():
    assert rules.weeks_in(dt.date(2026, 6, 1)) == 5  # Mondays 1, 8, 15, 22, 29
    assert rules.weeks_in(dt.date(2026, 2, 1)) == 4
    june = dt.date(2026, 6, 1)
    assert rules.shortfalls(june, interviews=4, hellowork=2, applications=5) == []
    short = rules.shortfalls(june, interviews=3, hellowork=1, applications=4)
    assert len(short) == 3 and "3回" in short[0] and "5回以上" in short[2]
