"""50 workers ask for the last free room at the same moment: exactly one wins; 50 ask for the room of an overstay:
all are refused; one person asked for in ten rooms at once: one room only (PostgreSQL only).

Each thread has its own database connection, so the requests race for real and only the exclusion
constraint stands between them. SQLite serialises writers, so the race cannot happen there.
"""
import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from jiritsu.audit.models import AccessLog
from jiritsu.shelter import services
from jiritsu.shelter.models import Room, Stay

from .conftest import overstay, urgent_case

REQUESTS = 50

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the race needs concurrent writers (PostgreSQL)")


def _race(world, case, room, start, end, *, cases=None, rooms=None, n=REQUESTS):
    """n requests at once; the i-th for cases[i] in rooms[i] when given (else `case` in `room`)."""
    barrier = threading.Barrier(n)
    outcomes: list = []

    def attempt(i):
        try:
            barrier.wait()
            services.request_room(user=world.worker_a, case=cases[i] if cases else case,
                                  room=rooms[i] if rooms else room, start=start, end=end)
            outcomes.append("won")
        except (services.RoomTaken, ValidationError) as refused:
            outcomes.append(refused)
        except Exception as error:  # noqa: BLE001 - any other failure must fail the test below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_it_gives_the_last_free_room_to_exactly_one_of_50_concurrent_requests(world, rooms):
    start = dt.date.today() + dt.timedelta(days=1)
    end = start + dt.timedelta(days=30)
    # Only 日立 101 is left: the other rooms are taken for the period.
    for key in ("h102", "t201"):
        services.request_room(user=world.worker_a, case=urgent_case(world, given_name=key), room=rooms[key],
                              start=start, end=end)
    cases = [urgent_case(world, given_name=f"待機{i}") for i in range(REQUESTS)]
    audits_before = AccessLog.objects.filter(what__contains="部屋を依頼").count()

    outcomes = _race(world, None, rooms["h101"], start, end, cases=cases)

    assert outcomes.count("won") == 1
    losers = [o for o in outcomes if o != "won"]
    assert len(losers) == REQUESTS - 1
    assert all(isinstance(o, services.RoomTaken) and o.suggestion is None for o in losers), losers[:3]
    assert Stay.objects.filter(room=rooms["h101"]).count() == 1
    # Nothing half-written: one audit row for the one winner, none for the losers.
    assert AccessLog.objects.filter(what__contains="部屋を依頼").count() == audits_before + 1


class _Rollback(Exception):
    pass


def _hold_then_request(world, rooms, held_nights, asked_nights, *, commit: bool) -> list[str]:
    """One transaction inserts a stay of 日立 101 and keeps it open for half a second; meanwhile another
    worker requests the room. Returns the order in which things happened."""
    case = urgent_case(world)
    handoff = services.shelter_handoff(case)
    today = dt.date.today()
    held, events = threading.Event(), []

    def holder():
        try:
            with transaction.atomic():
                Stay.objects.create(room=rooms["h101"], case=case, handoff=handoff, requested_by=world.worker_a,
                                    requested_on=today, start_on=today + dt.timedelta(days=held_nights[0]),
                                    end_on=today + dt.timedelta(days=held_nights[1]))
                held.set()
                time.sleep(0.5)
                events.append("committed" if commit else "rolled back")
                if not commit:
                    raise _Rollback
        except _Rollback:
            pass
        finally:
            held.set()
            connections.close_all()

    other = urgent_case(world, given_name="次郎")

    def requester():
        try:
            held.wait()
            services.request_room(user=world.worker_a, case=other, room=rooms["h101"],
                                  start=today + dt.timedelta(days=asked_nights[0]),
                                  end=today + dt.timedelta(days=asked_nights[1]))
            events.append("booked")
        except services.RoomTaken:
            events.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=requester)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return events


@pytest.mark.django_db(transaction=True)
def test_a_request_for_nights_being_booked_waits_for_that_booking_and_is_refused_once_it_commits(world, rooms):
    assert _hold_then_request(world, rooms, (1, 6), (3, 10), commit=True) == ["committed", "refused"]
    assert Stay.objects.filter(room=rooms["h101"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_for_nights_being_booked_gets_the_room_when_that_booking_is_abandoned(world, rooms):
    assert _hold_then_request(world, rooms, (1, 6), (3, 10), commit=False) == ["rolled back", "booked"]
    assert Stay.objects.filter(room=rooms["h101"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_for_other_nights_of_a_room_being_booked_does_not_wait(world, rooms):
    assert _hold_then_request(world, rooms, (1, 6), (6, 12), commit=True) == ["booked", "committed"]
    assert Stay.objects.filter(room=rooms["h101"]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_refuses_all_of_50_concurrent_requests_for_the_room_of_an_overstay(world, rooms):
    overstay(world, urgent_case(world, given_name="超過"), rooms["h101"])
    start = dt.date.today() + dt.timedelta(days=1)
    cases = [urgent_case(world, given_name=f"待機{i}") for i in range(REQUESTS)]

    outcomes = _race(world, None, rooms["h101"], start, start + dt.timedelta(days=30), cases=cases)

    assert len(outcomes) == REQUESTS and all(isinstance(o, services.RoomTaken) for o in outcomes), outcomes[:3]
    assert not Stay.objects.filter(room=rooms["h101"], status__in=Stay.ACTIVE, start_on__gte=start).exists()


@pytest.mark.django_db(transaction=True)
def test_one_person_asked_for_in_ten_rooms_at_once_gets_one_room(world, rooms):
    building = rooms["h101"].building
    many = [Room.objects.create(building=building, label=f"3{i:02d}", capacity=1) for i in range(10)]
    case = urgent_case(world)
    start = dt.date.today() + dt.timedelta(days=1)

    outcomes = _race(world, case, None, start, start + dt.timedelta(days=20), rooms=many, n=len(many))

    assert outcomes.count("won") == 1, outcomes
    assert all(isinstance(o, ValidationError) and "一人（一世帯）" in str(o) for o in outcomes if o != "won")
    assert Stay.objects.filter(case=case).count() == 1
