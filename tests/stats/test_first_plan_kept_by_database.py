"""The survey reads each case's first decided plan from FirstPlan, which the database keeps (cases migration
0004). Whatever writes the decisions, plans or cases — services, import, admin, bulk SQL — the survey must
count exactly what the decisions say."""
import datetime as dt

import pytest

from jiritsu.cases.models import Decision, FirstPlan, Plan
from jiritsu.orgs.models import Body
from jiritsu.stats.survey import monthly_survey, resolve_unit

from .builders import case, plan

D = dt.date


def plans_in(code, month):
    report = monthly_survey(resolve_unit(code), month, month)
    return report.rows[0].counts


@pytest.fixture
def hitachi_case(ibaraki):
    return case("08202", D(2024, 4, 3))


def test_a_decided_first_plan_counts_in_its_month_with_its_flags(hitachi_case):
    plan(hitachi_case, 1, D(2024, 5, 10), services=["employment_prep"], work_support_target=True)

    counts = plans_in("08202", D(2024, 5, 1))
    assert (counts["plans"], counts["work_support"], counts["service:employment_prep"]) == (1, 1, 1)


def test_a_later_replan_does_not_move_the_first_plan(hitachi_case):
    plan(hitachi_case, 1, D(2024, 5, 10))
    plan(hitachi_case, 2, D(2024, 9, 2), work_support_target=True)

    assert plans_in("08202", D(2024, 5, 1))["plans"] == 1
    assert plans_in("08202", D(2024, 9, 1))["plans"] == 0
    assert FirstPlan.objects.get(case=hitachi_case).decided_on == D(2024, 5, 10)


def test_a_lower_numbered_plan_decided_afterwards_becomes_the_first(hitachi_case):
    late = plan(hitachi_case, 1, None)
    plan(hitachi_case, 2, D(2024, 6, 1))
    Decision.objects.create(case=hitachi_case, plan=late, decided_on=D(2024, 7, 1), decided_by=late.recorded_by)

    assert plans_in("08202", D(2024, 6, 1))["plans"] == 0
    assert plans_in("08202", D(2024, 7, 1))["plans"] == 1


def test_removing_the_first_decision_falls_back_to_the_next_decided_plan(hitachi_case):
    first = plan(hitachi_case, 1, D(2024, 5, 10))
    plan(hitachi_case, 2, D(2024, 9, 2))
    Decision.objects.filter(plan=first).delete()

    assert plans_in("08202", D(2024, 5, 1))["plans"] == 0
    assert plans_in("08202", D(2024, 9, 1))["plans"] == 1


def test_a_case_with_no_decision_left_has_no_first_plan(hitachi_case):
    only = plan(hitachi_case, 1, D(2024, 5, 10))
    Decision.objects.filter(plan=only).delete()

    assert not FirstPlan.objects.filter(case=hitachi_case).exists()


def test_a_changed_decision_date_or_plan_flag_is_followed(hitachi_case):
    first = plan(hitachi_case, 1, D(2024, 5, 10))
    Decision.objects.filter(plan=first).update(decided_on=D(2024, 6, 20))
    Plan.objects.filter(pk=first.pk).update(work_support_target=True, services=["household_budget"])

    counts = plans_in("08202", D(2024, 6, 1))
    assert (counts["plans"], counts["work_support"], counts["service:household_budget"]) == (1, 1, 1)
    assert plans_in("08202", D(2024, 5, 1))["plans"] == 0


def test_a_case_moved_to_another_body_counts_there(hitachi_case):
    plan(hitachi_case, 1, D(2024, 5, 10))
    type(hitachi_case).objects.filter(pk=hitachi_case.pk).update(body=Body.objects.get(code="08203"))

    assert plans_in("08202", D(2024, 5, 1))["plans"] == 0
    assert plans_in("08203", D(2024, 5, 1))["plans"] == 1


def test_deleting_a_case_leaves_no_first_plan_behind(hitachi_case):
    plan(hitachi_case, 1, D(2024, 5, 10))
    hitachi_case.delete()

    assert not FirstPlan.objects.exists()
