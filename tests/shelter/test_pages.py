"""The occupancy grid and the case's 部屋を探す page, for each kind of user."""
import datetime as dt

from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.shelter import services
from jiritsu.shelter.models import Stay

from .conftest import urgent_case

D = dt.timedelta


def _book(world, case, room, today, days=10):
    return services.request_room(user=world.worker_a, case=case, room=room, start=today, end=today + D(days))


def test_it_shows_agency_staff_the_grid_with_their_people(client, world, rooms, urgent, today,
                                                          django_assert_max_num_queries):
    _book(world, urgent, rooms["h101"], today)
    client.force_login(world.worker_a)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("shelter_grid")).content.decode()
    assert "日立市" in page and "土浦市" in page and "急迫" in page and "依" in page
    assert AccessLog.objects.filter(case_id=urgent.pk, what__contains="空室状況").exists()


def test_it_shows_the_prefecture_occupancy_without_names(client, world, rooms, urgent, today):
    _book(world, urgent, rooms["h101"], today)
    client.force_login(world.policy)
    page = client.get(reverse("shelter_grid")).content.decode()
    assert "依" in page and "急迫" not in page and urgent.case_number not in page


def test_it_hides_names_from_another_body(client, world, rooms, urgent, today):
    _book(world, urgent, rooms["h101"], today)
    client.force_login(world.worker_b)
    page = client.get(reverse("shelter_grid")).content.decode()
    assert "依" in page and "急迫" not in page


def test_it_refuses_the_grid_to_users_without_access(client, world, rooms):
    for user in (world.auditor, world.developer):
        client.force_login(user)
        assert client.get(reverse("shelter_grid")).status_code == 403
    client.logout()
    assert client.get(reverse("shelter_grid")).status_code == 302


def test_it_lets_the_worker_find_and_request_a_room_from_the_case(client, world, rooms, urgent, today):
    client.force_login(world.worker_a)
    case_page = client.get(reverse("case_detail", args=[urgent.pk])).content.decode()
    assert reverse("shelter_find", args=[urgent.pk]) in case_page
    page = client.get(reverse("shelter_find", args=[urgent.pk]),
                      {"start": today.isoformat(), "end": (today + D(30)).isoformat(), "people": 1,
                       "needs": ["ground_floor"]}).content.decode()
    assert "101" in page and "201" not in page
    response = client.post(reverse("shelter_request", args=[urgent.pk, rooms["h101"].pk]),
                           {"start": today.isoformat(), "end": (today + D(30)).isoformat(), "people": 1})
    assert response.status_code == 302
    assert Stay.objects.get(case=urgent).room == rooms["h101"]


def test_it_tells_the_loser_at_once_and_offers_the_next_room(client, world, rooms, urgent, today):
    _book(world, urgent, rooms["h101"], today, days=30)
    other = urgent_case(world, given_name="次郎")
    client.force_login(world.worker_a)
    response = client.post(reverse("shelter_request", args=[other.pk, rooms["h101"].pk]),
                           {"start": today.isoformat(), "end": (today + D(30)).isoformat(), "people": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "すでに予約されています" in page and "次の空き部屋" in page and "102" in page
    assert not Stay.objects.filter(case=other).exists()


def test_it_keeps_a_bad_date_at_its_field(client, world, rooms, urgent, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("shelter_request", args=[urgent.pk, rooms["h101"].pk]),
                           {"start": today.isoformat(), "end": "あした", "people": 1})
    assert response.status_code == 200 and "あした" in response.content.decode()
    assert not Stay.objects.exists()


def test_it_hides_the_case_pages_from_others(client, world, rooms, urgent):
    for user in (world.worker_b, world.policy, world.shelter_staff):
        client.force_login(user)
        assert client.get(reverse("shelter_find", args=[urgent.pk])).status_code == 404
    client.force_login(world.worker_b)
    assert client.post(reverse("shelter_request", args=[urgent.pk, rooms["h101"].pk]),
                       {"start": "2030-01-01", "end": "2030-01-05", "people": 1}).status_code == 404


def test_it_lets_the_provider_confirm_from_the_grid(client, world, rooms, urgent, today):
    stay = _book(world, urgent, rooms["h101"], today)
    client.force_login(world.shelter_staff)
    page = client.get(reverse("shelter_grid")).content.decode()
    assert "確認待ちの依頼" in page and "急迫" in page
    assert client.post(reverse("shelter_confirm", args=[stay.pk])).status_code == 302
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CONFIRMED
    client.force_login(world.worker_b)
    assert client.post(reverse("shelter_confirm", args=[stay.pk])).status_code == 404
