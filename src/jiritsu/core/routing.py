"""Reports read from a replica (DATABASE_REPLICA_URL); everything else stays on the primary.

The survey, comparisons, public figures, cost share, the implementation table and their exports are long
reads over many rows: served from a streaming replica they leave the primary to the desks. Only what runs
inside `reporting()` (report pages on GET, the `jiritsu report ...` commands) reads from the replica; a desk
that writes and then reads always reads the primary, so it never misses its own write. Every write, the
access log's rows of a report included, goes to the primary.
"""
import contextvars
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
_reporting = contextvars.ContextVar("jiritsu_reporting", default=False)


@contextmanager
def reporting():
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def report_view(view):
    """A report page: its GET reads from the replica (a POST, which may write, stays on the primary)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with reporting():
            return view(request, *args, **kwargs)
    return wrapped


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and settings.REPORTS_FROM_REPLICA


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reporting.get() and replica_configured() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by streaming
