"""転居: the stay ends, the room rests for the building's cleaning interval, then returns to the pool."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases.policies import NotPermitted
from jiritsu.orgs.models import Municipality
from jiritsu.shelter import selectors, services
from jiritsu.shelter.models import MoveOut, Stay

from .conftest import confirmed_stay, on, urgent_case

D = dt.timedelta


def _move_out(world, stay, day, user=None):
    return services.record_move_out(user=user or world.shelter_staff, stay=stay, moved_on=day,
                                    address="日立市幸町1-2-3 メゾン幸201",
                                    municipality=Municipality.objects.get(name="日立市"), housing_benefit=True)


def test_it_frees_the_room_after_the_cleaning_interval_and_not_before(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(60))
    moved = today + D(20)
    with on(moved):
        move_out = _move_out(world, stay, moved)
    stay.refresh_from_db()
    assert stay.status == Stay.Status.ENDED and stay.end_on == moved and move_out.housing_benefit
    assert AccessLog.objects.filter(case_id=urgent.pk, what__contains="転居を記録").exists()
    # Default 3 days: the 20th, 21st and 22nd are for cleaning; the 23rd the room is back.
    assert rooms["h101"] not in selectors.free_rooms(moved, moved + D(5))
    assert rooms["h101"] not in selectors.free_rooms(moved + D(2), moved + D(5))
    assert rooms["h101"] in selectors.free_rooms(moved + D(3), moved + D(10))
    other = urgent_case(world, given_name="次郎")
    with on(moved), pytest.raises(services.RoomTaken):
        services.request_room(user=world.worker_a, case=other, room=rooms["h101"], start=moved + D(1),
                              end=moved + D(10))
    with on(moved):
        assert services.request_room(user=world.worker_a, case=other, room=rooms["h101"], start=moved + D(3),
                                     end=moved + D(10)).pk


def test_it_uses_the_buildings_own_cleaning_interval(world, rooms, urgent, today):
    building = rooms["t201"].building
    building.cleaning_days = 7
    building.save()
    stay = confirmed_stay(world, urgent, rooms["t201"], today, today + D(30))
    with on(today + D(10)):
        _move_out(world, stay, today + D(10))
    assert rooms["t201"] not in selectors.free_rooms(today + D(16), today + D(20))
    assert rooms["t201"] in selectors.free_rooms(today + D(17), today + D(20))


def test_it_lets_the_cases_agency_staff_record_the_move_out_too(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(30))
    with on(today + D(5)):
        _move_out(world, stay, today + D(5), user=world.worker_a)
    assert MoveOut.objects.get().recorded_by == world.worker_a


def test_it_refuses_the_move_out_to_others_and_for_unconfirmed_stays(world, rooms, urgent, today):
    requested = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                                      end=today + D(30))
    with on(today + D(5)):
        with pytest.raises(ValidationError):
            _move_out(world, requested, today + D(5))
        stay = services.confirm_stay(user=world.shelter_staff, stay=requested)
        for user in (world.policy, world.auditor):
            with pytest.raises(NotPermitted):
                _move_out(world, stay, today + D(5), user=user)
        with pytest.raises(Http404):
            _move_out(world, stay, today + D(5), user=world.worker_b)
        with pytest.raises(ValidationError) as refused:  # not in the future
            _move_out(world, stay, today + D(6))
        assert "今日（令和" in refused.value.message_dict["moved_on"][0]
    assert not MoveOut.objects.exists()
    assert Stay.objects.get().status == Stay.Status.CONFIRMED


def test_it_records_the_move_out_from_the_stay_page(client, world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(30))
    with on(today + D(7)):
        client.force_login(world.shelter_staff)
        page = client.get(reverse("shelter_stay", args=[stay.pk])).content.decode()
        assert "転居を記録する" in page and "延長の決定を記録する" not in page
        url = reverse("shelter_move_out", args=[stay.pk])
        response = client.post(url, {"moved_on": "きのう", "address": "水戸市三の丸1-1"})
        page = response.content.decode()
        assert response.status_code == 200 and "きのう" in page and "水戸市三の丸1-1" in page
        assert not MoveOut.objects.exists()
        mito = Municipality.objects.get(name="水戸市")
        response = client.post(url, {"moved_on": (today + D(7)).isoformat(), "address": "水戸市三の丸1-1",
                                     "municipality": mito.pk, "housing_benefit": "on"})
        assert response.status_code == 302 and response.url == reverse("today")
        # The provider's hand-off ended with the stay: the stay is the agency's to see from now on.
        assert client.get(reverse("shelter_stay", args=[stay.pk])).status_code == 404
        client.force_login(world.worker_a)
        page = client.get(reverse("shelter_stay", args=[stay.pk])).content.decode()
        assert "水戸市三の丸1-1" in page and "利用する" in page
        assert "転居済み" in client.get(reverse("case_detail", args=[urgent.pk])).content.decode()
        for user in (world.worker_b, world.policy, world.developer):
            client.force_login(user)
            assert client.post(url, {"moved_on": (today + D(7)).isoformat(),
                                     "address": "x"}).status_code in (403, 404)
    assert MoveOut.objects.get().municipality.name == "水戸市"
