"""The shelter's hand-written SQL (shelter/sql.py) gives the ORM's answer, on SQLite and PostgreSQL: the free-room
search on a random inventory with overstays, pre-bookings, closures and site windows (checked once more night by
night with the grid's own rule), and the booking's one-room check."""
import datetime as dt
import random

from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from jiritsu.orgs.models import Municipality
from jiritsu.shelter import grid, selectors, sql
from jiritsu.shelter.models import Building, Feature, OutOfService, Room, Stay

from .conftest import urgent_case

D = dt.timedelta
START = dt.date(2025, 4, 1)


def _maybe_day(rng, lo: int, hi: int) -> dt.date | None:
    return START + D(rng.randrange(lo, hi)) if rng.random() < 0.3 else None


def _stays_of(room, case, rng):
    """Past stays ended or cancelled, the last past one sometimes still confirmed (an overstay as of any day
    after its end), and later ones booked before that end (a pre-booking the overstay now runs into)."""
    handoff = case.handoffs.get()
    day, made, booked_before = START + D(rng.randrange(-40, 0)), [], None
    while day < START + D(150):
        end = day + D(rng.randrange(1, 25))
        status = rng.choice([Stay.Status.ENDED, Stay.Status.CANCELLED, *Stay.ACTIVE, Stay.Status.CONFIRMED])
        booked = day - D(rng.randrange(0, 5))
        if booked_before is not None:  # booked while every confirmed stay before it still had nights to come
            booked = min(booked, booked_before)
        stay = Stay.objects.create(room=room, case=case, handoff=handoff, start_on=day, end_on=end, status=status,
                                   requested_by=case.received_by, requested_on=booked,
                                   confirmed_on=booked if status != Stay.Status.REQUESTED else None)
        if status == Stay.Status.CONFIRMED:
            booked_before = min(booked_before or end, end - D(1))
        made.append(stay)
        day = end + D(rng.randrange(0, 12))
    return made


def _inventory(world, rng):
    towns = list(Municipality.objects.filter(name__in=["日立市", "水戸市", "土浦市", "古河市"]))
    rooms = []
    for i in range(4):
        building = Building.objects.create(name=f"B{i}", municipality=towns[i % len(towns)],
                                           available_from=_maybe_day(rng, -30, 40) or START - D(400),
                                           available_until=_maybe_day(rng, 60, 120))
        for k in range(3):
            rooms.append(Room.objects.create(
                building=building, label=f"{101 + k}", capacity=rng.choice([1, 1, 2, 4]),
                features=rng.sample(Feature.values, rng.randrange(3)),
                available_from=_maybe_day(rng, -10, 30), available_until=_maybe_day(rng, 70, 130)))
    for i, room in enumerate(rooms):
        _stays_of(room, urgent_case(world, given_name=f"部屋{i}"), rng)
        if rng.random() < 0.4:
            first = START + D(rng.randrange(0, 100))
            OutOfService.objects.create(room=room, start_on=first, end_on=first + D(rng.randrange(0, 5)),
                                        reason="点検")
    return rooms, towns


def _orm_free_rooms(start, end, today, *, needs, without, near, people, exclude, limit):
    """The same question in the ORM (features filtered in Python: SQLite has no JSON containment)."""
    last = end - D(1)
    held = Stay.objects.filter(Q(end_on__gt=start) | Q(status=Stay.Status.CONFIRMED, end_on__lt=today),
                               room=OuterRef("pk"), status__in=Stay.ACTIVE, start_on__lt=end)
    closed = OutOfService.objects.filter(room=OuterRef("pk"), start_on__lte=last, end_on__gte=start)
    rooms = (Room.objects.filter(capacity__gte=people, building__available_from__lte=start)
             .filter(Q(available_from__isnull=True) | Q(available_from__lte=start))
             .filter(Q(available_until__isnull=True) | Q(available_until__gte=last))
             .filter(Q(building__available_until__isnull=True) | Q(building__available_until__gte=last))
             .exclude(Exists(held)).exclude(Exists(closed)).exclude(pk__in=exclude)
             .select_related("building__municipality"))
    order = ["capacity", "building__municipality__code", "building__name", "label"]
    if near is not None:
        rooms = rooms.annotate(away=Case(When(building__municipality=near, then=Value(0)),
                                         When(building__municipality__body_id=near.body_id, then=Value(1)),
                                         default=Value(2), output_field=IntegerField()))
        order = ["away", *order]
    found = [r for r in rooms.order_by(*order) if all(n in r.features for n in needs)
             and not any(w in r.features for w in without)]
    return found[:limit] if limit else found


