"""The statistics' hand-written SQL, all of it: PostgreSQL session settings for a report's grouped queries.

Why SQL: work_mem and jit are settings of the database session, which the ORM has no words for; SET LOCAL
keeps them to the report's own transaction (tests/stats/test_sql.py).
"""
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def analytic_settings():
    """On PostgreSQL, for the grouped joins of one report: memory enough to hash them without spilling to
    disk, and no JIT compilation (it costs more than it saves on queries of a second)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL jit = off")
        yield
