"""The shelter's hand-written SQL, all of it (tests/shelter/test_sql.py compares each with the ORM's answer).

Written in SQL that SQLite and PostgreSQL both run as is: under load, building and compiling these in the ORM
cost more CPU than the database spent running them (BENCHMARKS.md, "Shelter rooms").

A room `r` is taken on some night of [start, end) when
- an active stay holds it: its planned nights [start_on, end_on) meet the period, or it is an overstay as of
  `today` (confirmed, end_on before today: rules.is_overstay) that began before the period ends, since an
  overstay holds its room until the move-out is recorded;
- it is closed: an out-of-service period (both days included) meets a night of the period;
- it is not in use then: the room's or its site's window (both days included) does not cover every night.
"""
import datetime as dt

from django.db import connections

from .models import Stay

ONE_DAY = dt.timedelta(days=1)
_ACTIVE = "(" + ", ".join(f"'{s.value}'" for s in Stay.ACTIVE) + ")"
_HELD = ("EXISTS (SELECT 1 FROM shelter_stay s WHERE s.room_id = r.id AND s.status IN " + _ACTIVE
         + " AND s.start_on < %s AND (s.end_on > %s OR (s.status = 'confirmed' AND s.end_on < %s)))")
_CLOSED = "EXISTS (SELECT 1 FROM shelter_outofservice o WHERE o.room_id = r.id AND o.start_on <= %s AND o.end_on >= %s)"
_IN_USE = ("(r.available_from IS NULL OR r.available_from <= %s) AND (r.available_until IS NULL OR r.available_until >= %s)"
           " AND b.available_from <= %s AND (b.available_until IS NULL OR b.available_until >= %s)")
_ROOMS = """
SELECT r.id, r.building_id, r.label, r.capacity, r.features, r.available_from, r.available_until, r.version,
       b.name AS building_name, b.municipality_id AS town_id, m.name AS town_name, m.code AS town_code,
       m.body_id AS town_body_id
FROM shelter_room r
JOIN shelter_building b ON b.id = r.building_id
JOIN orgs_municipality m ON m.id = b.municipality_id
WHERE r.capacity >= %s AND {in_use} AND NOT {held} AND NOT {closed}
"""
JOINED = ("building_name", "town_id", "town_name", "town_code", "town_body_id")  # columns beside the room's
_BY_PLACE = "r.capacity, m.code, b.name, r.label"
_NEAR_FIRST = "CASE WHEN b.municipality_id = %s THEN 0 WHEN m.body_id = %s THEN 1 ELSE 2 END, "
_HAS_FEATURE = "CAST(r.features AS TEXT) LIKE %s ESCAPE '!'"


def free_rooms(start: dt.date, end: dt.date, today: dt.date, *, needs=(), without=(), people: int = 1,
               near=None, exclude=(), limit: int | None = None, alias: str = "default") -> tuple[str, list]:
    """The free-room search: SQL and parameters selecting the rooms free on every night of [start, end) for
    `people`, with every feature of `needs` and none of `without`, the person's own city first (`near`), then
    their body's area, then the smallest room that fits, then by place and label."""
    date = connections[alias].ops.adapt_datefield_value
    sql = [_ROOMS.format(in_use=_IN_USE, held=_HELD, closed=_CLOSED)]
    params = [people, *_window_params(start, end, date), *_taken_params(start, end, today, date)]
    for need in needs:
        # features is a short JSON list of codes; its text holds each code in quotes, on SQLite and PostgreSQL.
        sql.append(f"  AND {_HAS_FEATURE}\n")
        params.append(_quoted_code(need))
    for feature in without:
        sql.append(f"  AND NOT {_HAS_FEATURE}\n")
        params.append(_quoted_code(feature))
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
    return "".join(sql), params


def room_taken(room_id: int, start: dt.date, end: dt.date, today: dt.date, *, alias: str = "default"):
    """SQL and parameters for one boolean: whether the room is taken, closed or not in use on some night of
    [start, end) (a booking's check, read in the statement that reads the case)."""
    date = connections[alias].ops.adapt_datefield_value
    sql = (f"SELECT NOT ({_IN_USE}) OR {_HELD} OR {_CLOSED} FROM shelter_room r "
           "JOIN shelter_building b ON b.id = r.building_id WHERE r.id = %s")
    return sql, [*_window_params(start, end, date), *_taken_params(start, end, today, date), room_id]


def _window_params(start, end, date) -> list:
    first, last = date(start), date(end - ONE_DAY)
    return [first, last, first, last]


def _taken_params(start, end, today, date) -> list:
    """The parameters of _HELD, then of _CLOSED."""
    return [date(end), date(start), date(today), date(end - ONE_DAY), date(start)]


def _quoted_code(code: str) -> str:
    """A LIKE pattern matching `"code"` literally with ESCAPE '!' (codes hold `_`, a LIKE wildcard)."""
    literal = code.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f'%"{literal}"%'


def insert_unless_held(stay: Stay, alias: str) -> int | None:
    """PostgreSQL: INSERT ... ON CONFLICT DO NOTHING against the exclusion constraints; the new id, or None
    when an overlapping active stay holds the room or the case.

    Two plain INSERTs of overlapping stays made at the same moment each wait inside the constraint for the
    other, a deadlock PostgreSQL breaks only after deadlock_timeout (1 s); the 16-client bench ran into it. A
    speculative insert waits for the other's outcome without that, and requests for other nights of the room
    do not wait at all (a row lock on the room would queue them). An overstay is refused by its trigger
    (an IntegrityError, as from a plain INSERT)."""
    connection = connections[alias]
    fields = [f for f in Stay._meta.get_fields() if f.concrete and not f.primary_key]
    q = connection.ops.quote_name
    sql = (f"INSERT INTO {q(Stay._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING RETURNING {q(Stay._meta.get_field('id').column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [f.get_db_prep_save(f.pre_save(stay, True), connection) for f in fields])
        row = cursor.fetchone()
    return row[0] if row else None
