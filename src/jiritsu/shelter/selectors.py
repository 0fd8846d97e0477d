"""Reads of the room inventory: free rooms for a period, and the occupancy grid."""
import datetime as dt
from dataclasses import dataclass

from django.db import connections
from django.db.models import Exists, OuterRef, Q

from jiritsu.cases.choices import Complaint
from jiritsu.directory import selectors as directory
from jiritsu.directory.models import Service
from jiritsu.orgs.models import Municipality

from . import rules
from .models import Building, Extension, MoveOut, OutOfService, PlaceLink, Room, Stay, WatchVisit

ONE_DAY = dt.timedelta(days=1)


# The free-room search, written in SQL that SQLite and PostgreSQL both run as is: under load, building and
# compiling this query in the ORM cost more CPU than the database spent running it (BENCHMARKS.md,
# "Shelter rooms").
_FREE_ROOMS = """
SELECT r.id, r.building_id, r.label, r.capacity, r.features, r.available_from, r.available_until,
       b.name AS building_name, b.municipality_id AS town_id, m.name AS town_name, m.code AS town_code,
       m.body_id AS town_body_id
FROM shelter_room r
JOIN shelter_building b ON b.id = r.building_id
JOIN orgs_municipality m ON m.id = b.municipality_id
WHERE (r.available_from IS NULL OR r.available_from <= %s) AND (r.available_until IS NULL OR r.available_until >= %s)
  AND (b.available_from IS NULL OR b.available_from <= %s) AND (b.available_until IS NULL OR b.available_until >= %s)
  AND r.capacity >= %s
"""
_JOINED = ("building_name", "town_id", "town_name", "town_code", "town_body_id")  # set on each room, moved off
# Room `r` is held on some night of [start, end) by an active stay (a stay holds [start_on, end_on)), or
# closed: out-of-service periods include both their days, so they are compared with the last night.
_HELD = ("EXISTS (SELECT 1 FROM shelter_stay s WHERE s.room_id = r.id AND s.status IN ("
         + ", ".join(["%s"] * len(Stay.ACTIVE)) + ") AND s.start_on < %s AND s.end_on > %s)")
_CLOSED = "EXISTS (SELECT 1 FROM shelter_outofservice o WHERE o.room_id = r.id AND o.start_on <= %s AND o.end_on >= %s)"
_BY_PLACE = "r.capacity, m.code, b.name, r.label"
_NEAR_FIRST = "CASE WHEN b.municipality_id = %s THEN 0 WHEN m.body_id = %s THEN 1 ELSE 2 END, "


def free_rooms(start: dt.date, end: dt.date, *, needs=(), near: Municipality | None = None, people: int = 1,
               exclude=(), limit: int | None = None) -> list[Room]:
    """Rooms free for every night in [start, end), with all the needed features and room for `people`.

    Ordered: rooms in the person's own city first, then the same welfare-office body's area, then the
    smallest room that fits (big rooms are kept for families), then by place and label. Filtered, ordered
    and cut to `limit` in the database: building a thousand room objects to show twenty is what made a
    search slow under load (BENCHMARKS.md). Each room comes with its building and municipality, holding
    what a search shows (names, code, body); their other fields load when read.
    """
    alias = Room.objects.db
    date = connections[alias].ops.adapt_datefield_value
    first, last = date(start), date(end - ONE_DAY)
    sql = [_FREE_ROOMS, f"  AND NOT {_HELD} AND NOT {_CLOSED}\n"]
    params = [first, last, first, last, people, *_taken_params(start, end, date)]
    for need in needs:
        # features is a short JSON list of codes; its text holds each code in quotes, on SQLite and PostgreSQL.
        sql.append("  AND CAST(r.features AS TEXT) LIKE %s ESCAPE '!'\n")
        params.append(f'%"{_like_literal(need)}"%')
    if exclude := list(exclude):
        sql.append("  AND r.id NOT IN (" + ", ".join(["%s"] * len(exclude)) + ")\n")
        params += exclude
    if near is not None:
        sql.append("ORDER BY " + _NEAR_FIRST + _BY_PLACE)
        params += [near.pk, near.body_id]
    else:
        sql.append("ORDER BY " + _BY_PLACE)
    if limit:
        sql.append(" LIMIT %s")
        params.append(limit)
    rooms = list(Room.objects.raw("".join(sql), params))
    buildings: dict[int, Building] = {}
    for room in rooms:
        row = vars(room)  # the joined columns arrive as attributes of the room: move them to their objects
        joined = {name: row.pop(name) for name in _JOINED}
        if room.building_id not in buildings:  # rooms of one building share it, as with prefetch_related
            building = _loaded(Building, alias, id=room.building_id, name=joined["building_name"],
                               municipality_id=joined["town_id"])
            building.municipality = _loaded(Municipality, alias, id=joined["town_id"], name=joined["town_name"],
                                            code=joined["town_code"], body_id=joined["town_body_id"])
            buildings[room.building_id] = building
        room.building = buildings[room.building_id]
    return rooms


def taken_sql(start: dt.date, end: dt.date, *, alias: str = "default") -> tuple[str, list]:
    """SQL true when room `r` is held or closed on some night of [start, end), and its parameters."""
    return f"({_HELD} OR {_CLOSED})", _taken_params(start, end, connections[alias].ops.adapt_datefield_value)


def _taken_params(start: dt.date, end: dt.date, date) -> list:
    """The parameters of _HELD, then of _CLOSED."""
    return [*(s.value for s in Stay.ACTIVE), date(end), date(start), date(end - ONE_DAY), date(start)]


