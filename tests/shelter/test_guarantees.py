"""The database's own guarantees (migration 0007), on SQLite and PostgreSQL alike: writes that go around the
services are refused just the same. One case, one room a night; an overstay holds its room and its person as of
the day a stay is requested or confirmed; a move-out on the move-in day is a stay of no nights."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jiritsu.shelter.models import Stay

from .conftest import overstay, urgent_case

D = dt.timedelta


def _stay(world, case, room, start, end, *, on, status=Stay.Status.REQUESTED, **extra):
    return Stay.objects.create(room=room, case=case, handoff=case.handoffs.get(), start_on=start, end_on=end,
                               status=status, requested_by=world.worker_a, requested_on=on,
                               confirmed_on=on if status == Stay.Status.CONFIRMED else None, **extra)


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_case_never_holds_two_rooms_on_the_same_night(world, rooms, urgent, today):
    _stay(world, urgent, rooms["h101"], today, today + D(10), on=today)
    _refused(lambda: _stay(world, urgent, rooms["h102"], today + D(9), today + D(20), on=today))
    later = _stay(world, urgent, rooms["h102"], today + D(10), today + D(20), on=today)  # the next night is fine
    _refused(lambda: Stay.objects.filter(pk=later.pk).update(start_on=today + D(5)))
    assert Stay.objects.filter(case=urgent).count() == 2


def test_an_overstay_holds_its_room_and_its_person_from_the_day_it_runs_over(world, rooms, urgent, today):
    held = overstay(world, urgent, rooms["h101"])  # planned move-out 5 days ago, no move-out recorded
    other = urgent_case(world, given_name="次郎")
    _refused(lambda: _stay(world, other, rooms["h101"], today + D(30), today + D(40), on=today))
    _refused(lambda: _stay(world, urgent, rooms["h102"], today + D(30), today + D(40), on=today))
    # Booked before the planned move-out day, the next person's request stands (the overstay ran into it) ...
    booked = _stay(world, other, rooms["h101"], held.end_on, held.end_on + D(20), on=held.end_on - D(2))
    # ... but it cannot be confirmed now, while the person is still in the room.
    _refused(lambda: Stay.objects.filter(pk=booked.pk).update(status=Stay.Status.CONFIRMED, confirmed_on=today))
    # Once the move-out is recorded the room and the person are free again.
    Stay.objects.filter(pk=held.pk).update(status=Stay.Status.ENDED, end_on=today)
    Stay.objects.filter(pk=booked.pk).update(status=Stay.Status.CONFIRMED, confirmed_on=today)
    assert _stay(world, urgent, rooms["h102"], today + D(30), today + D(40), on=today).pk


def test_a_stay_cannot_be_booked_already_overstayed(world, rooms, urgent, today):
    _refused(lambda: _stay(world, urgent, rooms["h101"], today - D(5), today - D(1), on=today,
                           status=Stay.Status.CONFIRMED))
    assert not Stay.objects.exists()


def test_a_move_out_on_the_move_in_day_is_a_stay_of_no_nights(world, rooms, urgent, today):
    _refused(lambda: _stay(world, urgent, rooms["h101"], today, today, on=today))  # an active stay needs a night
    ended = _stay(world, urgent, rooms["h101"], today, today, on=today, status=Stay.Status.ENDED)
    assert ended.nights == 0
    assert _stay(world, urgent_case(world, given_name="次郎"), rooms["h101"], today, today + D(3), on=today).pk


def test_a_household_is_one_stay_of_at_least_one_person(world, rooms, urgent, today):
    _refused(lambda: _stay(world, urgent, rooms["h102"], today, today + D(3), on=today, people=0))
    assert _stay(world, urgent, rooms["h102"], today, today + D(3), on=today, people=2).people == 2
