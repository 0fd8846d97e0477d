"""The case's consent state and due dates, kept by the services for the work lists, always match its records."""
import datetime as dt
import importlib

from django.apps import apps

from jiritsu.cases import selectors, services
from jiritsu.cases.choices import ConsentState, MeetingOutcome, Status
from jiritsu.cases.models import Case
from jiritsu.cases.services import derived
from jiritsu.programs.catalog import PlanService
from tests.factories import advance_case, new_case, plan_data

D = dt.timedelta


def test_it_marks_consent_active_on_application_and_withdrawn_on_withdrawal_until_renewed(world, today):
    case = new_case(world)
    assert case.consent_state == ConsentState.NONE
    case = advance_case(world, case, Status.APPLIED)
    case.refresh_from_db()
    assert case.consent_state == ConsentState.ACTIVE
    services.withdraw_consent(user=world.worker_a, case=case, withdrawn_on=today, note="本人の申出")
    case.refresh_from_db()
    assert case.consent_state == ConsentState.WITHDRAWN
    services.apply_with_consent(user=world.worker_a, case=case, applied_on=today, rules_explained=True,
                                share_agreed=True, scope=[])
    case.refresh_from_db()
    assert case.consent_state == ConsentState.ACTIVE


def test_the_first_monitoring_is_due_an_interval_after_the_decision_then_on_the_date_each_one_sets(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    case.refresh_from_db()
    decided = case.decisions.get().decided_on
    assert case.monitoring_due == decided + D(days=world.hitachi.monitoring_interval_days)
    assert case.evaluation_due == case.plans.get().period_to
    services.record_monitoring(user=world.worker_a, case=case, monitored_on=decided + D(days=30), delivery="順調",
                               next_due=decided + D(days=75))
    # A monitoring recorded later but held earlier does not move the date the latest one set.
    services.record_monitoring(user=world.worker_a, case=case, monitored_on=decided + D(days=10), delivery="順調",
                               next_due=decided + D(days=40))
    case.refresh_from_db()
    assert case.monitoring_due == decided + D(days=75) == selectors.monitoring_due(case)


def test_a_new_decision_moves_the_evaluation_to_the_new_plan_s_end(world, days_ago):
    case = advance_case(world, new_case(world, received_on=days_ago(200)), Status.IN_SUPPORT)
    day = lambda n: case.received_on + D(days=n)  # noqa: E731
    services.draft_plan(user=world.worker_a, case=case, data=plan_data(day(100), [PlanService.EMPLOYMENT_PREP]),
                        goals=[("就職する", None)])
    meeting = services.create_meeting(user=world.chief_a, held_on=day(110))
    item = services.add_to_agenda(user=world.worker_a, meeting=meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    services.decide(user=world.admin_a, case=case, decided_on=day(111))
    case.refresh_from_db()
    assert case.status == Status.IN_SUPPORT
    assert case.evaluation_due == day(100 + 180) == selectors.evaluation_due(case)
    assert case.monitoring_due == day(111 + world.hitachi.monitoring_interval_days)  # no monitoring yet


def test_refresh_and_the_migration_s_backfill_agree_with_what_the_services_kept(world, today, days_ago):
    cases = [new_case(world, given_name="受付", phone="090-1000-0001"),
             advance_case(world, new_case(world, given_name="支援", phone="090-1000-0002"), Status.IN_SUPPORT),
             advance_case(world, new_case(world, given_name="撤回", phone="090-1000-0003"), Status.ASSESSED)]
    services.withdraw_consent(user=world.worker_a, case=cases[2], withdrawn_on=today)
    kept = _derived(cases)
    Case.objects.update(consent_state=ConsentState.NONE, monitoring_due=None, evaluation_due=None)
    derived.refresh(Case.objects.all())
    assert _derived(cases) == kept
    Case.objects.update(consent_state=ConsentState.NONE, monitoring_due=None, evaluation_due=None)
    importlib.import_module("jiritsu.cases.migrations.0004_work_list_columns").fill(apps, None)
    assert _derived(cases) == kept
    assert [k[0] for k in kept] == [ConsentState.NONE, ConsentState.ACTIVE, ConsentState.WITHDRAWN]
    assert kept[1][1] is not None and kept[1][2] is not None


def _derived(cases):
    return [tuple(Case.objects.values_list(*derived.FIELDS).get(pk=c.pk)) for c in cases]
