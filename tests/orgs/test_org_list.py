"""The organisations page: the user's body and its organisations, never a client."""
import pytest
from django.urls import reverse

from tests.factories import make_agency, new_case

pytestmark = pytest.mark.django_db


def test_it_shows_the_workers_body_and_its_agencies(client, world):
    client.force_login(world.worker_a)
    response = client.get(reverse("org_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert world.agency_a.name in page and world.office_a.name in page
    assert world.agency_b.name not in page  # another city's agency
    assert world.prep_provider.name in page  # hand-off partners


def test_it_shows_contracted_agencies_with_their_operator(client, world):
    agency = make_agency(world.hitachi, name="日立市 生活相談センター")
    agency.operation, agency.operator_name = "contracted", "社会福祉法人ひたち会"
    agency.save()
    client.force_login(world.worker_a)
    page = client.get(reverse("org_list")).content.decode()
    assert "社会福祉法人ひたち会" in page and "委託" in page


def test_it_shows_the_prefectures_welfare_offices_with_their_catchments(client, world, pref_office_admin):
    client.force_login(pref_office_admin)
    response = client.get(reverse("org_list"))
    offices = response.context["offices"]
    assert len(offices) == 4
    catchment = {m.name for o in offices for m in o.catchment.all()}
    assert len(catchment) == 12  # the prefecture's towns and villages
    assert "茨城町" in response.content.decode()


def test_it_shows_no_client_data(client, world):
    new_case(world, family_name="個人情報", given_name="太郎")
    client.force_login(world.worker_a)
    assert "個人情報" not in client.get(reverse("org_list")).content.decode()


def test_it_shows_only_their_own_organisation_to_a_provider(client, world):
    client.force_login(world.prep_staff)
    response = client.get(reverse("org_list"))
    assert [o.name for o in response.context["others"]] == [world.prep_provider.name]
    assert world.agency_a.name not in response.content.decode()


def test_it_shows_nothing_to_a_user_without_staff_record(client, world):
    from django.contrib.auth import get_user_model

    outsider = get_user_model().objects.create_user("outsider", password="outsider-pass-123")
    client.force_login(outsider)
    response = client.get(reverse("org_list"))
    assert response.status_code == 200
    assert not response.context["agencies"] and not response.context["others"]


def test_it_builds_the_page_in_a_constant_number_of_queries(client, world, pref_office_admin,
                                                            django_assert_max_num_queries):
    for i in range(10):
        make_agency(pref_office_admin.staff.organisation.body, name=f"県 相談機関{i}")
    client.force_login(pref_office_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org_list"))
    assert len(response.context["agencies"]) == 10


def test_it_shows_prefecture_policy_staff_every_bodys_organisations(client, world):
    client.force_login(world.policy)
    response = client.get(reverse("org_list"))
    agencies = response.context["agencies"]
    assert {world.agency_a, world.agency_b} <= set(agencies)
    assert "土浦市" in response.content.decode()  # the body column names each agency's city
