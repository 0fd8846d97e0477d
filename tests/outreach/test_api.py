"""The outreach API: visits, meetings and surveys for the prefecture and the concerned body only, as the
pages show them; a body answers the surveys sent to it."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.outreach.models import Meeting, Response
from jiritsu.outreach.services import meetings, surveys, visits
from tests.api.conftest import ApiCaller
from tests.outreach.conftest import sent_survey, visit_to

OUTSIDERS = ["prep_staff", "developer", "auditor"]


@pytest.fixture
def api(client):
    return ApiCaller(client)


@pytest.fixture
def records(world):
    visit = visit_to(world, topics="日立だけの協議")
    visits.add_follow_up(user=world.policy, visit=visit, action="日立への宿題", due_on=dt.date(2025, 6, 1))
    meeting = meetings.save_meeting(user=world.policy, invited=[world.hitachi, world.tsuchiura], data={
        "kind": Meeting.Kind.STUDY, "title": "二市の勉強会", "held_on": dt.date(2025, 6, 1), "agenda": "制度"})
    return {"visit": visit, "meeting": meeting}


def test_the_prefecture_and_the_body_read_its_visits_with_follow_ups(api, world, records):
    visit = records["visit"]
    for user in (world.policy, world.admin_a, world.worker_a):
        body = api.as_(user).get("/api/outreach/visits").json()
        assert [v["id"] for v in body["items"]] == [visit.pk], user.username
        assert body["items"][0]["follow_ups"][0]["action"] == "日立への宿題"
        assert api.as_(user).get(f"/api/outreach/visits/{visit.pk}").json()["topics"] == "日立だけの協議"


def test_another_bodys_visit_is_not_found_and_outsiders_are_refused(api, world, records, admin_b):
    visit = records["visit"]
    for user in (world.worker_b, admin_b):
        assert api.as_(user).get(f"/api/outreach/visits/{visit.pk}").status_code == 404
        assert api.as_(user).get("/api/outreach/visits").json()["items"] == []
    for name in OUTSIDERS:
        user = getattr(world, name)
        assert api.as_(user).get("/api/outreach/visits").status_code == 403, name
        assert api.as_(user).get("/api/outreach/meetings").status_code == 403, name
        assert api.as_(user).get("/api/outreach/surveys").status_code == 403, name


def test_visits_page_and_filter_by_body(api, world):
    for day in range(1, 4):
        visit_to(world, on=dt.date(2025, 5, day))
    visit_to(world, body=world.tsuchiura)
    caller = api.as_(world.policy)
    first = caller.get("/api/outreach/visits", per_page=2).json()
    assert (first["count"], first["pages"], len(first["items"])) == (4, 2, 2)
    assert first["links"]["next"].endswith("page=2")
    assert caller.get("/api/outreach/visits", page=3, per_page=2).json()["items"] == []
    only = caller.get("/api/outreach/visits", body_id=world.tsuchiura.pk).json()
    assert [v["body_id"] for v in only["items"]] == [world.tsuchiura.pk]
    assert caller.get("/api/outreach/visits", body_id=2**70).status_code == 422


def test_a_body_sees_only_its_own_place_at_a_meeting(api, world, records, admin_b):
    meeting = records["meeting"]
    whole = api.as_(world.policy).get(f"/api/outreach/meetings/{meeting.pk}").json()
    assert [b["body_id"] for b in whole["bodies"]] == [world.hitachi.pk, world.tsuchiura.pk]
    own = api.as_(world.worker_a).get(f"/api/outreach/meetings/{meeting.pk}").json()
    assert [b["body_id"] for b in own["bodies"]] == [world.hitachi.pk]
    assert [m["id"] for m in api.as_(admin_b).get("/api/outreach/meetings").json()["items"]] == [meeting.pk]


def test_a_meeting_the_body_was_not_invited_to_is_not_found(api, world, admin_b):
    only_hitachi = meetings.save_meeting(user=world.policy, invited=[world.hitachi], data={
        "kind": Meeting.Kind.STUDY, "title": "日立向け", "held_on": dt.date(2025, 6, 1), "agenda": "制度"})
    assert api.as_(admin_b).get(f"/api/outreach/meetings/{only_hitachi.pk}").status_code == 404
    assert api.as_(admin_b).get("/api/outreach/meetings").json()["count"] == 0


def test_a_body_answers_a_survey_sent_to_it_and_the_answer_is_recorded(api, world):
    survey, q1, q2 = sent_survey(world)
    caller = api.as_(world.admin_a)
    listed = caller.get("/api/outreach/surveys").json()["items"]
    assert [(s["id"], s["answered"]) for s in listed] == [(survey.pk, False)]
    answered = caller.post(f"/api/outreach/surveys/{survey.pk}/answers",
                           {"answers": {q1.pk: "参加したい", q2.pk: "事例がほしい"}, "version": 0})
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert body["own"]["values"] == {str(q1.pk): "参加したい", str(q2.pk): "事例がほしい"}
    assert body["answered"] and body["results"] is None
    assert AccessLog.objects.filter(user=world.admin_a, action="update", what__contains="意向調査への回答").exists()
    assert caller.get("/api/outreach/surveys").json()["items"][0]["answered"]
    stale = caller.post(f"/api/outreach/surveys/{survey.pk}/answers",
                        {"answers": {q1.pk: "検討中"}, "version": 0})
    assert stale.status_code == 409
    assert Response.objects.get().answers.get(question=q1).value == "参加したい"


def test_a_choice_outside_the_list_is_refused_and_nothing_is_saved(api, world):
    survey, q1, _q2 = sent_survey(world)
    refused = api.as_(world.admin_a).post(f"/api/outreach/surveys/{survey.pk}/answers",
                                          {"answers": {q1.pk: "たぶん"}, "version": 0})
    assert refused.status_code == 422 and refused.json()["reason"]
    assert not Response.objects.exists()


def test_only_the_bodies_sent_to_may_answer(api, world, admin_b):
    survey, q1, _q2 = sent_survey(world, bodies=[world.hitachi])
    data = {"answers": {q1.pk: "参加したい"}, "version": 0}
    assert api.as_(admin_b).post(f"/api/outreach/surveys/{survey.pk}/answers", data).status_code == 404
    assert api.as_(world.policy).post(f"/api/outreach/surveys/{survey.pk}/answers", data).status_code == 403
    assert api.as_(world.auditor).post(f"/api/outreach/surveys/{survey.pk}/answers", data).status_code == 404
    assert not Response.objects.exists()


def test_answers_stay_the_bodys_own_until_results_are_published(api, world, admin_b):
    survey, q1, q2 = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "参加したい", q2.pk: "日立の要望"})
    theirs = api.as_(admin_b).get(f"/api/outreach/surveys/{survey.pk}").json()
    assert theirs["own"]["values"] == {} and theirs["results"] is None and theirs["status_rows"] is None
    prefecture = api.as_(world.policy).get(f"/api/outreach/surveys/{survey.pk}").json()
    assert prefecture["results"]["questions"][1]["texts"] == [{"body": world.hitachi.name, "text": "日立の要望"}]
    assert [r["answerer_name"] is not None for r in prefecture["status_rows"]] == [True, False]
    surveys.publish_results(user=world.policy, survey=survey, published_on=dt.date(2025, 8, 1),
                            expected_version=survey.version)
    published = api.as_(admin_b).get(f"/api/outreach/surveys/{survey.pk}").json()
    assert published["results"]["questions"][1]["texts"] == [{"body": "", "text": "日立の要望"}]
    assert published["results"]["questions"][0]["counts"][0] == {"choice": "参加したい", "count": 1, "percent": 100.0}
