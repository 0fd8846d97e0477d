"""Ids as the database holds them: positive integers of at most 64 bits (BigAutoField on PostgreSQL and
SQLite). A value in a path, a query or a body that is not one names no record: it is answered as missing
(404), never by the database's overflow error."""

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id `value` names, or None when it cannot name a record (not a whole number, or out of range)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None
