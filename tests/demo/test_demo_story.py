"""The demo tells the seed's story in every body (issue 19): cases in all 33 bodies in proportion to their
population, 就労 and 増収, plans that follow from the person's wish, the towns' agency run directly, and the
past brought in through the ledger import, once, whatever the day."""
import datetime as dt
from collections import Counter

import pytest
import time_machine

from jiritsu.audit.chain import verify
from jiritsu.cases.importing import IMPORT_USERNAME
from jiritsu.cases.models import Case, Outcome, Plan
from jiritsu.demo import generate, history
from jiritsu.demo.organisations import CASE_BODIES
from jiritsu.demo.stories import STORIES
from jiritsu.orgs.models import Body, Organisation

SMALL = 41  # every scenario walked once, 15 past cases imported
WIDE = 240  # enough past cases for every body to have some


@pytest.fixture
def small_demo(db):
    return generate.setup_demo(cases=SMALL)


@pytest.fixture
def wide_demo(db):
    return generate.setup_demo(cases=WIDE)


def test_every_body_has_cases_in_proportion_to_its_population(wide_demo):
    counts = Counter(Case.objects.values_list("body__code", flat=True))
    assert sum(counts.values()) == WIDE
    assert set(counts) == set(Body.objects.values_list("code", flat=True)) and len(counts) == 33
    population = history.population_by_body()
    whole = sum(population.values())
    for code, people in population.items():
        share = WIDE * people / whole
        # The bodies whose staff work cases hold their walked cases on top of a smaller imported share.
        assert abs(counts[code] - share) <= max(3, share * 0.6), (code, counts[code], share)
    largest, smallest = max(population, key=population.get), min(population, key=population.get)
    assert counts[largest] > 4 * counts[smallest]


def test_people_find_work_and_earn_more_and_the_rates_are_not_zero(wide_demo):
    plans = Case.objects.filter(plans__isnull=False).distinct().count()
    employed = Case.objects.filter(outcomes__kind=Outcome.Kind.EMPLOYED).distinct().count()
    raised = Case.objects.filter(outcomes__kind=Outcome.Kind.INCOME_INCREASED).distinct().count()
    assert 0.1 * plans <= employed <= 0.6 * plans
    assert 0 < raised < employed + plans * 0.2
    # Every fiscal year of the last 24 months has new consultations, closures and first plans.
    assert Case.objects.filter(received_by__username=IMPORT_USERNAME).exclude(status="closed").exists()
    assert Case.objects.filter(received_by__username=IMPORT_USERNAME, status="closed").count() > WIDE / 2


def test_the_bodies_with_staff_hold_only_closed_past_cases(wide_demo):
    staffed = {code for code, _, _ in CASE_BODIES}
    past = Case.objects.filter(received_by__username=IMPORT_USERNAME, body__code__in=staffed)
    assert past.exists() and not past.exclude(status="closed").exists()


def test_each_walked_plan_follows_from_the_persons_wish(small_demo):
    by_wish = {s.wishes: s for s in STORIES}
    plans = Plan.objects.exclude(case__received_by__username=IMPORT_USERNAME).prefetch_related("goals")
    assert plans.exists()
    for plan in plans:
        story = by_wish[plan.wishes]
        assert {s.value for s in story.services} <= set(plan.services), (plan.wishes, plan.services)
        assert [g.goal for g in plan.goals.all()] == list(story.goals)
        assert plan.work_support_target == story.works


def test_the_towns_and_villages_agency_is_run_directly_as_the_seed_says(small_demo):
    agency = Organisation.objects.get(kind=Organisation.Kind.AGENCY, body__code="08000")
    assert agency.operation == Organisation.Operation.DIRECT and agency.operator_name == ""


def test_running_the_demo_again_a_month_later_imports_nothing_twice_and_the_audit_chain_holds(small_demo, today):
    count = Case.objects.count()
    later = today + dt.timedelta(days=35)
    with time_machine.travel(dt.datetime(later.year, later.month, later.day, 10, tzinfo=dt.UTC), tick=False):
        again = generate.setup_demo(cases=SMALL)
    assert again.created == 0 and Case.objects.count() == count
    assert verify().intact


def test_the_past_is_the_same_ledger_for_the_same_seed_and_day(ibaraki, today):
    codes = {b: ["3100015"] for b in Body.objects.values_list("code", flat=True)}
    counts = history.shares(50, {"08201": 3, "08202": 2, "08214": 1})
    first = history.ledger(counts, seed=1, today=today, postal_codes=codes, staffed={"08201"})
    assert first == history.ledger(counts, seed=1, today=today, postal_codes=codes, staffed={"08201"})
    assert first.count("\n") == 51 and sum(counts.values()) == 50
