"""The one function through which every access to case personal data is recorded."""
import json
from functools import cache

from django.db import connections, router
from django.utils import timezone

from jiritsu.core.prepared import prepared

from .context import current_origin
from .models import AccessLog


def record(*, user, action: str, what: str, via: str | None = None, case=None, body_id=None) -> None:
    # A hand-written INSERT: every case page view writes one, and Model.save() cost more than the statement.
    connection = connections[router.db_for_write(AccessLog)]
    values = [
        *_common(connection, user, via), case.body_id if case is not None else body_id,
        case.pk if case is not None else None, case.case_number if case is not None else "", action, what[:200],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_one(connection.vendor), values)


def record_many(*, user, action: str, what: str, cases, via: str | None = None) -> None:
    """One row per case (lists, exports, search results), in one statement."""
    record_rows(user=user, action=action, what=what, via=via,
                rows=((c.pk, c.body_id, c.case_number) for c in cases))


def record_rows(*, user, action: str, what: str, rows, via: str | None = None) -> None:
    """One row per (case id, body id, case number): for pages that read those values, not the cases."""
    rows = [[case_id, body_id, number] for case_id, body_id, number in rows]
    if not rows:
        return
    connection = connections[router.db_for_write(AccessLog)]
    # What is the same for every row is sent once, the cases' values as one JSON array the database unpacks:
    # one statement and a dozen parameters however many rows (a parameter per value cost more to send than
    # the INSERT to run, and SQLite limits their number).
    params = [*_common(connection, user, via), action, what[:200], json.dumps(rows, ensure_ascii=False)]
    with connection.cursor() as cursor:
        cursor.execute(_insert_rows(connection.vendor), params)


def record_query(*, user, action: str, what: str, cases, via: str | None = None) -> None:
    """One row per case of a queryset in a single INSERT ... SELECT, whatever the number of cases.

    record_many() is split into batches by the database's parameter limit (about 90 rows a query on
    SQLite), so a 1,000-case print or export would cost a dozen queries; this costs one.
    """
    connection = connections[router.db_for_write(AccessLog)]
    sub_sql, sub_params = cases.order_by().values_list("pk", "body_id", "case_number").query.sql_with_params()
    sql = _insert(connection, f"SELECT {_COMMON_PARAMS}, sub.body_id, sub.pk, sub.case_number, %s, %s "
                              f"FROM ({sub_sql}) sub")
    params = [*_common(connection, user, via), action, what[:200], *sub_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _common(connection, user, via: str | None) -> list:
    """What every row of one call shares: when, who (id, name, role, organisation), from where, by which token."""
    origin = current_origin()
    staff = getattr(user, "staff", None) if user is not None else None
    org = staff.organisation if staff is not None else None
    return [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        user.pk if user is not None and user.is_authenticated else None,
        getattr(user, "username", "") or ("(system)" if user is None else "(未ログイン)"), staff.role if staff is not None else "",
        org.name if org else "", org.pk if org else None,
        (via or origin.via)[:200], origin.client_address, origin.token_id,
    ]


COMMON = ("at", "user_id", "username", "role", "organisation_name", "organisation_id", "via", "client_address",
          "token_id")
COLUMNS = (*COMMON, "body_id", "case_id", "case_number", "action", "what")
_COMMON_PARAMS = ", ".join(["%s"] * len(COMMON))


@cache
def _insert_one(vendor: str) -> str:
    """The one-row INSERT, prepared on PostgreSQL (core.prepared): written on every case page view."""
    return prepared(_insert(connections[router.db_for_write(AccessLog)], "VALUES (" + ", ".join(["%s"] * len(COLUMNS)) + ")"))


# Each row of a JSON array [[case id, body id, case number], ...] as (case_id, body_id, number).
_JSON_ROWS = {
    "postgresql": "SELECT (e->>0)::bigint AS case_id, (e->>1)::bigint AS body_id, e->>2 AS number "
                  "FROM json_array_elements(%s::json) AS e",
    "sqlite": "SELECT json_extract(value, '$[0]') AS case_id, json_extract(value, '$[1]') AS body_id, "
              "json_extract(value, '$[2]') AS number FROM json_each(%s)",
}


@cache
def _insert_rows(vendor: str) -> str:
    return _insert(connections[router.db_for_write(AccessLog)], f"SELECT {_COMMON_PARAMS}, c.body_id, c.case_id, c.number, "
                                                      f"%s, %s FROM ({_JSON_ROWS[vendor]}) c")


def _insert(connection, rows: str) -> str:
    q = connection.ops.quote_name
    return f"INSERT INTO {q(AccessLog._meta.db_table)} ({', '.join(q(c) for c in COLUMNS)}) {rows}"


WRITES = ("create", "update", "delete")


def last_write(body_id) -> int:
    """The id of the latest write recorded for the body's data (0 before any).

    Every service writes its audit row in the transaction of its change, so this number moves whenever a
    service changed something of the body (its cases, people, meetings, staff): a cheap version of the
    body's data for pages that cache what they computed from it."""
    latest = AccessLog.objects.filter(body_id=body_id, action__in=WRITES).order_by("-id").values_list("id", flat=True)
    return latest.first() or 0
