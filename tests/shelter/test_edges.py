"""Bad input anywhere in the shelter is told, never a 500: dates centuries away, a NUL byte, huge numbers."""
import datetime as dt

from django.urls import reverse

from jiritsu.shelter.models import Building, Stay
from tests.api.conftest import ApiCaller

D = dt.timedelta


def test_dates_far_away_are_told_at_the_field(client, world, rooms, urgent, today):
    client.force_login(world.worker_a)
    url = reverse("shelter_request", args=[urgent.pk, rooms["h101"].pk])
    far = today + D(800)
    for start, end, field in ((far.isoformat(), (far + D(30)).isoformat(), "1年先"), ("M1.1.25", "2030-01-01", "7日前"),
                              (today.isoformat(), (today + D(3000)).isoformat(), "原則3か月"),
                              ("9999-12-01", "9999-12-31", "以前の日付を入力してください"),
                              ("1024-04-01", today.isoformat(), "明治元年1月25日（1868年）以降の日付")):
        response = client.post(url, {"start": start, "end": end, "people": 1})
        assert response.status_code == 200 and field in response.content.decode(), (start, end)
        page = client.get(reverse("shelter_find", args=[urgent.pk]), {"start": start, "end": end, "people": 1})
        assert page.status_code == 200 and field in page.content.decode()
    assert not Stay.objects.exists()


def test_the_grid_refuses_a_period_it_cannot_show(client, world, rooms):
    client.force_login(world.policy)
    for params in ({"start": "9999-12-31", "days": 62}, {"month": "R999.1"}, {"month": "1800-01"},
                   {"start": "\x00", "days": "99999999999999999999"}, {"month": "x" * 500}):
        response = client.get(reverse("shelter_grid"), params)
        assert response.status_code == 200 and "errorlist" in response.content.decode(), params


def test_the_api_refuses_bad_input_in_its_error_shape(client, world, rooms, urgent, today):
    worker = ApiCaller(client).as_(world.worker_a)
    assert worker.get("/api/shelter/availability", start="9999-12-31").status_code == 422
    for body in ({"room_id": rooms["h101"].pk, "start": today.isoformat(), "end": (today + D(5)).isoformat(),
                  "late_note": "a\x00b", "people": 1},
                 {"room_id": 10 ** 30, "start": today.isoformat(), "end": (today + D(5)).isoformat()},
                 {"room_id": rooms["h101"].pk, "start": today.isoformat(), "end": (today + D(5)).isoformat(),
                  "people": 10 ** 6}):
        response = worker.post(f"/api/cases/{urgent.pk}/shelter-requests", body)
        assert response.status_code == 422 and response.json()["reason"] == "invalid", body
    assert not Stay.objects.exists()


def test_a_site_named_with_a_nul_byte_is_refused_at_the_field(client, world):
    client.force_login(world.policy)
    response = client.post(reverse("shelter_site_new"), {"name": "県営\x00団地", "municipality": "",
                                                         "available_from": "R3.1.1", "cleaning_days": "3"})
    assert response.status_code == 200 and not Building.objects.exists()


def test_ids_past_any_integer_are_not_found(client, world, rooms):
    caller = ApiCaller(client).as_(world.shelter_staff)
    huge = 10 ** 25
    for url in (f"/api/shelter/stays/{huge}", f"/api/shelter/move-outs/{huge}"):
        assert caller.get(url).status_code == 404, url
    assert caller.post(f"/api/shelter/stays/{huge}/confirm").status_code == 404
    client.force_login(world.shelter_staff)
    assert client.get(f"/shelter/stays/{huge}").status_code == 404
    assert client.get(f"/shelter/move-outs/{huge}").status_code == 404
