"""50 workers ask for the last free room at the same moment: exactly one wins (PostgreSQL only).

Each thread has its own database connection, so the requests race for real and only the exclusion
constraint stands between them. SQLite serialises writers, so the race cannot happen there.
"""
import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from jiritsu.audit.models import AccessLog
from jiritsu.shelter import services
from jiritsu.shelter.models import Stay

from .conftest import urgent_case

REQUESTS = 50

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the race needs concurrent writers (PostgreSQL)")


def _race(world, case, room, start, end):
    barrier = threading.Barrier(REQUESTS)
    outcomes: list = []

    def attempt():
        try:
            barrier.wait()
            services.request_room(user=world.worker_a, case=case, room=room, start=start, end=end)
            outcomes.append("won")
        except services.RoomTaken as taken:
            outcomes.append(taken)
        except Exception as error:  # noqa: BLE001 - any other failure must fail the test below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_it_gives_the_last_free_room_to_exactly_one_of_50_concurrent_requests(world, rooms):
    start = dt.date.today() + dt.timedelta(days=1)
    end = start + dt.timedelta(days=30)
    case = urgent_case(world)
    # Only 日立 101 is left: the other rooms are taken for the period.
    for key in ("h102", "t201"):
        services.request_room(user=world.worker_a, case=case, room=rooms[key], start=start, end=end)
    audits_before = AccessLog.objects.filter(what__contains="部屋を依頼").count()

    outcomes = _race(world, case, rooms["h101"], start, end)

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
                                    start_on=today + dt.timedelta(days=held_nights[0]),
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

    def requester():
        try:
            held.wait()
            services.request_room(user=world.worker_a, case=case, room=rooms["h101"],
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
