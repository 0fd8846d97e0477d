"""Both special paths through the API: urgent 一時生活支援 before a plan and temporary use during
assessment; the case shows what is still missing until they are regularised."""
import datetime as dt

from jiritsu.cases.choices import Status
from tests.factories import advance_case, new_case


def test_it_starts_urgent_shelter_on_the_day_of_application_and_shows_what_is_missing(api, world):
    case = advance_case(world, new_case(world), Status.APPLIED)
    worker = api.as_(world.worker_a)
    response = worker.post(f"/api/cases/{case.pk}/urgent-shelter", {
        "provider_id": world.shelter_provider.pk, "started_on": case.received_on.isoformat(),
        "reason": "今夜の宿泊先がない"})
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "applied"  # the status does not move: the plan follows later
    detail = worker.get(f"/api/cases/{case.pk}").json()
    assert detail["urgent"] is True
    [gap] = detail["regularisation_gaps"]
    assert gap["mode"] == "urgent" and gap["program"] == "temporary_shelter"
    assert gap["missing"][0] == "アセスメント" and "支援決定" in gap["missing"]

    shelter = api.as_(world.shelter_staff).get(f"/api/cases/{case.pk}")
    assert shelter.status_code == 200
    assert shelter.json()["regularisation_gaps"] == []  # the owner's work list, not the provider's


def test_it_regularises_urgent_shelter_through_plan_meeting_and_decision(api, world):
    case = advance_case(world, new_case(world), Status.APPLIED)
    worker = api.as_(world.worker_a)
    worker.post(f"/api/cases/{case.pk}/urgent-shelter", {
        "provider_id": world.shelter_provider.pk, "started_on": case.received_on.isoformat(), "reason": "住居喪失"})
    from jiritsu.programs.catalog import PlanService

    advance_case(world, case, Status.IN_SUPPORT, services_used=(PlanService.TEMPORARY_SHELTER,))
    assert worker.get(f"/api/cases/{case.pk}").json()["regularisation_gaps"] == []


def test_it_allows_temporary_use_during_assessment_only_for_its_programs(api, world):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    worker = api.as_(world.worker_a)
    start = (case.received_on + dt.timedelta(days=6)).isoformat()
    shelter = worker.post(f"/api/cases/{case.pk}/temporary-use", {
        "provider_id": world.shelter_provider.pk, "program": "temporary_shelter", "started_on": start, "reason": "x"})
    assert shelter.status_code == 409 and shelter.json()["reason"] == "program_not_for_temporary_use"
    missing_reason = worker.post(f"/api/cases/{case.pk}/temporary-use", {
        "provider_id": world.prep_provider.pk, "program": "employment_prep", "started_on": start, "reason": " "})
    assert missing_reason.status_code == 422
    assert missing_reason.json()["errors"] == {"reason": ["一時的利用とする理由を入力してください。"]}
    ok = worker.post(f"/api/cases/{case.pk}/temporary-use", {
        "provider_id": world.prep_provider.pk, "program": "employment_prep", "started_on": start,
        "reason": "早期に生活リズムを整えるため"})
    assert ok.status_code == 201
    [gap] = worker.get(f"/api/cases/{case.pk}").json()["regularisation_gaps"]
    assert gap["mode"] == "temporary" and "アセスメント" not in gap["missing"]
    assert api.as_(world.prep_staff).get(f"/api/cases/{case.pk}").status_code == 200


def test_it_ends_a_hand_off_and_the_provider_loses_the_case(api, world):
    case = advance_case(world, new_case(world), Status.APPLIED)
    worker = api.as_(world.worker_a)
    worker.post(f"/api/cases/{case.pk}/urgent-shelter", {
        "provider_id": world.shelter_provider.pk, "started_on": case.received_on.isoformat(), "reason": "住居喪失"})
    handoff_id = worker.get(f"/api/cases/{case.pk}").json()["handoffs"][0]["id"]
    too_early = worker.post(f"/api/handoffs/{handoff_id}/end", {"ended_on": "2000-01-01", "reason": "退所"})
    assert too_early.status_code == 422 and "ended_on" in too_early.json()["errors"]
    ended = worker.post(f"/api/handoffs/{handoff_id}/end", {
        "ended_on": (case.received_on + dt.timedelta(days=10)).isoformat(), "reason": "アパートへ転居"})
    assert ended.status_code == 200
    assert api.as_(world.shelter_staff).get(f"/api/cases/{case.pk}").status_code == 404
    again = worker.post(f"/api/handoffs/{handoff_id}/end", {
        "ended_on": (case.received_on + dt.timedelta(days=10)).isoformat(), "reason": "x"})
    assert again.status_code == 409 and again.json()["reason"] == "handoff_already_ended"
