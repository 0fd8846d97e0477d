"""The staff directory search page: by need, area and language; detail; no access without a role."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_directory


@pytest.fixture
def directory(world):
    load_demo_directory()
    return world


def _names(response):
    return {s.name for s in response.context["services"]}


def test_it_finds_a_food_bank_by_need(client, directory, django_assert_max_num_queries):
    client.force_login(directory.worker_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("directory_search"), {"need": "no_food"})
    assert response.status_code == 200
    assert _names(response) == {"緊急食料支援（フードバンク）", "地域食堂（誰でも食堂）"}
    assert "フードバンク" in response.content.decode()


def test_it_narrows_by_area(client, directory):
    client.force_login(directory.worker_b)
    response = client.get(reverse("directory_search"), {"need": "no_food", "municipality": "08203"})
    # 土浦: the local meal service, and the food bank that serves the whole prefecture.
    assert _names(response) == {"緊急食料支援（フードバンク）", "地域食堂（誰でも食堂）"}
    response = client.get(reverse("directory_search"), {"municipality": "08202"})
    assert "住まい探し・入居支援" in _names(response)
    assert "地域食堂（誰でも食堂）" not in _names(response)


def test_it_filters_by_language(client, directory):
    client.force_login(directory.policy)
    response = client.get(reverse("directory_search"), {"language": "vi"})
    assert _names(response) == {"住まい探し・入居支援"}


def test_it_hides_defunct_services(client, directory):
    m.Service.objects.filter(name__contains="フードバンク").update(status=m.Service.Status.DEFUNCT)
    client.force_login(directory.worker_a)
    response = client.get(reverse("directory_search"), {"need": "no_food"})
    assert _names(response) == {"地域食堂（誰でも食堂）"}


def test_it_shows_a_service_with_address_hours_and_availability(client, directory):
    service = m.Service.objects.get(name__contains="入居支援")
    client.force_login(directory.shelter_staff)
    page = client.get(reverse("directory_service", args=[service.pk])).content.decode()
    assert "日立市幸町1-10-1" in page
    assert "空き 2 室" in page
    assert "Tiếng Việt" in page


def test_it_shows_nothing_to_a_user_without_a_role(client, directory):
    outsider = get_user_model().objects.create_user("outsider", password="x")
    client.force_login(outsider)
    assert client.get(reverse("directory_search")).status_code == 404
    service = m.Service.objects.first()
    assert client.get(reverse("directory_service", args=[service.pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, directory):
    response = client.get(reverse("directory_search"))
    assert response.status_code == 302 and "login" in response["Location"]
