"""The shelter's JSON API (issue 15, item 9), in the same OpenAPI: availability (counts, no person), the agency's
request, the provider's confirm and cancel, move-out with the hand-over, and the watch-over visits; the pages'
scoping (404 out of scope), the pages' audit, and the API's one error shape."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.core.wareki import format_wareki
from jiritsu.shelter.models import MoveOut, Stay
from tests.api.conftest import ApiCaller

from .conftest import confirmed_stay, on, overstay, urgent_case

D = dt.timedelta


@pytest.fixture
def api(client):
    return ApiCaller(client)


def test_availability_is_counts_by_site_and_night_with_no_person(api, world, rooms, today):
    held = overstay(world, urgent_case(world), rooms["h101"])
    response = api.as_(world.policy).get("/api/shelter/availability", start=today.isoformat(), days=3)
    assert response.status_code == 200
    hitachi = next(s for s in response.json() if s["municipality"] == "日立市")
    assert hitachi["days"][0] == {"date": today.isoformat(), "rooms": 2, "free": 1, "occupied": 1, "requested": 0,
                                  "overstayed": 1}
    assert held.case.case_number not in response.content.decode() and not AccessLog.objects.filter(
        what__contains="API").exists()
    assert api.as_(world.auditor).get("/api/shelter/availability").status_code == 403
    bad = api.as_(world.policy).get("/api/shelter/availability", days=100)
    assert bad.status_code == 422 and bad.json()["reason"] == "invalid" and "days" in bad.json()["errors"]


def test_the_agency_requests_the_provider_confirms_and_both_are_audited(api, world, rooms, urgent, today):
    body = {"room_id": rooms["h101"].pk, "start": format_wareki(today, short=True), "end": (today + D(30)).isoformat()}
    response = api.as_(world.worker_a).post(f"/api/cases/{urgent.pk}/shelter-requests", body)
    assert response.status_code == 201, response.json()
    stay_id = response.json()["id"]
    assert response.json()["status"] == "requested"
    assert api.as_(world.worker_a).post(f"/api/shelter/stays/{stay_id}/confirm").status_code == 403
    pending = api.as_(world.shelter_staff).get("/api/shelter/stays", status="requested").json()
    assert [s["id"] for s in pending["items"]] == [stay_id]
    confirmed = api.as_(world.shelter_staff).post(f"/api/shelter/stays/{stay_id}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status_label"] == "確定"
    assert AccessLog.objects.filter(case_id=urgent.pk, what="一時生活支援の入居一覧（API）").exists()


def test_a_taken_room_is_409_with_the_next_room_and_bad_input_422_at_the_field(api, world, rooms, today):
    overstay(world, urgent_case(world, given_name="超過"), rooms["h101"])
    case = urgent_case(world, given_name="次郎")
    worker = api.as_(world.worker_a)
    taken = worker.post(f"/api/cases/{case.pk}/shelter-requests",
                        {"room_id": rooms["h101"].pk, "start": today.isoformat(), "end": (today + D(9)).isoformat()})
    assert taken.status_code == 409 and taken.json()["reason"] == "room_taken"
    assert taken.json()["suggestion"] == {"room_id": rooms["h102"].pk, "room": str(rooms["h102"])}
    late = worker.post(f"/api/cases/{case.pk}/shelter-requests", {
        "room_id": rooms["h102"].pk, "start": (today - D(2)).isoformat(), "end": (today + D(9)).isoformat()})
    assert late.status_code == 422 and "late_reason" in late.json()["errors"]
    assert worker.post(f"/api/cases/{case.pk}/shelter-requests", {"room_id": rooms["h102"].pk, "start": "きのう",
                                                                   "end": "R99.1.1"}).status_code == 422
    assert not Stay.objects.filter(case=case).exists()


def test_out_of_scope_is_404_before_any_input_is_read(api, world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(10))
    for user in (world.worker_b, world.prep_staff, world.policy):
        caller = api.as_(user)
        assert caller.get(f"/api/shelter/stays/{stay.pk}").status_code == 404
        assert caller.post(f"/api/shelter/stays/{stay.pk}/move-out", {"moved_on": 5}).status_code == 404
        assert caller.post(f"/api/cases/{urgent.pk}/shelter-requests", {}).status_code == 404
    assert api.as_(world.worker_b).get("/api/shelter/stays").json()["count"] == 0


def test_move_out_hands_over_and_the_housing_provider_records_a_visit(api, world, rooms, housing, today):
    case = urgent_case(world, scope=[world.prep_provider, world.shelter_provider, world.housing_provider])
    stay = confirmed_stay(world, case, rooms["h101"], today, today + D(30))
    moved = api.as_(world.shelter_staff).post(f"/api/shelter/stays/{stay.pk}/move-out", {
        "moved_on": today.isoformat(), "address": "水戸市三の丸1-1", "municipality_code": "08201",
        "community_support": True, "housing_provider_id": world.housing_provider.pk})
    assert moved.status_code == 201, moved.json()
    data = moved.json()
    assert data["keeper"] == world.housing_provider.name and len(data["visits"]) == 12
    housing_api = api.as_(world.housing_staff)
    assert [m["id"] for m in housing_api.get("/api/shelter/move-outs").json()["items"]] == [data["id"]]
    assert housing_api.get(f"/api/shelter/stays/{stay.pk}").status_code == 404  # the stay is not theirs
    visit = data["visits"][0]
    with on(dt.date.fromisoformat(visit["due_on"])):
        recorded = api.as_(world.housing_staff).post(f"/api/shelter/visits/{visit['id']}/record", {
            "visited_on": visit["due_on"], "visitor": "住まい 支援員", "condition": "stable"})
        assert recorded.status_code == 200 and recorded.json()["visitor"] == "住まい 支援員"
        twice = api.as_(world.housing_staff).post(f"/api/shelter/visits/{visit['id']}/record", {
            "visited_on": visit["due_on"], "visitor": "別", "condition": "stable"})
        assert twice.status_code == 422 and "すでに記録" in twice.json()["errors"]["__all__"][0]
    assert api.as_(world.prep_staff).post(f"/api/shelter/visits/{visit['id']}/record", {}).status_code == 404
    assert MoveOut.objects.get().handoff.provider == world.housing_provider


def test_every_shelter_endpoint_naming_a_record_answers_404_out_of_scope(api, client, world, rooms, housing, today):
    case = urgent_case(world, scope=[world.prep_provider, world.shelter_provider, world.housing_provider])
    stay = confirmed_stay(world, case, rooms["h101"], today, today + D(10))
    moved = api.as_(world.worker_a).post(f"/api/shelter/stays/{stay.pk}/move-out", {
        "moved_on": today.isoformat(), "address": "水戸市三の丸1-1", "community_support": True,
        "housing_provider_id": world.housing_provider.pk}).json()
    ids = {"case_id": case.pk, "stay_id": stay.pk, "move_out_id": moved["id"], "visit_id": moved["visits"][0]["id"]}
    paths = client.get("/api/openapi.json").json()["paths"]
    named = [(m, p) for p, ops in paths.items() if "{" in p for m, op in ops.items() if "shelter" in op["tags"]]
    assert len(named) == 7
    for user in (world.worker_b, world.prep_staff, world.shelter_staff, world.policy):
        caller = api.as_(user)
        for method, path in named:
            url = path.format(**ids)
            response = caller.get(url) if method == "get" else caller.post(url, {"bad": "body"})
            assert response.status_code == 404 and response.json()["reason"] == "not_found", (user, method, path)


def test_the_openapi_describes_the_shelter_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/shelter/availability", "/api/cases/{case_id}/shelter-requests",
                 "/api/shelter/stays/{stay_id}/confirm", "/api/shelter/stays/{stay_id}/cancel",
                 "/api/shelter/stays/{stay_id}/move-out", "/api/shelter/move-outs/{move_out_id}",
                 "/api/shelter/visits/{visit_id}/record"):
        assert path in paths, path
    assert "409" in paths["/api/cases/{case_id}/shelter-requests"]["post"]["responses"]
