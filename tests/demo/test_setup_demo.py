"""jiritsu setup-demo: who can sign in, what cases exist, and that running it twice changes nothing."""
import datetime as dt
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.budget.models import CashFlow, Debt, Sheet
from jiritsu.cases import policies, selectors
from jiritsu.cases.choices import HandoffMode, Status
from jiritsu.cases.models import Case, Client, Handoff, Meeting, Monitoring, ProgressRecord
from jiritsu.demo import generate
from jiritsu.demo.organisations import DEMO_PASSWORD, build_accounts, build_organisations, demo_usernames
from jiritsu.demo.people import is_fictitious_name
from jiritsu.housing.models import Application
from jiritsu.orgs.loader import load_prefecture
from jiritsu.orgs.models import Organisation, Role, Staff
from jiritsu.prep.models import Booking, Enrolment, Evaluation
from jiritsu.programs.demo import load_demo_agreements

# Every scenario once walked through the services, and 15 past cases imported: small enough to run per test,
# wide enough to cover.
CASES = 41
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def demo(db):
    return generate.setup_demo(cases=CASES)


def _counts():
    return {model.__name__: model.objects.count()
            for model in (Case, Client, Handoff, Meeting, Monitoring, ProgressRecord, Organisation, Staff,
                          get_user_model())}


def test_it_creates_a_user_for_every_role(demo):
    roles = Counter(Staff.objects.filter(user__username__in=demo_usernames()).values_list("role", flat=True))
    assert set(roles) == set(Role.values)


def test_it_gives_every_body_role_to_two_cities_and_the_prefectures_welfare_office(demo):
    for role in (Role.SUPPORT_WORKER, Role.CHIEF, Role.EMPLOYMENT_WORKER, Role.BODY_ADMIN):
        bodies = set(Staff.objects.filter(role=role).values_list("organisation__body__code", flat=True))
        assert {"08201", "08202", "08000"} <= bodies, role
    pref_admin = Staff.objects.get(user__username="pref_admin")
    assert pref_admin.organisation.kind == Organisation.Kind.BODY_OFFICE


def test_it_gives_each_wide_area_provider_a_user(demo):
    providers = Organisation.objects.filter(kind=Organisation.Kind.PROVIDER)
    programs = {p for org in providers for p in org.programs}
    assert {"employment_prep", "household_budget", "temporary_shelter", "community_living"} <= programs
    for provider in providers:
        assert provider.staff.filter(role=Role.PROVIDER_STAFF).exists(), provider.name


def test_it_creates_an_agency_for_every_body_some_contracted(ibaraki, demo):
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
    assert agencies.values("body").distinct().count() == 33
    contracted = agencies.filter(operation=Organisation.Operation.CONTRACTED)
    assert contracted.exists() and agencies.filter(operation=Organisation.Operation.DIRECT).exists()
    assert all("社会福祉協議会" in a.operator_name for a in contracted)


