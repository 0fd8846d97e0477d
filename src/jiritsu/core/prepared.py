"""Statements PostgreSQL plans once per connection, chosen one by one.

A statement marked with `prepared(sql)` is prepared on its connection the first time it runs; later runs
skip parsing and, once PostgreSQL finds its generic plan no worse than the custom ones, planning. That is
worth it for a statement that is costly to plan and cheap to run, such as the case page's one statement
over a dozen tables (core.jsonrows: about 0.9 ms of planning for 0.4 ms of work).

Not every statement: a generic plan is made without the parameters' values, so it cannot use a partial
index whose condition a parameter would have to match (the work lists' and the access log's). Unmarked
statements are planned with their values on every run, as before: settings.py sets psycopg's
prepare_threshold to 0 and this cursor says, for each statement, whether to prepare it.
"""
from django.db.backends.postgresql.base import ServerBindingCursor

MARK = "/* prepared */ "


def prepared(sql: str) -> str:
    """`sql`, marked to be prepared on PostgreSQL (harmless elsewhere: a comment)."""
    return MARK + sql


class PreparingCursor(ServerBindingCursor):
    """The PostgreSQL cursor (settings.DATABASES OPTIONS cursor_factory): prepares the marked statements."""

    def execute(self, query, params=None, *, prepare=None, **kwargs):
        if prepare is None:  # psycopg would prepare any statement run prepare_threshold times: only ours
            prepare = isinstance(query, str) and query.startswith(MARK)
        return super().execute(query, params, prepare=prepare, **kwargs)
