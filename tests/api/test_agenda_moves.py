"""The agenda through the API: withdraw, move (to a named meeting or today's 臨時 one), re-table at the same
meeting; refusals come back as JSON with reason and message."""
import datetime as dt

import pytest

from jiritsu.cases import services
from jiritsu.cases.choices import MeetingOutcome, Status
from tests.factories import advance_case, new_case


@pytest.fixture
def tabled(world, today):
    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    later = services.create_meeting(user=world.chief_a, held_on=today + dt.timedelta(days=14))
    return services.add_to_agenda(user=world.worker_a, meeting=later, case=case)


def test_it_moves_an_item_to_todays_extraordinary_meeting_and_records_the_result(api, world, tabled, today):
    chief = api.as_(world.chief_a)
    early = chief.post(f"/api/agenda-items/{tabled.pk}/outcome", {"outcome": "approved"})
    assert early.status_code == 409 and early.json()["reason"] == "meeting_not_held"
    moved = chief.post(f"/api/agenda-items/{tabled.pk}/move", {})
    assert moved.status_code == 201 and moved.json()["moved_from_id"] == tabled.pk
    assert moved.json()["held_on"] == today.isoformat()
    kinds = {m["id"]: m["kind"] for m in chief.get("/api/meetings").json()["items"]}
    assert kinds[moved.json()["meeting_id"]] == "extraordinary" and kinds[tabled.meeting_id] == "regular"
    done = chief.post(f"/api/agenda-items/{moved.json()['id']}/outcome", {"outcome": "approved"})
    assert done.status_code == 200
    tabled.case.refresh_from_db()
    assert tabled.case.status == Status.PLAN_APPROVED


def test_it_withdraws_an_item_once(api, world, tabled):
    worker = api.as_(world.worker_a)
    assert worker.post(f"/api/agenda-items/{tabled.pk}/withdraw", {"reason": ""}).status_code == 422
    ok = worker.post(f"/api/agenda-items/{tabled.pk}/withdraw", {"reason": "見直す"})
    assert ok.status_code == 200 and ok.json()["outcome"] == MeetingOutcome.WITHDRAWN
    again = worker.post(f"/api/agenda-items/{tabled.pk}/withdraw", {"reason": "見直す"})
    assert again.status_code == 409 and again.json()["reason"] == "agenda_item_decided"


def test_it_refuses_a_worker_opening_an_extraordinary_meeting_with_403(api, world, tabled):
    res = api.as_(world.worker_a).post(f"/api/agenda-items/{tabled.pk}/move", {})
    assert res.status_code == 403 and res.json()["reason"]
    tabled.refresh_from_db()
    assert tabled.outcome == MeetingOutcome.PENDING


def test_it_answers_a_move_to_an_unknown_meeting_with_404(api, world, tabled):
    res = api.as_(world.worker_a).post(f"/api/agenda-items/{tabled.pk}/move", {"meeting_id": 10**9})
    assert res.status_code == 404


def test_it_re_tables_a_returned_plan_at_the_same_meeting(api, world, today):
    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    meeting = services.create_meeting(user=world.chief_a, held_on=today)
    chief = api.as_(world.chief_a)
    first = chief.post(f"/api/meetings/{meeting.pk}/agenda", {"case_id": case.pk}).json()
    chief.post(f"/api/agenda-items/{first['id']}/outcome", {"outcome": "revise", "note": "修正"})
    second = chief.post(f"/api/meetings/{meeting.pk}/agenda", {"case_id": case.pk})
    assert second.status_code == 201 and second.json()["id"] != first["id"]


def test_the_api_refuses_an_omitting_plan_unless_confirmed_and_reports_regularisation(api, world, today):
    case = advance_case(world, new_case(world), Status.APPLIED)
    services.start_urgent_shelter(user=world.worker_a, case=case, provider=world.shelter_provider,
                                  started_on=case.received_on, reason="今夜の宿泊先がない")
    advance_case(world, case, Status.PLAN_DRAFTED)  # a plan without 一時生活支援
    meeting = services.create_meeting(user=world.chief_a, held_on=today)
    worker = api.as_(world.worker_a)
    refused = worker.post(f"/api/meetings/{meeting.pk}/agenda", {"case_id": case.pk})
    assert refused.status_code == 409 and refused.json()["reason"] == "plan_omits_program_in_use"
    assert worker.post(f"/api/meetings/{meeting.pk}/agenda",
                       {"case_id": case.pk, "accept_omissions": True}).status_code == 201
    [handoff] = worker.get(f"/api/cases/{case.pk}").json()["handoffs"]
    assert handoff["regularised"] is False
