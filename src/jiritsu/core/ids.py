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


# A list's page number: far past any list's last page, well short of an offset the database cannot take.
MAX_PAGE = 100_000


def parse_page(value) -> int:
    """The page a `?page=` asks for, from 1 to MAX_PAGE: anything else asks for the first (as Django's
    Paginator.get_page reads a page number that is not one); past the last page is the caller's to clamp."""
    number = parse_id(value)
    return min(number, MAX_PAGE) if number else 1
