"""A room is occupied until the person has left: a stay past its planned move-out day with no move-out recorded is
超過, still occupied, shown as such on the grid and the lists, never offered and never bookable (issue 15, item 1)."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.shelter import grid, rules, selectors, services

from .conftest import confirmed_stay, on, overstay, urgent_case

D = dt.timedelta


@pytest.fixture
def held(world, rooms, urgent):
    return overstay(world, urgent, rooms["h101"])


def test_an_overstayed_room_is_never_offered_for_any_night_after_it_began(world, rooms, held, today):
    assert rules.is_overstay(held, today) and rules.status_label(held, today, extended=False) == "超過"
    for start, end in ((today, today + D(1)), (today + D(1), today + D(30)), (today + D(200), today + D(210))):
        assert rooms["h101"] not in selectors.free_rooms(start, end), (start, end)
    assert rooms["h101"] in selectors.free_rooms(held.start_on - D(10), held.start_on)  # the nights before it


def test_an_overstayed_room_cannot_be_booked_and_the_next_room_is_offered(world, rooms, held, today):
    other = urgent_case(world, given_name="次郎")
    with pytest.raises(services.RoomTaken) as refused:
        services.request_room(user=world.worker_a, case=other, room=rooms["h101"], start=today + D(1),
                              end=today + D(20))
    assert refused.value.suggestion == rooms["h102"]
    assert not other.shelter_stays.exists()


def test_the_person_who_overstays_cannot_be_given_a_second_room(world, rooms, held, today):
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=held.case, room=rooms["h102"], start=today,
                              end=today + D(20))
    assert "超過" in refused.value.message_dict["start"][0] and "一人（一世帯）" in refused.value.message_dict["start"][0]


def test_a_booking_made_before_the_overstay_cannot_be_confirmed_while_it_lasts(world, rooms, urgent, today):
    start = today - D(20)
    with on(start):
        first = confirmed_stay(world, urgent, rooms["h101"], start, start + D(10))
        following = services.request_room(user=world.worker_a, case=urgent_case(world, given_name="次郎"),
                                          room=rooms["h101"], start=start + D(10), end=start + D(40))
    with pytest.raises(ValidationError) as refused:
        services.confirm_stay(user=world.shelter_staff, stay=following)
    assert "超過" in refused.value.messages[0]
    following.refresh_from_db()
    assert following.status == following.Status.REQUESTED
    dates, sites, _ = grid.occupancy(today, 3, today)
    assert [c.state for c in sites[0].rows[0].cells] == ["clash"] * 3 and sites[0].rows[0].cells[0].stay == first


def test_a_request_past_its_planned_move_out_day_cannot_be_confirmed(world, rooms, urgent, today):
    start = today - D(7)
    with on(start):
        stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=start,
                                     end=start + D(3))
    with pytest.raises(ValidationError) as refused:
        services.confirm_stay(user=world.shelter_staff, stay=stay)
    assert "令和" in refused.value.messages[0] and "取り消して" in refused.value.messages[0]


def test_the_grid_shows_the_overstay_as_occupied_every_night_until_the_move_out(world, rooms, held, today):
    dates, sites, total = grid.occupancy(held.end_on - D(2), 14, today)
    cells = {row.room.label: row.cells for s in sites for row in s.rows}["101"]
    assert [c.state for c in cells[:2]] == ["confirmed"] * 2 and {c.state for c in cells[2:]} == {"overstay"}
    assert total.tonight_occupied == 1
    with on(today):
        services.record_move_out(user=world.shelter_staff, stay=held, moved_on=today, address="日立市幸町2-2")
    dates, sites, _ = grid.occupancy(today, 5, today)
    cells = {row.room.label: row.cells for s in sites for row in s.rows}["101"]
    assert [c.state for c in cells] == ["out_of_service"] * 3 + ["free"] * 2  # cleaning, then free


def test_the_grid_and_the_worker_s_lists_say_so(client, world, rooms, held, today):
    client.force_login(world.worker_a)
    page = client.get(reverse("shelter_grid")).content.decode()
    assert "cell--overstay" in page and "退去予定日を過ぎています" in page
    today_page = client.get(reverse("today")).content.decode()
    assert "一時生活支援：期限の確認が必要な入居" in today_page and held.case.case_number in today_page
    stay_page = client.get(reverse("shelter_stay", args=[held.pk])).content.decode()
    assert "転居が記録されていません" in stay_page
    case_page = client.get(reverse("case_detail", args=[held.case_id])).content.decode()
    assert "退去予定日を過ぎて入居中です" in case_page


def test_meals_for_an_overstay_run_to_today_not_beyond(world, rooms, held, today):
    assert rules.last_day_in_room(held, today) == today
    assert rules.last_day_in_room(held, held.end_on - D(1)) == held.end_on
