"""Every list pages the same way (page, per_page, count, links) and every GET answers an ETag; an update may
carry If-Match with the record's version instead of `version`, and a stale one is refused with 412."""
from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Case
from tests.api.test_normal_path import intake_payload
from tests.api.test_query_counts import add_cases


def test_a_list_pages_by_per_page_with_links_that_keep_its_filters(api, world):
    add_cases(world, 7)
    caller = api.as_(world.worker_a)
    body = caller.get("/api/cases", status="received", per_page=3, page=2).json()
    assert (body["count"], body["page"], body["pages"], body["per_page"], len(body["items"])) == (7, 2, 3, 3, 3)
    links = body["links"]
    assert links["self"] == "/api/cases?status=received&per_page=3&page=2"
    assert links["first"].endswith("page=1") and links["last"].endswith("page=3")
    assert links["prev"].endswith("page=1") and links["next"].endswith("page=3")
    last = caller.get(links["last"]).json()
    assert len(last["items"]) == 1 and last["links"]["next"] is None
    assert caller.get("/api/cases", page=1, per_page=3).json()["links"]["prev"] is None


def test_per_page_past_its_limit_or_below_one_is_refused_at_the_field(api, world):
    caller = api.as_(world.worker_a)
    for per_page in (0, 201, -5, "x"):
        response = caller.get("/api/cases", per_page=per_page)
        assert response.status_code == 422 and list(response.json()["errors"]) == ["per_page"], per_page


def test_a_page_past_the_last_is_empty_with_a_link_back(api, world):
    add_cases(world, 2)
    body = api.as_(world.worker_a).get("/api/meetings", page=50).json()
    assert body["items"] == [] and body["links"]["prev"].endswith("page=1") and body["links"]["next"] is None


def test_a_list_answers_not_modified_to_its_own_etag_and_changes_it_when_a_row_changes(api, world):
    add_cases(world, 2)
    caller = api.as_(world.worker_a)
    first = caller.get("/api/cases")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = caller.with_headers(If_None_Match=etag).get("/api/cases")
    assert again.status_code == 304 and again.content == b""
    add_cases(world, 1, start=5)
    changed = caller.with_headers(If_None_Match=etag).get("/api/cases")
    assert changed.status_code == 200 and changed["ETag"] != etag and changed.json()["count"] == 3


def test_a_case_answers_its_version_as_etag_and_the_read_is_audited_even_when_not_modified(api, world, today):
    worker = api.as_(world.worker_a)
    case_id = worker.post("/api/cases", intake_payload(today)).json()["id"]
    response = worker.get(f"/api/cases/{case_id}")
    assert response["ETag"] == f'W/"{response.json()["version"]}"'
    before = AccessLog.objects.filter(case_id=case_id, action="read").count()
    assert worker.with_headers(If_None_Match=response["ETag"]).get(f"/api/cases/{case_id}").status_code == 304
    assert AccessLog.objects.filter(case_id=case_id, action="read").count() == before + 1


def test_an_update_with_the_current_if_match_saves_and_answers_the_new_etag(api, world, today):
    worker = api.as_(world.worker_a)
    case_id = worker.post("/api/cases", intake_payload(today)).json()["id"]
    version = worker.get(f"/api/cases/{case_id}").json()["client"]["version"]
    saved = worker.with_headers(If_Match=f'W/"{version}"').patch(f"/api/cases/{case_id}/client",
                                                                 {"address": "日立市助川町1-1"})
    assert saved.status_code == 200, saved.json()
    assert saved["ETag"] == f'W/"{version + 1}"' and saved.json()["version"] == version + 1


def test_an_update_with_a_stale_if_match_is_refused_with_412_and_changes_nothing(api, world, today):
    worker, chief = api.as_(world.worker_a), api.as_(world.chief_a)
    case_id = worker.post("/api/cases", intake_payload(today)).json()["id"]
    etag = worker.get(f"/api/cases/{case_id}")["ETag"]
    assert worker.with_headers(If_Match=etag).patch(f"/api/cases/{case_id}/intake",
                                                    {"pension": "arrears"}).status_code == 200
    late = chief.with_headers(If_Match=etag).patch(f"/api/cases/{case_id}/intake", {"pension": "none"})
    assert late.status_code == 412
    assert late.json()["reason"] == "precondition_failed" and "If-Match" in late.json()["message"]
    assert Case.objects.get(pk=case_id).pension == "arrears"


def test_an_unreadable_if_match_is_a_412_and_a_star_matches_any_version(api, world, today):
    worker = api.as_(world.worker_a)
    case_id = worker.post("/api/cases", intake_payload(today)).json()["id"]
    garbled = worker.with_headers(If_Match="version three").patch(f"/api/cases/{case_id}/intake", {"pension": "none"})
    assert garbled.status_code == 412
    star = worker.with_headers(If_Match="*").patch(f"/api/cases/{case_id}/intake", {"pension": "none"})
    assert star.status_code == 200


def test_an_update_without_version_or_if_match_is_refused_at_version(api, world, today):
    worker = api.as_(world.worker_a)
    case_id = worker.post("/api/cases", intake_payload(today)).json()["id"]
    response = worker.patch(f"/api/cases/{case_id}/intake", {"pension": "none"})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["version"]


def test_if_match_on_another_bodys_record_is_still_404(api, world, today):
    case_id = api.as_(world.worker_a).post("/api/cases", intake_payload(today)).json()["id"]
    outsider = api.as_(world.worker_b).with_headers(If_Match="*")
    response = outsider.patch(f"/api/cases/{case_id}/client", {"address": "x"})
    assert response.status_code == 404 and response.json()["reason"] == "not_found"


def test_a_meeting_update_takes_if_match(api, world, today):
    chief = api.as_(world.chief_a)
    meeting = chief.post("/api/meetings", {"held_on": today.isoformat()}).json()
    stale = chief.with_headers(If_Match=f'W/"{meeting["version"] + 1}"').patch(f"/api/meetings/{meeting['id']}",
                                                                               {"minutes": "了承"})
    assert stale.status_code == 412
    saved = chief.with_headers(If_Match=f'"{meeting["version"]}"').patch(f"/api/meetings/{meeting['id']}",
                                                                        {"minutes": "了承"})
    assert saved.status_code == 200 and saved.json()["minutes"] == "了承"