def _night_by_night(rooms, start, end, today, *, needs, without, people, exclude):
    """Which rooms the grid shows free every night (grid.cell_of): the set the search must find."""
    stays, closed = {}, {}
    for stay in Stay.objects.filter(status__in=Stay.ACTIVE):
        stays.setdefault(stay.room_id, []).append(stay)
    for oos in OutOfService.objects.all():
        closed.setdefault(oos.room_id, []).append(oos)
    nights = [start + D(i) for i in range((end - start).days)]
    return {room.pk for room in rooms
            if room.pk not in exclude and room.capacity >= people and all(n in room.features for n in needs)
            and not any(w in room.features for w in without)
            and all(grid.cell_of(room, n, stays.get(room.pk, ()), closed.get(room.pk, ()), today).state == "free"
                    for n in nights)}


def test_the_free_room_search_gives_the_orm_s_answer_in_the_order_shown(world):
    rng = random.Random(7)
    rooms, towns = _inventory(world, rng)
    rooms = list(Room.objects.select_related("building__municipality").filter(pk__in=[r.pk for r in rooms]))
    found_some = 0
    for _ in range(120):
        start, today = START + D(rng.randrange(-15, 130)), START + D(rng.randrange(-10, 140))
        search = {"needs": rng.sample(Feature.values, rng.choice([0, 0, 1, 2])),
                  "without": rng.choice([(), (), (Feature.WOMEN_ONLY,)]),
                  "near": rng.choice([None, *towns]), "people": rng.choice([1, 1, 2, 3]),
                  "exclude": rng.sample([r.pk for r in rooms], rng.choice([0, 0, 1, 3])),
                  "limit": rng.choice([None, 1, 5])}
        end = start + D(rng.randrange(1, 30))
        query, params = sql.free_rooms(start, end, today, **search)
        found = list(Room.objects.raw(query, params))
        expected = _orm_free_rooms(start, end, today, **search)
        assert [r.pk for r in found] == [r.pk for r in expected], (start, end, today, search)
        if search["limit"] is None:
            nightly = _night_by_night(rooms, start, end, today, **{k: search[k] for k in
                                                                  ("needs", "without", "people", "exclude")})
            assert {r.pk for r in found} == nightly, (start, end, today, search)
        found_some += bool(found)
    assert found_some > 20  # the random inventory leaves rooms free often enough to test the order


def test_the_selector_builds_each_room_with_its_building_and_city(world):
    rooms, _ = _inventory(world, random.Random(3))
    for room in selectors.free_rooms(START, START + D(3), today=START):
        assert room.building.municipality.name == Room.objects.get(pk=room.pk).building.municipality.name


def test_the_booking_check_gives_the_orm_s_answer(world):
    rng = random.Random(11)
    rooms, _ = _inventory(world, rng)
    for _ in range(150):
        room = rng.choice(rooms)
        start, today = START + D(rng.randrange(-15, 130)), START + D(rng.randrange(-10, 140))
        end = start + D(rng.randrange(1, 30))
        query, params = sql.room_taken(room.pk, start, end, today)
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            (taken,) = cursor.fetchone()
        free = _orm_free_rooms(start, end, today, needs=(), without=(), near=None, people=1, exclude=(),
                               limit=None)
        assert bool(taken) == (room.pk not in {r.pk for r in free}), (room, start, end, today)
