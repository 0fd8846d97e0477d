"""The directory as an HSDS 3.1 API under /hsds/: every answer validates against the HSDS 3.1 JSON schemas
shipped in hsds_3_1_schema/ (openreferral/specification, branch 3.1-dev, CC BY-SA 4.0), pages the HSDS way,
searches by the HSDS parameters, carries live capacity, and answers anyone only once the prefecture publishes."""
import json
from pathlib import Path

import jsonschema_rs
import pytest

from jiritsu.directory import hsds
from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_directory
from jiritsu.directory.live import LiveCapacity
from jiritsu.directory.models import Publication
from jiritsu.directory.services import set_publication
from tests.api.conftest import ApiCaller
from tests.shelter.conftest import rooms  # noqa: F401 - a fixture

SCHEMAS = Path(__file__).parent / "hsds_3_1_schema"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _validator(name: str):
    def retrieve(uri: str):
        return json.loads((SCHEMAS / uri.rsplit("/", 1)[-1]).read_text(encoding="utf-8"))

    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, retriever=retrieve, validate_formats=True,
                                       base_uri=f"https://hsds.invalid/schema/{name}")


def assert_valid(name: str, instance) -> None:
    errors = [f"{e.instance_path}: {e.message}" for e in _validator(name).iter_errors(instance)]
    assert not errors, errors[:5]


@pytest.fixture
def directory(world):
    load_demo_directory()
    return world


@pytest.fixture
def staff(client, directory):
    return ApiCaller(client).as_(directory.worker_a)


def test_every_list_and_object_validates_against_the_hsds_3_1_schemas(staff, directory):
    services = staff.get("/hsds/services", per_page=200).json()
    assert set(services) == PAGE_KEYS and services["total_items"] == m.Service.objects.count() > 0
    for service in services["contents"]:
        assert_valid("compiled_service_list.json", service)
    full = staff.get(f"/hsds/services/{services['contents'][0]['id']}").json()
    assert_valid("service.json", full)
    organizations = staff.get("/hsds/organizations", per_page=200).json()
    for organization in organizations["contents"]:
        assert_valid("compiled_organization_list.json", organization)
    organization = staff.get(f"/hsds/organizations/{organizations['contents'][0]['id']}", full_service=True).json()
    assert_valid("organization.json", organization)
    assert organization["services"] and "capacities" in organization["services"][0]
    for location in staff.get("/hsds/locations", per_page=200).json()["contents"]:
        assert_valid("location.json", location)
    sals = staff.get("/hsds/service_at_locations", per_page=200).json()
    assert sals["total_items"] == m.ServiceAtLocation.objects.count()
    for sal in sals["contents"]:
        assert_valid("compiled_service_at_location_list.json", sal)


def test_the_schemas_refuse_what_hsds_does_not_allow(staff, directory):
    service = staff.get("/hsds/services").json()["contents"][0]
    for broken in ({k: v for k, v in service.items() if k != "status"}, {**service, "status": "open"},
                   {**service, "id": "42"}, {**service, "capacities": [{"id": service["id"]}]}):
        assert not _validator("service.json").is_valid(broken)


def test_a_service_with_needs_and_locations_is_nested_as_the_hsds_api_does(staff, directory):
    service = m.Service.objects.exclude(needs=[]).filter(service_at_locations__isnull=False).first()
    body = staff.get(f"/hsds/services/{service.id}").json()
    assert body["organization"]["id"] == str(service.organization_id)
    assert {a["taxonomy_term"]["code"] for a in body["attributes"]} == set(service.needs)
    assert {s["location"]["id"] for s in body["service_at_locations"]} == {
        str(x.location_id) for x in service.service_at_locations.all()}
    exported = {row["id"]: row for row in hsds.export_rows()["services.json"]}[str(service.id)]
    assert {k: body[k] for k in exported} == exported  # the same object as the HSDS export


def test_paging_follows_the_hsds_page_and_past_the_end_is_empty(staff, directory):
    total = m.Service.objects.count()
    first = staff.get("/hsds/services", per_page=2).json()
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"]) == (1, 2, True, False)
    assert first["total_pages"] == -(-total // 2)
    last = staff.get("/hsds/services", per_page=2, page=first["total_pages"]).json()
    assert last["last_page"] and not last["empty"]
    beyond = staff.get("/hsds/services", per_page=2, page=first["total_pages"] + 1).json()
    assert beyond["empty"] and beyond["contents"] == [] and beyond["size"] == 0
    bad = staff.get("/hsds/services", per_page=0)
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["per_page"]


def test_it_searches_by_text_taxonomy_term_organization_and_postcode(staff, directory):
    service = m.Service.objects.exclude(needs=[]).first()
    need = service.needs[0]
    by_term = staff.get("/hsds/services", taxonomy_term_id=str(hsds.term_id(need)), per_page=200).json()
    expected = {str(s.id) for s in m.Service.objects.all() if need in s.needs}
    assert {s["id"] for s in by_term["contents"]} == expected
    by_org = staff.get("/hsds/services", organization_id=str(service.organization_id), per_page=200).json()
    assert {s["id"] for s in by_org["contents"]} == {str(s.id) for s in service.organization.services.all()}
    by_text = staff.get("/hsds/services", search=service.name[:4], per_page=200).json()
    assert str(service.id) in {s["id"] for s in by_text["contents"]}
    address = m.Address.objects.first()
    by_postcode = staff.get("/hsds/locations", postcode=address.postal_code, per_page=200).json()
    assert str(address.location_id) in {loc["id"] for loc in by_postcode["contents"]}
    assert staff.get("/hsds/services", taxonomy_term_id="nonsense").json()["empty"]
    assert staff.get("/hsds/services", organization_id="not-a-uuid").json()["total_items"] == 0


def test_a_live_service_carries_tonights_free_rooms(staff, directory, rooms):  # noqa: F811
    service = m.Service.objects.filter(live_capacity=LiveCapacity.SHELTER_ROOMS).first()
    listed = {s["id"]: s for s in staff.get("/hsds/services", per_page=200).json()["contents"]}
    capacity = listed[str(service.id)]["capacities"][0]
    assert capacity["unit"]["name"] == "室" and capacity["available"] == len(rooms) > 0


def test_an_unknown_or_malformed_id_is_404(staff, directory):
    for url in ("/hsds/services/not-a-uuid", f"/hsds/services/{hsds.TAXONOMY_ID}", "/hsds/organizations/x"):
        response = staff.get(url)
        assert response.status_code == 404 and response.json()["reason"] == "not_found", url


def test_it_answers_anyone_only_once_the_prefecture_publishes_the_directory(client, directory):
    refused = client.get("/hsds/services")
    assert refused.status_code == 401 and refused.json()["reason"] == "unauthenticated"
    with pytest.raises(Exception, match="政策担当者"):
        set_publication(user=directory.worker_a, public=True)
    policy = ApiCaller(client).as_(directory.policy)
    assert policy.put("/api/directory/publication", {"public": True}).json()["public"] is True
    assert Publication.objects.get().updated_by == directory.policy
    assert client.get("/hsds/services").status_code == 200
    policy.put("/api/directory/publication", {"public": False})
    assert client.get("/hsds/organizations").status_code == 401
    worker = ApiCaller(client).as_(directory.worker_a).put("/api/directory/publication", {"public": True})
    assert worker.status_code == 403 and client.get("/hsds/services").status_code == 401


def test_an_unchanged_list_answers_not_modified(staff, directory):
    first = staff.get("/hsds/services")
    again = staff.with_headers(If_None_Match=first["ETag"]).get("/hsds/services")
    assert again.status_code == 304
