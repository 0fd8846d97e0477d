import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import HandoffMode, Status
from jiritsu.cases.process import InvalidStep
from jiritsu.cases.selectors import regularisation_gaps
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


def test_it_takes_a_case_from_first_contact_to_closure(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    assert case.status == Status.IN_SUPPORT
    handoff = services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                                program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    assert handoff.is_active
    case = advance_case(world, case, Status.CLOSED)
    assert case.status == Status.CLOSED and case.closure_reason == "goal_achieved"
    assert not case.handoffs.filter(ended_on__isnull=True).exists()
    assert AccessLog.objects.filter(case_id=case.pk, action="create").count() >= 8


def test_it_refuses_a_decision_before_the_meeting_and_changes_nothing(world):
    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    with pytest.raises(InvalidStep) as err:
        services.decide(user=world.admin_a, case=case, decided_on=case.received_on + dt.timedelta(days=30))
    assert err.value.reason == "step_not_allowed_in_status"
    assert "支援決定" in err.value.message
    case.refresh_from_db()
    assert case.status == Status.PLAN_DRAFTED and not case.decisions.exists()


def test_it_lets_urgent_shelter_start_before_a_plan_and_lists_what_is_missing(world):
    case = advance_case(world, new_case(world), Status.APPLIED)
    services.start_urgent_shelter(user=world.worker_a, case=case, provider=world.shelter_provider,
                                  started_on=case.received_on + dt.timedelta(days=1), reason="寮を退去、所持金なし")
    case.refresh_from_db()
    assert case.urgent
    gaps = regularisation_gaps(case)
    assert gaps[0]["handoff"].mode == HandoffMode.URGENT
    assert "支援決定" in gaps[0]["missing"] and "アセスメント" in gaps[0]["missing"]


def test_it_shows_temporary_use_regularised_once_the_plan_is_decided(world):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    services.start_temporary_use(user=world.worker_a, case=case, provider=world.prep_provider,
                                 program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=6),
                                 reason="本人の意欲が高いうちに開始")
    assert regularisation_gaps(case)[0]["missing"]
    case = advance_case(world, case, Status.IN_SUPPORT)
    assert regularisation_gaps(case)[0]["regularised"]


def test_it_refuses_temporary_use_of_shelter(world):
    case = advance_case(world, new_case(world), Status.APPLIED)
    with pytest.raises(InvalidStep) as err:
        services.start_temporary_use(user=world.worker_a, case=case, provider=world.shelter_provider,
                                     program=Program.TEMPORARY_SHELTER, started_on=case.received_on, reason="x")
    assert err.value.reason == "program_not_for_temporary_use"


def test_it_refuses_a_handoff_to_a_provider_outside_the_consent(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT, scope=[world.shelter_provider])
    with pytest.raises(InvalidStep) as err:
        services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                          program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    assert err.value.reason == "consent_does_not_cover_provider"


def test_it_numbers_a_replan_as_a_new_plan_version(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    from tests.factories import plan_data

    plan = services.draft_plan(user=world.worker_a, case=case, data=plan_data(case.received_on + dt.timedelta(days=40), []),
                               goals=[("生活リズムを整える", None)])
    assert plan.number == 2
    case.refresh_from_db()
    assert case.status == Status.PLAN_DRAFTED


def test_it_numbers_cases_per_body_and_fiscal_year(world):
    a = new_case(world, received_on=dt.date(2026, 4, 2))
    b = new_case(world, received_on=dt.date(2026, 5, 2), family_name="佐藤")
    assert (a.case_number, b.case_number) == ("2026-00001", "2026-00002")