def test_it_lets_every_demo_user_sign_in_with_the_one_password(client, demo):
    users = get_user_model().objects.filter(username__in=demo_usernames())
    assert sorted(u.username for u in users if u.check_password(DEMO_PASSWORD)) == sorted(demo_usernames())
    response = client.post(reverse("login"), {"username": "mito_worker", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_it_puts_cases_in_every_status(demo):
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)


def test_it_spreads_cases_over_bodies_and_twenty_four_months(demo, today):
    assert Case.objects.values("body").distinct().count() >= 5
    oldest = Case.objects.order_by("received_on").first().received_on
    assert today - dt.timedelta(days=730) <= oldest <= today - dt.timedelta(days=270)
    assert not Case.objects.filter(received_on__gt=today).exists()


def test_it_takes_both_special_paths_regularised_and_not(demo):
    for mode in (HandoffMode.TEMPORARY, HandoffMode.URGENT):
        cases = Case.objects.filter(handoffs__mode=mode).distinct()
        regularised = [selectors.regularisation_gaps(c)[0]["regularised"] for c in cases]
        assert True in regularised and False in regularised, mode
    assert Case.objects.filter(urgent=True).exists()


def test_it_hands_cases_to_each_provider(demo):
    for provider in Organisation.objects.filter(kind=Organisation.Kind.PROVIDER):
        assert Handoff.objects.filter(provider=provider).exists(), provider.name
        staff = provider.staff.first().user
        assert policies.visible_cases(staff).exists(), provider.name


def test_it_records_the_work_of_support(demo, today):
    in_support = Case.objects.filter(status=Status.IN_SUPPORT)
    assert ProgressRecord.objects.filter(organisation__kind=Organisation.Kind.PROVIDER).exists()
    assert Monitoring.objects.exists()
    overdue = [c for c in in_support if (due := selectors.monitoring_due(c)) and due < today]
    assert overdue, "some monitoring is overdue"
    assert Case.objects.filter(plans__number=2).exists(), "a re-plan exists"
    assert Meeting.objects.filter(held_on__gt=today, items__isnull=False).exists(), "next meeting has an agenda"
    assert Case.objects.filter(consents__withdrawn_on__isnull=False).exists()


def test_it_uses_only_fictitious_people(demo):
    clients = list(Client.objects.all())
    assert len(clients) == CASES
    for c in clients:
        assert is_fictitious_name(c.family_name), c.full_name
        assert (c.phone_mobile or c.phone_home).startswith("000-"), c.phone_mobile
        assert not re.search(r"\d", c.address), c.address  # town level only, no block or house number
        assert re.fullmatch(r"\d{3}-\d{4}", c.postal_code)


def test_it_shows_no_case_to_users_without_case_access(demo):
    for username in ("policy", "auditor", "developer"):
        user = get_user_model().objects.get(username=username)
        assert not policies.visible_cases(user).exists(), username


def test_it_changes_nothing_when_run_twice(demo):
    before = _counts()
    again = generate.setup_demo(cases=CASES)
    assert again.created == 0
    assert _counts() == before


def test_it_gives_the_same_cases_for_the_same_seed_and_day(ibaraki, today):
    specs = generate.case_specs(100, generate.DEFAULT_SEED, today)
    assert specs == generate.case_specs(100, generate.DEFAULT_SEED, today)
    assert len(specs) == 100


@pytest.mark.parametrize("day", [dt.date(2025, 1, 4), dt.date(2025, 4, 1), dt.date(2026, 8, 31)])
def test_it_walks_every_scenario_to_its_status_whatever_the_day(ibaraki, day):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC), tick=False):
        orgs = build_organisations(load_prefecture())
        build_accounts(orgs)
        load_demo_agreements(providers=list(orgs.providers.values()), case_bodies=list(orgs.teams), today=day)
        calendar = generate.Calendar(day)
        specs = generate.case_specs(len(generate.SCENARIOS), 7, day)
        reached = {s.scenario: generate.run_case(orgs, calendar, s, 7).status for s in specs}
    assert reached == {name: s.reaches for name, s in generate.SCENARIOS.items()}


def test_it_prints_the_logins_and_password_from_the_command(db):
    out = StringIO()
    call_command("setup_demo", cases=30, stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for username in demo_usernames():
        assert username in text
    assert AccessLog.objects.filter(via="command: setup-demo").exists()


def test_it_lists_every_demo_login_in_the_readme():
    text = README.read_text(encoding="utf-8")
    assert DEMO_PASSWORD in text
    for username in demo_usernames():
        assert f"`{username}`" in text, username


def test_it_shows_the_programs_own_work_at_different_stages(demo):
    assert set(Application.objects.values_list("status", flat=True)) == {"applied", "granted", "refused"}
    assert Application.objects.filter(periods__number=2).exists()  # one extended
    assert Sheet.objects.filter(kind="monitoring").exists() and CashFlow.objects.exists() and Debt.objects.exists()
    assert Enrolment.objects.exists() and Evaluation.objects.exists()
    assert Booking.objects.filter(attended=True).exists()
