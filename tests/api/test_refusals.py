"""Steps the process or the role does not allow: refused with a machine-readable reason, nothing changed."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Decision, Handoff, Plan
from tests.factories import advance_case, new_case


def test_it_refuses_a_step_the_process_does_not_allow_and_changes_nothing(api, world):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    version, logged = case.version, AccessLog.objects.count()
    response = api.as_(world.admin_a).post(f"/api/cases/{case.pk}/decision", {
        "decided_on": (case.received_on + dt.timedelta(days=7)).isoformat()})
    assert response.status_code == 409
    assert response.json() == {
        "reason": "step_not_allowed_in_status",
        "message": "このケースは「アセスメント済（プラン案作成待ち）」のため、「支援決定」はできません。",
    }
    case.refresh_from_db()
    assert (case.status, case.version) == (Status.ASSESSED, version)
    assert not Decision.objects.exists() and AccessLog.objects.count() == logged


def test_it_refuses_a_hand_off_the_consent_does_not_cover(api, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT, scope=[world.shelter_provider])
    response = api.as_(world.worker_a).post(f"/api/cases/{case.pk}/handoffs", {
        "provider_id": world.prep_provider.pk, "program": "employment_prep",
        "started_on": (case.received_on + dt.timedelta(days=22)).isoformat()})
    assert response.status_code == 409
    assert response.json()["reason"] == "consent_does_not_cover_provider"
    assert not Handoff.objects.exists()


def test_it_refuses_closing_on_achieved_goals_without_a_confirmed_evaluation(api, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    response = api.as_(world.worker_a).post(f"/api/cases/{case.pk}/close", {
        "closed_on": (case.received_on + dt.timedelta(days=30)).isoformat(), "reason": "goal_achieved"})
    assert response.status_code == 409 and response.json()["reason"] == "evaluation_not_confirmed_for_closure"
    case.refresh_from_db()
    assert case.status == Status.IN_SUPPORT


def test_it_refuses_changing_a_plan_the_meeting_approved(api, world):
    case = advance_case(world, new_case(world), Status.PLAN_APPROVED)
    plan = Plan.objects.get(case=case)
    response = api.as_(world.worker_a).patch(f"/api/plans/{plan.pk}", {
        "version": plan.version, "drafted_on": plan.drafted_on.isoformat(), "wishes": "変更", "problems": "p",
        "support_content": "s", "period_from": plan.period_from.isoformat(), "period_to": plan.period_to.isoformat(),
        "goals": [{"goal": "g"}]})
    assert response.status_code == 409 and response.json()["reason"] == "plan_not_draft"
    plan.refresh_from_db()
    assert plan.wishes == "働きたい"


def test_it_edits_a_draft_plan_with_its_version(api, world):
    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    plan = Plan.objects.get(case=case)
    body = {"version": plan.version, "drafted_on": plan.drafted_on.isoformat(), "wishes": "早く働きたい",
            "problems": "p", "support_content": "s", "period_from": plan.period_from.isoformat(),
            "period_to": plan.period_to.isoformat(), "goals": [{"goal": "面接を受ける", "target_date": "R20.1.1"}]}
    assert api.as_(world.worker_a).patch(f"/api/plans/{plan.pk}", body).status_code == 200
    stale = api.as_(world.worker_a).patch(f"/api/plans/{plan.pk}", body)
    assert stale.status_code == 409 and stale.json()["reason"] == "edit_conflict"
    plan.refresh_from_db()
    assert plan.wishes == "早く働きたい" and plan.goals.get().target_date == dt.date(2038, 1, 1)


@pytest.mark.parametrize("who", ["prep_staff", "admin_a"])
def test_it_answers_403_when_the_case_is_in_scope_but_the_role_may_not(api, world, who):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    from jiritsu.cases import services
    from jiritsu.programs.catalog import Program

    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=case.received_on + dt.timedelta(days=22))
    response = api.as_(getattr(world, who)).post(f"/api/cases/{case.pk}/monitoring", {
        "monitored_on": (case.received_on + dt.timedelta(days=40)).isoformat(), "delivery": "x"})
    assert response.status_code == 403
    assert response.json()["reason"] == "not_permitted" and "権限" in response.json()["message"]


def test_it_lets_only_chiefs_and_administrators_hold_meetings(api, world, today):
    response = api.as_(world.worker_a).post("/api/meetings", {"held_on": today.isoformat()})
    assert response.status_code == 403


def test_it_updates_a_meeting_with_its_version(api, world, today):
    chief = api.as_(world.chief_a)
    meeting = chief.post("/api/meetings", {"held_on": "R7.1.10", "place": "市役所"}).json()
    assert meeting["held_on"] == "2025-01-10"
    updated = chief.patch(f"/api/meetings/{meeting['id']}", {"version": meeting["version"], "minutes": "全件了承"})
    assert updated.status_code == 200 and updated.json()["minutes"] == "全件了承"
    stale = chief.patch(f"/api/meetings/{meeting['id']}", {"version": meeting["version"], "minutes": "上書き"})
    assert stale.status_code == 409 and stale.json()["reason"] == "edit_conflict"
