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
from jiritsu.shelter.models import Room, Stay

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


@pytest.mark.django_db(transaction=True)
def test_requests_for_one_room_queue_on_the_room_before_inserting(world, rooms):
    """A request waits for another transaction holding the room: two inserts racing inside the exclusion
    constraint can wait on each other (a deadlock PostgreSQL breaks only after a second)."""
    start = dt.date.today() + dt.timedelta(days=1)
    case = urgent_case(world)
    held, events = threading.Event(), []

    def holder():
        try:
            with transaction.atomic():
                Room.objects.select_for_update(no_key=True).get(pk=rooms["h101"].pk)
                held.set()
                time.sleep(0.5)
                events.append("released")
        finally:
            connections.close_all()

    def requester():
        try:
            held.wait()
            services.request_room(user=world.worker_a, case=case, room=rooms["h101"], start=start,
                                  end=start + dt.timedelta(days=5))
            events.append("booked")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=requester)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert events == ["released", "booked"]
