"""The free-room search (hand-written SQL) agrees with a night-by-night check in Python on random rooms,
stays and closures, on SQLite and PostgreSQL: which rooms, in which order, with which building and city."""
import datetime as dt
import random

from jiritsu.orgs.models import Municipality
from jiritsu.shelter import selectors
from jiritsu.shelter.models import Building, Feature, OutOfService, Room, Stay

from .conftest import urgent_case

D = dt.timedelta
START = dt.date(2025, 4, 1)


def _maybe_day(rng, lo: int, hi: int) -> dt.date | None:
    return START + D(rng.randrange(lo, hi)) if rng.random() < 0.3 else None


def _inventory(world, rng):
    case = urgent_case(world)
    handoff = case.handoffs.get()
    towns = list(Municipality.objects.filter(name__in=["日立市", "水戸市", "土浦市", "古河市"]))
    rooms = []
    for i in range(8):
        building = Building.objects.create(name=f"B{i}", municipality=towns[i % len(towns)],
                                           available_from=_maybe_day(rng, -30, 40) or START - D(400),
                                           available_until=_maybe_day(rng, 60, 120))
        for k in range(4):
            rooms.append(Room.objects.create(
                building=building, label=f"{101 + k}", capacity=rng.choice([1, 1, 2, 4]),
                features=rng.sample(Feature.values, rng.randrange(3)),
                available_from=_maybe_day(rng, -10, 30), available_until=_maybe_day(rng, 70, 130)))
    for room in rooms:
        day = START + D(rng.randrange(-20, 10))
        while day < START + D(120):
            end = day + D(rng.randrange(1, 25))
            status = rng.choice([*Stay.ACTIVE, *Stay.ACTIVE, Stay.Status.CANCELLED, Stay.Status.ENDED])
            Stay.objects.create(room=room, case=case, handoff=handoff, start_on=day, end_on=end, status=status,
                                requested_by=world.worker_a)
            day = end + D(rng.randrange(0, 12))
        if rng.random() < 0.4:
            first = START + D(rng.randrange(0, 100))
            OutOfService.objects.create(room=room, start_on=first, end_on=first + D(rng.randrange(0, 5)),
                                        reason="点検")
    return rooms, towns


def _expected(rooms, start, end, *, needs, near, people, exclude, limit):
    """Night by night with the grid's own rule (selectors._cell), then the search's order, in Python."""
    stays = {}
    for stay in Stay.objects.filter(status__in=Stay.ACTIVE):
        stays.setdefault(stay.room_id, []).append(stay)
    closed = {}
    for oos in OutOfService.objects.all():
        closed.setdefault(oos.room_id, []).append(oos)
    nights = [start + D(i) for i in range((end - start).days)]
    free = [room for room in rooms
            if room.pk not in exclude and room.capacity >= people and all(n in room.features for n in needs)
            and all(selectors._cell(room, night, stays.get(room.pk, ()), closed.get(room.pk, ())).state == "free"
                    for night in nights)]

    def order(room):
        town = room.building.municipality
        away = () if near is None else (0 if town.pk == near.pk else 1 if town.body_id == near.body_id else 2,)
        return (*away, room.capacity, town.code, room.building.name, room.label)

    return sorted(free, key=order)[:limit]


def test_it_finds_exactly_the_rooms_free_every_night_in_the_order_shown(world):
    rng = random.Random(7)
    rooms, towns = _inventory(world, rng)
    rooms = list(Room.objects.select_related("building__municipality").filter(pk__in=[r.pk for r in rooms]))
    found_some = 0
    for _ in range(150):
        start = START + D(rng.randrange(-15, 130))
        search = {"needs": rng.sample(Feature.values, rng.choice([0, 0, 1, 2])),
                  "near": rng.choice([None, *towns]), "people": rng.choice([1, 1, 2, 3]),
                  "exclude": rng.sample([r.pk for r in rooms], rng.choice([0, 0, 1, 3])),
                  "limit": rng.choice([None, 1, 5])}
        end = start + D(rng.randrange(1, 30))
        found = selectors.free_rooms(start, end, **search)
        expected = _expected(rooms, start, end, **search)
        assert [r.pk for r in found] == [r.pk for r in expected], (start, end, search)
        for room, want in zip(found, expected, strict=True):
            assert (str(room), room.capacity, room.features, room.building.municipality.name) == (
                str(want), want.capacity, want.features, want.building.municipality.name)
        found_some += bool(found)
    assert found_some > 50  # the random inventory leaves rooms free often enough to test the order
