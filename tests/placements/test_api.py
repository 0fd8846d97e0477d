"""The placements API: sites and tasks for their readers, pseudonymous profiles for the developer, the developer's
proposal and proposing, matches with the agency's confirmation, the first day and what follows, tours; scoped and
audited as the pages, answering what the pages show."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services as case_services
from jiritsu.cases.models import Outcome
from jiritsu.placements import services
from jiritsu.placements.models import FirstUse, Match, Tour, TourRegistration
from tests.api.conftest import ApiCaller

from .conftest import profile_for, site_with_task


@pytest.fixture
def api(client):
    return ApiCaller(client)


@pytest.fixture
def proposed(world, person, today):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    match, = services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    return match


def test_sites_and_tasks_are_read_by_the_developer_and_agencies_but_not_the_prefecture(api, world, today):
    site, task = site_with_task(world)
    for user in (world.developer, world.worker_a, world.worker_b):
        body = api.as_(user).get("/api/placements/sites").json()
        assert [s["id"] for s in body["items"]] == [site.pk] and body["items"][0]["tasks"][0]["id"] == task.pk
    assert api.as_(world.policy).get("/api/placements/sites").status_code == 403
    tasks = api.as_(world.worker_a).get("/api/placements/tasks", available_on=today.isoformat()).json()
    assert [t["id"] for t in tasks["items"]] == [task.pk]
    assert api.as_(world.worker_a).get(f"/api/placements/sites/{site.pk + 999}").status_code == 404


def test_the_developer_sees_profiles_by_pseudonym_only_and_the_read_is_audited(api, world, person):
    profile = profile_for(world, person)
    body = api.as_(world.developer).get("/api/placements/profiles").json()
    assert [p["code"] for p in body["items"]] == [profile.code]
    assert body["items"][0]["case_id"] is None and person.client.family_name not in str(body)
    assert AccessLog.objects.filter(case_id=person.pk, user=world.developer, what__contains="仮名").exists()
    agency = api.as_(world.worker_a).get("/api/placements/profiles").json()
    assert agency["items"][0]["case_id"] == person.pk
    assert api.as_(world.worker_b).get("/api/placements/profiles").json()["count"] == 0


def test_the_agency_confirms_and_only_then_the_developer_sees_the_name(api, world, proposed, today):
    developer = api.as_(world.developer)
    before = developer.get(f"/api/placements/matches/{proposed.pk}").json()
    assert before["person"] is None and before["case_id"] is None
    refused = api.as_(world.worker_a).post(f"/api/placements/matches/{proposed.pk}/confirm",
                                           {"consent_given": False, "consent_on": today.isoformat()})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["consent_given"]
    confirmed = api.as_(world.worker_a).post(f"/api/placements/matches/{proposed.pk}/confirm",
                                             {"consent_given": True, "consent_on": today.isoformat()})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == Match.Status.CONFIRMED
    after = developer.get(f"/api/placements/matches/{proposed.pk}").json()
    assert after["person"] == proposed.profile.case.client.full_name
    assert AccessLog.objects.filter(case_id=proposed.profile.case_id, user=world.developer,
                                    what__contains="氏名").exists()
    again = api.as_(world.worker_a).post(f"/api/placements/matches/{proposed.pk}/confirm",
                                         {"consent_given": True, "consent_on": today.isoformat()})
    assert again.status_code == 422


def test_another_bodys_match_is_404_even_with_a_malformed_body(api, world, proposed):
    other = api.as_(world.worker_b)
    assert other.get(f"/api/placements/matches/{proposed.pk}").status_code == 404
    assert other.post(f"/api/placements/matches/{proposed.pk}/confirm", {"consent_on": "x"}).status_code == 404
    assert other.post(f"/api/placements/matches/{proposed.pk}/decline", {"note": "x"}).status_code == 404
    assert other.get("/api/placements/matches").json()["count"] == 0
    assert api.as_(world.developer).post(f"/api/placements/matches/{proposed.pk}/decline",
                                         {"note": "x"}).status_code == 403


def test_tours_are_listed_for_support_staff(api, world, today):
    site, _task = site_with_task(world)
    tour = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(10), capacity=5)
    body = api.as_(world.prep_staff).get("/api/placements/tours").json()
    assert [t["id"] for t in body["items"]] == [tour.pk] and body["items"][0]["registered"] == 0
    assert api.as_(world.policy).get("/api/placements/tours").status_code == 403
    assert Tour.objects.count() == 1


def test_support_staff_register_for_a_tour_once_and_up_to_its_capacity(api, world, today):
    site, _task = site_with_task(world)
    tour = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(10), capacity=1)
    url = f"/api/placements/tours/{tour.pk}/registration"
    made = api.as_(world.worker_b).post(url)
    assert made.status_code == 201, made.content
    assert made.json()["registered"] and made.json()["tour"]["registered"] == 1
    assert AccessLog.objects.filter(user=world.worker_b, action="create", what__contains="見学会に申込み").exists()
    twice = api.as_(world.worker_b).post(url)
    assert twice.status_code == 422 and "すでに申し込んで" in str(twice.json()["errors"])
    full = api.as_(world.prep_staff).post(url)
    assert full.status_code == 422 and "定員" in str(full.json()["errors"])
    assert api.as_(world.developer).post(url).status_code == 403
    assert api.as_(world.policy).post(url).status_code == 403
    assert api.as_(world.worker_b).post(f"/api/placements/tours/{tour.pk + 999}/registration").status_code == 404
    assert TourRegistration.objects.filter(tour=tour).count() == 1


def test_a_past_tour_takes_no_registration_and_ones_own_is_cancelled(api, world, today):
    site, _task = site_with_task(world)
    past = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(10), capacity=5)
    Tour.objects.filter(pk=past.pk).update(held_on=today - dt.timedelta(days=1))
    assert api.as_(world.worker_a).post(f"/api/placements/tours/{past.pk}/registration").status_code == 422
    tour = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(14), capacity=5)
    url = f"/api/placements/tours/{tour.pk}/registration"
    api.as_(world.worker_a).post(url)
    assert api.as_(world.worker_b).delete(url).status_code == 422  # nothing of theirs to cancel
    cancelled = api.as_(world.worker_a).delete(url)
    assert cancelled.status_code == 200 and not cancelled.json()["registered"]
    assert not TourRegistration.objects.exists()
    assert AccessLog.objects.filter(user=world.worker_a, action="delete", what__contains="申込みを取消し").exists()


# ---------------------------------------------------------------- proposing, first use and what follows

def _confirmed(world, match, today):
    return services.confirm_match(user=world.worker_a, match=match, consent_given=True, consent_on=today)


def test_the_developers_proposal_is_the_matching_pages_and_its_read_is_audited(api, client, world, person):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    body = api.as_(world.developer).get("/api/placements/matching").json()
    client.force_login(world.developer)
    page_rows = client.get("/placements/matching").context["rows"]
    assert [(r["code"], r["selected_task_id"], [(o["task_id"], o["best"], o["why"]) for o in r["options"]],
             r["unplaced_reasons"]) for r in body["items"]] == [
        (r["profile"].code, r["selected"], [(o["task"].pk, o["best"], o["why"]) for o in r["options"]], r["reasons"])
        for r in page_rows]
    row, = body["items"]
    assert (row["profile_id"], row["selected_task_id"], body["slot_count"]) == (profile.pk, task.pk, 1)
    assert person.client.family_name not in str(body) and "case_id" not in row
    assert AccessLog.objects.filter(case_id=person.pk, user=world.developer, what__contains="提案の案・API").exists()
    assert api.as_(world.worker_a).get("/api/placements/matching").status_code == 403


def test_the_developer_proposes_through_the_api_and_a_pair_that_does_not_fit_proposes_nothing(api, world, person,
                                                                                               today):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    _far, far_task = site_with_task(world, code="08220", name="つくばの工房")  # beyond the person's 10 km
    developer = api.as_(world.developer)
    refused = developer.post("/api/placements/matches", {"pairs": [{"profile_id": profile.pk, "task_id": far_task.pk}]})
    assert refused.status_code == 422 and "合いません" in str(refused.json()["errors"]) and not Match.objects.exists()
    twice = developer.post("/api/placements/matches", {"pairs": [{"profile_id": profile.pk, "task_id": task.pk}] * 2})
    assert twice.status_code == 422 and list(twice.json()["errors"]) == ["pairs"]
    assert api.as_(world.worker_a).post("/api/placements/matches", {
        "pairs": [{"profile_id": profile.pk, "task_id": task.pk}]}).status_code == 403
    made = developer.post("/api/placements/matches", {"pairs": [{"profile_id": profile.pk, "task_id": task.pk}]})
    assert made.status_code == 201, made.content
    match, = made.json()
    assert (match["status"], match["profile_code"], match["person"]) == ("proposed", profile.code, None)
    assert AccessLog.objects.filter(case_id=person.pk, user=world.developer, action="create",
                                    what__contains="マッチングを提案").exists()
    again = developer.post("/api/placements/matches", {"pairs": [{"profile_id": profile.pk, "task_id": task.pk}]})
    assert again.status_code == 422 and Match.objects.count() == 1


def test_the_match_answers_what_its_page_shows_with_its_version_as_etag(api, client, world, proposed, today):
    _confirmed(world, proposed, today)
    response = api.as_(world.worker_a).get(f"/api/placements/matches/{proposed.pk}")
    body = response.json()
    client.force_login(world.worker_a)
    page = client.get(f"/placements/matches/{proposed.pk}")
    assert response["ETag"] == f'W/"{body["version"]}"'
    assert body["why"] == page.context["why"] and body["why"] in page.content.decode()
    assert (body["person"], body["case_number"], body["agency"]) == (
        page.context["client"].full_name, proposed.profile.case.case_number, proposed.profile.case.agency.name)
    assert body["status_label"] == "確定（本人同意）" and body["first_use"] is None
    cached = api.as_(world.worker_a).with_headers(If_None_Match=response["ETag"])
    assert cached.get(f"/api/placements/matches/{proposed.pk}").status_code == 304
    listed = api.as_(world.worker_a).get("/api/placements/matches", status="confirmed")
    assert [m["id"] for m in listed.json()["items"]] == [proposed.pk]
    again = api.as_(world.worker_a).with_headers(If_None_Match=listed["ETag"])
    assert again.get("/api/placements/matches", status="confirmed").status_code == 304


def test_a_stale_if_match_refuses_the_confirmation_and_nothing_changes(api, world, proposed, today):
    stale = api.as_(world.worker_a).with_headers(If_Match=f'W/"{proposed.version + 1}"')
    refused = stale.post(f"/api/placements/matches/{proposed.pk}/confirm",
                         {"consent_given": True, "consent_on": today.isoformat()})
    assert refused.status_code == 412 and refused.json()["reason"] == "precondition_failed"
    assert Match.objects.get().status == Match.Status.PROPOSED
    current = api.as_(world.worker_a).with_headers(If_Match=f'W/"{proposed.version}"')
    done = current.post(f"/api/placements/matches/{proposed.pk}/decline", {"note": "本人の体調が優れない"})
    assert done.status_code == 200 and done["ETag"] == f'W/"{proposed.version + 1}"'
    assert done.json()["decision_note"] == "本人の体調が優れない"


def test_the_developer_withdraws_a_proposal_but_not_once_the_consent_is_withdrawn(api, world, person, today):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    first, = services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    assert api.as_(world.worker_a).post(f"/api/placements/matches/{first.pk}/withdraw").status_code == 403
    withdrawn = api.as_(world.developer).post(f"/api/placements/matches/{first.pk}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert AccessLog.objects.filter(case_id=person.pk, user=world.developer, what__contains="取り下げ").exists()
    assert api.as_(world.developer).post(f"/api/placements/matches/{first.pk}/withdraw").status_code == 422
    second, = services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    case_services.withdraw_consent(user=world.worker_a, case=person, withdrawn_on=today, note="本人の申出")
    assert api.as_(world.developer).post(f"/api/placements/matches/{second.pk}/withdraw").status_code == 404
    assert api.as_(world.developer).get(f"/api/placements/matches/{second.pk}").status_code == 404


def test_the_developer_schedules_the_first_day_and_changes_it_only_with_the_current_version(api, client, world,
                                                                                            proposed, today):
    _confirmed(world, proposed, today)
    url = f"/api/placements/matches/{proposed.pk}/first-use"
    day = {"scheduled_on": (today + dt.timedelta(days=7)).isoformat(), "meet_at": "09:30",
           "accompanied_by_id": world.developer.staff.pk, "site_contact": "農園 次郎　0294-00-1111"}
    developer = api.as_(world.developer)
    outsider = developer.put(url, {**day, "accompanied_by_id": world.worker_b.staff.pk})
    assert outsider.status_code == 422 and list(outsider.json()["errors"]) == ["accompanied_by_id"]
    assert developer.put(url, {**day, "meet_at": "09:30+09:00"}).status_code == 422
    assert api.as_(world.worker_a).put(url, day).status_code == 403
    made = developer.put(url, day)
    assert made.status_code == 201, made.content
    assert AccessLog.objects.filter(case_id=proposed.profile.case_id, user=world.developer, action="create",
                                    what__contains="初回利用の同行を予定").exists()
    client.force_login(world.worker_a)
    page = client.get(f"/placements/matches/{proposed.pk}").content.decode()
    assert made.json()["accompanied_by"] in page and "09:30" in page
    assert api.as_(world.worker_a).get(f"/api/placements/matches/{proposed.pk}").json()["first_use"] == made.json()
    unversioned = developer.put(url, {**day, "meet_at": "10:00"})
    assert unversioned.status_code == 422 and list(unversioned.json()["errors"]) == ["version"]
    stale = developer.with_headers(If_Match='W/"99"').put(url, {**day, "meet_at": "10:00"})
    assert stale.status_code == 412
    moved = developer.with_headers(If_Match=made["ETag"]).put(url, {**day, "meet_at": "10:00"})
    assert moved.status_code == 200 and moved.json()["meet_at"] == "10:00:00"
    assert FirstUse.objects.get().meet_at == dt.time(10)


def test_the_first_days_outcome_needs_the_day_scheduled_and_come(api, world, proposed, today):
    _confirmed(world, proposed, today)
    url = f"/api/placements/matches/{proposed.pk}/first-use/outcome"
    developer = api.as_(world.developer)
    early = developer.put(url, {"outcome": "continuing", "version": 1})
    assert early.status_code == 422 and "先に初回利用を予定" in str(early.json()["errors"])
    first = services.schedule_first_use(user=world.developer, match=proposed, scheduled_on=today, meet_at=dt.time(9),
                                        accompanied_by=world.developer.staff, site_contact="農園 次郎")
    assert developer.put(url, {"outcome": "pending", "version": first.version}).status_code == 422
    done = developer.with_headers(If_Match=f'W/"{first.version}"').put(url, {"outcome": "continuing", "note": "最後まで作業"})
    assert done.status_code == 200 and done.json()["outcome_label"] == "実施（継続利用へ）"
    assert AccessLog.objects.filter(case_id=proposed.profile.case_id, user=world.developer, action="update",
                                    what__contains="初回利用の結果").exists()
    assert developer.put(url, {"outcome": "absent", "version": first.version}).status_code == 409


def test_the_agency_records_what_follows_on_its_own_case_only(api, world, person, proposed, today):
    _confirmed(world, proposed, today)
    url = f"/api/placements/matches/{proposed.pk}/follow-ups"
    assert api.as_(world.worker_b).post(url, {"kind": "work", "occurred_on": today.isoformat()}).status_code == 404
    assert api.as_(world.developer).post(url, {"kind": "work", "occurred_on": today.isoformat()}).status_code == 403
    future = api.as_(world.worker_a).post(url, {"kind": "continuing",
                                                "occurred_on": (today + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and not person.progress_records.filter(text__contains="継続利用").exists()
    stage = api.as_(world.worker_a).post(url, {"kind": "stage", "occurred_on": today.isoformat(), "stage": "就労自立"})
    assert stage.status_code == 201 and stage.json()["status"] == "confirmed"
    assert person.progress_records.filter(text__contains="社会生活自立 → 就労自立").exists()
    assert AccessLog.objects.filter(case_id=person.pk, user=world.worker_a, what="支援経過を記録").exists()
    work = api.as_(world.worker_a).post(url, {"kind": "work", "occurred_on": today.isoformat(), "note": "雇用された"})
    assert work.status_code == 201 and (work.json()["status"], work.json()["ended_on"]) == ("ended", today.isoformat())
    assert Outcome.objects.get(case=person).kind == Outcome.Kind.EMPLOYED


def test_bad_input_to_the_new_operations_is_422_never_500(api, world, proposed, today):
    _confirmed(world, proposed, today)
    developer = api.as_(world.developer)
    for body in ({"pairs": [{"profile_id": 10**30, "task_id": 1}]}, {"pairs": "x"}, {"pairs": [{"profile_id": "a"}]}):
        assert developer.post("/api/placements/matches", body).status_code == 422, body
    url = f"/api/placements/matches/{proposed.pk}/first-use"
    for bad in ({"scheduled_on": "M0.1.1"}, {"scheduled_on": "1800-01-01"}, {"meet_at": "25:00"},
                {"site_contact": "担当\x00山本"}, {"accompanied_by_id": 2**70}):
        body = {"scheduled_on": today.isoformat(), "meet_at": "09:30", "accompanied_by_id": world.developer.staff.pk,
                "site_contact": "農園 次郎", **bad}
        assert developer.put(url, body).status_code == 422, bad
    assert not FirstUse.objects.exists()
    follow = api.as_(world.worker_a).post(f"/api/placements/matches/{proposed.pk}/follow-ups",
                                          {"kind": "continuing", "occurred_on": today.isoformat(), "note": "a\x00"})
    assert follow.status_code == 422 and list(follow.json()["errors"]) == ["note"]


def test_every_operation_on_a_match_answers_404_outside_the_callers_scope(api, client, world, person, proposed,
                                                                          today):
    paths = client.get("/api/openapi.json").json()["paths"]
    named = [(m, p) for p, ops in paths.items() if "{match_id}" in p for m in ops]
    assert len(named) == 7
    case_services.withdraw_consent(user=world.worker_a, case=person, withdrawn_on=today, note="本人の申出")
    before = Match.objects.values().get()  # the withdrawal ended the proposal (cases.sharing)
    for user in (world.worker_b, world.developer, world.prep_staff, world.policy):  # the developer: consent withdrawn
        caller = api.as_(user)
        for method, path in named:
            url = path.format(match_id=proposed.pk)
            for body in ({"bad": "body"}, {"note": "x", "consent_given": True, "consent_on": today.isoformat()}):
                response = caller.get(url) if method == "get" else getattr(caller, method)(url, body)
                assert response.status_code == 404 and response.json()["reason"] == "not_found", (user, method, path)
    assert Match.objects.values().get() == before and not FirstUse.objects.exists()
