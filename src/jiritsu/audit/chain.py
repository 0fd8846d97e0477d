"""The access log's hash chain: each row's hash covers its values and the previous row's hash, so a row
changed, removed or slipped in between shows as the first link that no longer holds.

The database computes the hash as it inserts the row, in the inserting transaction (migration 0007):
on PostgreSQL a trigger that first takes a transaction-long lock, so concurrent writers chain one after
the other (the row's id is taken under that lock too, so ids follow the chain); on SQLite, which writes
one transaction at a time anyway, a trigger calling row_hash() below, registered on every connection.
`jiritsu audit verify` recomputes every link here, in Python, as an outsider would.

What is hashed, in this order, each value as `<length>:<text>` or `~` for NULL (so no two rows' values
run together the same way): the fields of HASHED, the time as microseconds since 1970 (UTC).
"""
import datetime as dt
import hashlib
from dataclasses import dataclass

from django.utils.dateparse import parse_datetime

from .models import AccessLog

HASHED = ("id", "at", "user_id", "username", "role", "organisation_name", "organisation_id", "body_id", "case_id",
          "case_number", "action", "what", "via", "client_address", "token_id")
SQLITE_FUNCTION = "jiritsu_accesslog_hash"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def row_hash(previous: str | None, *values) -> str:
    """The hash of one row (values in HASHED order) chained to the previous row's hash ('' for the first)."""
    parts = [previous or ""]
    for name, value in zip(HASHED, values, strict=True):
        if name == "at" and value is not None:
            value = _microseconds(value)
        parts.append("~" if value is None else f"{len(str(value))}:{value}")
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def _microseconds(at) -> int:
    if isinstance(at, str):  # SQLite's stored text (UTC), as the trigger hands it over
        at = parse_datetime(at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return (at - _EPOCH) // dt.timedelta(microseconds=1)


def register_sqlite_function(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver: the SQLite trigger's hash function, on each new connection."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1 + len(HASHED), row_hash, deterministic=True)


@dataclass
class Verdict:
    rows: int  # rows checked
    broken_id: int | None = None  # the first row whose link does not hold
    broken_at: dt.datetime | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify() -> Verdict:
    """Walk the whole log in id order and recompute every link; stop at the first that does not hold."""
    previous, count = "", 0
    for row in AccessLog.objects.order_by("id").values_list(*HASHED, "row_hash").iterator(chunk_size=5000):
        count += 1
        expected = row_hash(previous, *row[:-1])
        if row[-1] != expected:
            return Verdict(rows=count, broken_id=row[0], broken_at=row[1])
        previous = row[-1]
    return Verdict(rows=count)