def _loaded(model, alias: str, **values):
    """An instance as the ORM loads it with only(): these fields set, the others read on first use."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(alias, names, [values[name] for name in names])


def _like_literal(text: str) -> str:
    """`text` matched literally by LIKE ... ESCAPE '!' (feature codes hold `_`, a LIKE wildcard)."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


@dataclass
class Cell:
    state: str  # free, requested, confirmed, out_of_service, unavailable
    stay: Stay | None = None
    who: str = ""  # the person's name, on the first day shown, only for those allowed to see it


@dataclass
class GridRow:
    room: Room
    cells: list


def occupancy(start: dt.date, days: int = 14) -> tuple[list[dt.date], list[GridRow]]:
    """Rooms × days: what each room is doing each night, in three queries."""
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    end = dates[-1] + ONE_DAY
    rooms = list(Room.objects.select_related("building__municipality"))
    stays: dict[int, list[Stay]] = {}
    for stay in Stay.objects.filter(status__in=Stay.ACTIVE, start_on__lt=end, end_on__gt=start).select_related(
        "case__client"
    ):
        stays.setdefault(stay.room_id, []).append(stay)
    closed: dict[int, list[OutOfService]] = {}
    for oos in OutOfService.objects.filter(start_on__lt=end, end_on__gte=start):
        closed.setdefault(oos.room_id, []).append(oos)
    return dates, [GridRow(room, [_cell(room, d, stays.get(room.pk, ()), closed.get(room.pk, ()))
                                  for d in dates]) for room in rooms]


def _cell(room: Room, day: dt.date, stays, closed) -> Cell:
    for window in (room, room.building):
        if (window.available_from and day < window.available_from) or (
            window.available_until and day > window.available_until
        ):
            return Cell("unavailable")
    if any(o.start_on <= day <= o.end_on for o in closed):
        return Cell("out_of_service")
    for stay in stays:
        if stay.start_on <= day < stay.end_on:
            return Cell(stay.status, stay)
    return Cell("free")


def area_of(case) -> Municipality | None:
    """The person's own city: the municipality named in their address, else their body's first one."""
    towns = list(Municipality.objects.filter(body_id=case.body_id).order_by("code"))
    address = case.client.address or ""
    for town in towns:
        if town.name in address:
            return town
    return towns[0] if towns else None


def with_extension_flag(stays):
    """Annotate `extended`: whether an extension decision is recorded (one subquery, no extra query)."""
    return stays.annotate(extended=Exists(Extension.objects.filter(stay=OuterRef("pk"))))


def _warning_filter(today: dt.date) -> Q:
    """Active stays that have begun and either end within WARN_DAYS or run past 3 months unextended.

    `start_on < today - 3 months` is the calendar rule of `rules.is_overdue` turned round for SQL.
    """
    ending = Q(end_on__lte=today + dt.timedelta(days=rules.WARN_DAYS))
    unextended = Q(extended=False, start_on__lt=rules.add_months(today, -rules.PRINCIPLE_MONTHS))
    return Q(status__in=Stay.ACTIVE, start_on__lte=today) & (ending | unextended)


@dataclass
class StayWarning:
    stay: Stay
    overdue: bool
    label: str


def stay_warnings(cases, today: dt.date) -> list[StayWarning]:
    """Stays of the given cases (a queryset the caller may see) that need attention: overdue first."""
    stays = (with_extension_flag(Stay.objects.filter(case__in=cases))
             .filter(_warning_filter(today)).select_related("room__building", "case__client")
             .order_by("end_on", "pk"))
    found = [StayWarning(s, rules.is_overdue(s, today, extended=s.extended),
                     rules.status_label(s, today, extended=s.extended)) for s in stays]
    return sorted(found, key=lambda w: not w.overdue)


def warning_counts(today: dt.date) -> dict[str, int]:
    """For the prefecture: how many stays end soon and how many are overdue, no people."""
    counts = {"ending": 0, "overdue": 0}
    for stay in with_extension_flag(Stay.objects.all()).filter(_warning_filter(today)).only(
            "status", "start_on", "end_on"):
        counts["overdue" if rules.is_overdue(stay, today, extended=stay.extended) else "ending"] += 1
    return counts


def case_stay(case) -> Stay | None:
    """The case's latest stay that was not cancelled, with its extension flag and move-out: one query."""
    return (with_extension_flag(Stay.objects.filter(case_id=case.pk).exclude(status=Stay.Status.CANCELLED))
            .select_related("room__building", "move_out").order_by("-start_on", "-pk").first())


# ---- partners and places from the resource directory ----

def _directory_services(need: str):
    return directory.search_services(need=need).filter(status=Service.Status.ACTIVE)


def food_partners():
    """Meal services and food banks: active directory services answering 食べるものがない."""
    return _directory_services(Complaint.NO_FOOD)


def places_to_belong():
    """居場所: active directory services answering 地域との関係 (community cafés, salons, dining rooms)."""
    return _directory_services(Complaint.COMMUNITY)


# ---- 地域居住支援 ----

def overdue_visits(cases, today: dt.date):
    """Watch-over visits of the given cases past their date and not recorded, oldest first."""
    return (WatchVisit.objects.filter(case__in=cases, visited_on__isnull=True, due_on__lt=today)
            .select_related("case__client").order_by("due_on", "pk"))


def watch_over(case) -> dict:
    """The case's latest move-out with its visit schedule, and the places the person is linked to."""
    move_out = (MoveOut.objects.filter(stay__case_id=case.pk).select_related("stay")
                .order_by("-moved_on", "-pk").first())
    return {
        "move_out": move_out,
        "visits": list(move_out.visits.select_related("recorded_by")) if move_out else [],
        "places": list(PlaceLink.objects.filter(case_id=case.pk).select_related("place__organization")),
    }
