"""The directory as an HSDS 3.1 API under /hsds/: every answer validates against the HSDS 3.1 JSON schemas
shipped in hsds_3_1_schema/ (openreferral/specification, branch 3.1-dev, CC BY-SA 4.0), pages the HSDS way,
searches by the HSDS parameters, carries live capacity, and answers anyone only once the prefecture publishes."""
import datetime as dt
import json
import uuid
from pathlib import Path

import jsonschema_rs
import pytest
from django.utils import timezone

from jiritsu.cases.choices import Complaint
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


def test_the_full_minimal_and_taxonomy_answers_validate_against_the_hsds_3_1_schemas(staff, directory):
    about = staff.get("/hsds/").json()
    assert about["version"] == "3.1" and about["openapi_url"].endswith("/hsds/openapi.json")
    full = staff.get("/hsds/services", full=True, per_page=200).json()
    assert full["total_items"] == m.Service.objects.count()
    for service in full["contents"]:
        assert_valid("service.json", service)
        assert "service_at_locations" in service and "attributes" in service
    minimal = staff.get("/hsds/services", minimal=True, per_page=200).json()["contents"]
    for service in minimal:
        assert_valid("compiled_service_list.json", service)
        assert set(service) == {"id", "name", "status", "last_modified"}
    for organization in staff.get("/hsds/organizations", full=True, full_service=True, per_page=200).json()["contents"]:
        assert_valid("organization.json", organization)
    sals = staff.get("/hsds/service_at_locations", full=True, per_page=200).json()["contents"]
    for sal in sals:
        assert_valid("service_at_location.json", sal)
        assert_valid("service.json", sal["service"])
    one = staff.get(f"/hsds/service_at_locations/{sals[0]['id']}").json()
    assert_valid("service_at_location.json", one)
    assert_valid("service.json", one["service"])
    taxonomies = staff.get("/hsds/taxonomies").json()["contents"]
    assert [t["id"] for t in taxonomies] == [str(hsds.TAXONOMY_ID)]
    assert_valid("taxonomy.json", staff.get(f"/hsds/taxonomies/{hsds.TAXONOMY_ID}").json())
    terms = staff.get("/hsds/taxonomy_terms", per_page=200).json()
    assert terms["total_items"] == len(Complaint.values)
    for term in terms["contents"]:
        assert_valid("taxonomy_term.json", term)
    assert_valid("taxonomy_term.json", staff.get(f"/hsds/taxonomy_terms/{terms['contents'][0]['id']}").json())
    for url in (f"/hsds/service_at_locations/{hsds.TAXONOMY_ID}", "/hsds/taxonomies/x",
                f"/hsds/taxonomy_terms/{hsds.TAXONOMY_ID}"):
        assert staff.get(url).status_code == 404, url


def test_the_filters_narrow_and_add_up(staff, directory):
    service = m.Service.objects.exclude(needs=[]).first()
    need = service.needs[0]
    term = str(hsds.term_id(need))
    with_term = {str(s.id) for s in m.Service.objects.all() if need in s.needs}
    both = staff.get("/hsds/services", taxonomy_term_id=term, organization_id=str(service.organization_id),
                     per_page=200).json()
    assert {s["id"] for s in both["contents"]} == {
        str(s.id) for s in service.organization.services.all() if need in s.needs} <= with_term
    tagged = staff.get("/hsds/services", taxonomy_id=str(hsds.TAXONOMY_ID), per_page=200).json()
    assert tagged["total_items"] == m.Service.objects.exclude(needs=[]).count()
    assert staff.get("/hsds/services", taxonomy_id=str(uuid.uuid4())).json()["empty"]
    orgs = staff.get("/hsds/organizations", taxonomy_term_id=term, per_page=200).json()
    assert {o["id"] for o in orgs["contents"]} == {
        str(s.organization_id) for s in m.Service.objects.all() if need in s.needs}
    sals = staff.get("/hsds/service_at_locations", taxonomy_term_id=term, per_page=200).json()
    assert {s["service"]["id"] for s in sals["contents"]} <= with_term
    terms = staff.get("/hsds/taxonomy_terms", search=str(Complaint(need).label)).json()["contents"]
    assert term in {t["id"] for t in terms} and len(terms) < len(Complaint.values)
    assert staff.get("/hsds/taxonomy_terms", parent_id=term).json()["empty"]
    assert staff.get("/hsds/taxonomy_terms", taxonomy_id=str(uuid.uuid4())).json()["empty"]


