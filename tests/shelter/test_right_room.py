"""The right room for the person (issue 15, item 3): a 女性専用 room is never offered to a man and is booked for
someone not recorded as female only with a recorded reason, shown on the stay; needs filter the offer; the room's
capacity holds the household."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.shelter import selectors, services
from jiritsu.shelter.models import Room, Stay

from .conftest import urgent_case

D = dt.timedelta


@pytest.fixture
def women_only(rooms):
    return Room.objects.create(building=rooms["h101"].building, label="203", capacity=2, features=["women_only"])


def _search(client, case, today, **extra):
    return client.get(reverse("shelter_find", args=[case.pk]),
                      {"start": today.isoformat(), "end": (today + D(20)).isoformat(), "people": 1, **extra})


def test_a_women_only_room_is_not_offered_to_a_man(client, world, women_only, today):
    man = urgent_case(world, given_name="一郎", sex="male")
    client.force_login(world.worker_a)
    page = _search(client, man, today).content.decode()
    assert "203を依頼する" not in page and "女性専用の部屋は表示しません" in page
    assert women_only not in selectors.free_rooms(today, today + D(20), women_only_ok=False)
    woman = urgent_case(world, given_name="花子")
    assert "203を依頼する" in _search(client, woman, today).content.decode()


def test_a_women_only_room_needs_a_reason_to_book_for_someone_not_recorded_female(client, world, women_only, today):
    man = urgent_case(world, given_name="一郎", sex="male")
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=man, room=women_only, start=today, end=today + D(20))
    assert "women_only_reason" in refused.value.message_dict and not Stay.objects.exists()
    client.force_login(world.worker_a)
    page = _search(client, man, today, women_only="on").content.decode()
    assert "203を依頼する" in page  # shown when asked for, with the reason to give
    url = reverse("shelter_request", args=[man.pk, women_only.pk])
    posted = {"start": today.isoformat(), "end": (today + D(20)).isoformat(), "people": 2, "women_only": "on"}
    page = client.post(url, posted).content.decode()
    assert "理由（例：母子での入居）を入力してください" in page and not Stay.objects.exists()
    assert client.post(url, {**posted, "women_only_reason": "母と幼児の世帯（記録上の本人は子）"}).status_code == 302
    stay = Stay.objects.get()
    assert stay.women_only_reason.startswith("母と幼児") and stay.people == 2
    services.confirm_stay(user=world.shelter_staff, stay=stay)
    assert "母と幼児の世帯" in client.get(reverse("shelter_stay", args=[stay.pk])).content.decode()


def test_a_woman_needs_no_reason(world, women_only, today):
    woman = urgent_case(world, given_name="花子")
    stay = services.request_room(user=world.worker_a, case=woman, room=women_only, start=today, end=today + D(20))
    assert stay.women_only_reason == ""


def test_needs_filter_the_offer_and_the_room_holds_the_household(world, rooms, today):
    assert selectors.free_rooms(today, today + D(5), needs=["barrier_free"]) == [rooms["h102"]]
    assert selectors.free_rooms(today, today + D(5), needs=["barrier_free", "ground_floor"]) == []
    assert selectors.free_rooms(today, today + D(5), people=2) == [rooms["h102"]]
    case = urgent_case(world)
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=case, room=rooms["h101"], start=today, end=today + D(5),
                              people=2)
    assert "定員（1人）" in refused.value.message_dict["people"][0]
    assert services.request_room(user=world.worker_a, case=case, room=rooms["h102"], start=today,
                                 end=today + D(5), people=2).people == 2


def test_the_next_room_offered_fits_the_person_too(world, rooms, women_only, today):
    services.request_room(user=world.worker_a, case=urgent_case(world, given_name="先"), room=rooms["h102"],
                          start=today, end=today + D(10))
    man = urgent_case(world, given_name="一郎", sex="male")
    with pytest.raises(services.RoomTaken) as refused:
        services.request_room(user=world.worker_a, case=man, room=rooms["h102"], start=today, end=today + D(10),
                              people=2)
    assert refused.value.suggestion is None  # 203 would hold two, but it is women-only
