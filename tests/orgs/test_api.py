"""The organisations API: the ids an integration needs (a provider's for the urgent-shelter call), scoped as the
organisations page; bodies; the caller's own staff record."""
import pytest

from jiritsu.orgs.models import Organisation
from jiritsu.orgs.policies import visible_organisations, visible_providers
from tests.api.conftest import ApiCaller


@pytest.fixture
def api(client):
    return ApiCaller(client)


def _ids(response):
    assert response.status_code == 200, response.content
    return {o["id"] for o in response.json()["items"]}


def test_a_worker_finds_the_shelter_provider_id_for_the_urgent_shelter_call(api, world):
    caller = api.as_(world.worker_a)
    found = caller.get("/api/organisations", kind="provider", program="temporary_shelter").json()
    assert [o["id"] for o in found["items"]] == [world.shelter_provider.pk]
    assert found["items"][0]["program_labels"] == ["一時生活支援"] and found["count"] == 1


def test_the_list_is_what_the_organisations_page_shows_plus_the_prefectures_providers(api, world):
    for user in (world.worker_a, world.policy, world.prep_staff, world.auditor):
        expected = set(visible_organisations(user).values_list("pk", flat=True)) | set(
            visible_providers(user).values_list("pk", flat=True))
        assert _ids(api.as_(user).get("/api/organisations", per_page=200)) == expected, user


def test_another_bodys_agency_is_not_found_but_the_own_one_is(api, world):
    caller = api.as_(world.worker_a)
    own = caller.get(f"/api/organisations/{world.agency_a.pk}")
    assert own.status_code == 200 and own.json()["body"]["code"] == "08202"
    other = caller.get(f"/api/organisations/{world.agency_b.pk}")
    assert other.status_code == 404 and other.json()["reason"] == "not_found"
    assert world.agency_b.pk not in _ids(caller.get("/api/organisations", per_page=200))


def test_the_prefectures_policy_staff_see_every_body_and_a_worker_only_their_own(api, world):
    assert _ids(api.as_(world.worker_a).get("/api/bodies")) == {world.hitachi.pk}
    assert api.as_(world.worker_a).get(f"/api/bodies/{world.tsuchiura.pk}").status_code == 404
    everyone = api.as_(world.policy).get("/api/bodies", per_page=200).json()
    assert everyone["count"] == world.pref.bodies.count()
    hitachi = api.as_(world.policy).get(f"/api/bodies/{world.hitachi.pk}").json()
    assert hitachi["name"] == "日立市" and "08202" in [m["code"] for m in hitachi["municipalities"]]
    assert api.as_(world.prep_staff).get("/api/bodies").json()["count"] == 0


def test_the_filters_name_and_kind_narrow_the_list(api, world):
    caller = api.as_(world.policy)
    agencies = caller.get("/api/organisations", kind="agency", per_page=200).json()["items"]
    assert agencies and {o["kind"] for o in agencies} == {"agency"}
    named = caller.get("/api/organisations", q="一時生活").json()["items"]
    assert [o["id"] for o in named] == [world.shelter_provider.pk]
    bad = caller.get("/api/organisations", kind="nonsense")
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["kind"]


def test_me_answers_the_tokens_own_staff_record(api, world):
    me = api.as_(world.prep_staff).get("/api/me").json()
    assert me["username"] == "prep_staff" and me["role"] == "provider_staff"
    assert me["organisation"]["id"] == world.prep_provider.pk
    assert me["organisation"]["kind"] == Organisation.Kind.PROVIDER
    assert api.as_(world.worker_a).get("/api/me").json()["organisation"]["body"]["code"] == "08202"


def test_it_needs_a_token_or_a_session(client):
    response = client.get("/api/organisations")
    assert response.status_code == 401 and response.json()["reason"] == "unauthenticated"