def test_modified_after_returns_only_services_changed_since(staff, directory):
    old = timezone.now() - dt.timedelta(days=30)
    m.Service.objects.update(last_modified=old)
    changed = m.Service.objects.filter(service_at_locations__isnull=False).first()
    changed.save()  # any write moves last_modified
    since = (old + dt.timedelta(days=1)).isoformat()
    listed = staff.get("/hsds/services", modified_after=since).json()
    assert [s["id"] for s in listed["contents"]] == [str(changed.id)]
    assert listed["contents"][0]["last_modified"] >= since[:10]
    by_day = staff.get("/hsds/services", modified_after=timezone.localdate().isoformat()).json()
    assert by_day["total_items"] == 1
    sals = staff.get("/hsds/service_at_locations", modified_after=since).json()["contents"]
    assert sals and {s["service"]["id"] for s in sals} == {str(changed.id)}
    assert staff.get("/hsds/services", modified_after=old.isoformat()).json()["total_items"] == \
        m.Service.objects.count()


def test_paging_links_keep_the_filters_and_stop_at_the_ends(staff, directory):
    first = staff.get("/hsds/services", per_page=2, search="")
    links = first["Link"]
    assert 'rel="first"' in links and 'rel="next"' in links and 'rel="prev"' not in links
    assert "page=2" in links and "per_page=2" in links
    pages = first.json()["total_pages"]
    middle = staff.get("/hsds/services", per_page=2, page=2, taxonomy_id=str(hsds.TAXONOMY_ID))["Link"]
    assert f"taxonomy_id={hsds.TAXONOMY_ID}" in middle and "page=1" in middle
    last = staff.get("/hsds/services", per_page=2, page=pages)["Link"]
    assert 'rel="next"' not in last and 'rel="prev"' in last
    assert f'page={pages}>; rel="last"' in last.replace("&per_page=2", "").replace("per_page=2&", "")


def test_ndjson_answers_every_result_one_object_a_line(staff, directory):
    response = staff.get("/hsds/services", format="ndjson", per_page=1)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == m.Service.objects.count()
    for line in lines:
        assert_valid("compiled_service_list.json", json.loads(line))
    terms = b"".join(staff.get("/hsds/taxonomy_terms", format="ndjson").streaming_content).decode().splitlines()
    assert len(terms) == len(Complaint.values)


def test_proximity_finds_the_locations_near_the_postcode_centroid(staff, directory):
    sals = list(m.ServiceAtLocation.objects.select_related("location")[:3])
    near, close, far = (sal.location for sal in sals)
    assert len({near.pk, close.pk, far.pk}) == 3
    m.Address.objects.filter(location=near).update(postal_code="999-0001")
    m.Location.objects.filter(pk=near.pk).update(latitude=36.3418, longitude=140.4468)  # 水戸
    m.Location.objects.filter(pk=close.pk).update(latitude=36.3600, longitude=140.4468)  # about 2 km north
    m.Location.objects.filter(pk=far.pk).update(latitude=36.0835, longitude=140.0764)  # つくば, about 44 km
    found = staff.get("/hsds/service_at_locations", postcode="999-0001", proximity="5000", per_page=200).json()
    locations = {s["location"]["id"] for s in found["contents"]}
    assert {str(near.pk), str(close.pk)} <= locations and str(far.pk) not in locations
    wide = staff.get("/hsds/service_at_locations", postcode="999-0001", proximity="50000", per_page=200).json()
    assert str(far.pk) in {s["location"]["id"] for s in wide["contents"]}
    assert staff.get("/hsds/service_at_locations", postcode="000-0000", proximity="5000").json()["empty"]


@pytest.mark.parametrize(("url", "params", "field"), [
    ("/hsds/services", {"modified_after": "昨日"}, "modified_after"),
    ("/hsds/services", {"modified_after": "0001-01-01T00:00:00+14:00"}, "modified_after"),
    ("/hsds/services", {"format": "xml"}, "format"),
    ("/hsds/services", {"minimal": "true", "full": "true"}, "minimal"),
    ("/hsds/services", {"minimal": "perhaps"}, "minimal"),
    ("/hsds/services", {"search": "家\x00計"}, "search"),
    ("/hsds/services", {"page": "99999999999999999999"}, "page"),
    ("/hsds/organizations", {"full": "2"}, "full"),
    ("/hsds/service_at_locations", {"proximity": "-1", "postcode": "310-0011"}, "proximity"),
    ("/hsds/service_at_locations", {"proximity": "nan", "postcode": "310-0011"}, "proximity"),
    ("/hsds/service_at_locations", {"proximity": "1e400", "postcode": "310-0011"}, "proximity"),
    ("/hsds/service_at_locations", {"proximity": "500"}, "postcode"),
    ("/hsds/taxonomy_terms", {"top_only": "x"}, "top_only"),
    ("/hsds/taxonomies", {"per_page": "0"}, "per_page"),
])
def test_a_bad_parameter_is_422_at_its_name(staff, directory, url, params, field):
    response = staff.get(url, **params)
    assert response.status_code == 422 and response.json()["reason"] == "invalid"
    assert field in response.json()["errors"], response.json()
