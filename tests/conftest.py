import datetime as dt
import importlib
import os

import pytest
from pytest_django.plugin import blocking_manager_key

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
_append_only = importlib.import_module("jiritsu.audit.migrations.0002_append_only")
_chained = importlib.import_module("jiritsu.audit.migrations.0006_origin_and_hash_chain")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages keep what they computed in the process's cache (the Today lists); each test starts without."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reports_from_replica(request, settings):
    """With DATABASE_REPLICA_URL, only the tests that ask for the replica database read reports from it: the
    others hold their data in a transaction no replica can see (or are not allowed that connection)."""
    marker = request.node.get_closest_marker("django_db")
    settings.REPORTS_FROM_REPLICA = bool(marker and "replica" in (marker.kwargs.get("databases") or ()))


@pytest.fixture
def ibaraki(db):
    """Ibaraki's prefecture, 44 municipalities, 33 bodies and the prefecture's (demo) welfare offices."""
    from jiritsu.demo.organisations import load_welfare_offices
    from jiritsu.orgs.loader import load_prefecture

    pref = load_prefecture()
    load_welfare_offices(pref)
    return pref


@pytest.fixture
def world(ibaraki):
    """Two cities with agencies and staff of every role, two providers, the prefecture's staff."""
    from tests.factories import build_world

    return build_world()


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    return lambda n: today - dt.timedelta(days=n)


def _audit_triggers(enable: bool) -> None:
    """Drop or restore the access log's append-only triggers (the SQL of the migration that made them)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        statements = _append_only.PG_UP if enable else _append_only.PG_DOWN
    else:
        statements = _chained.SQLITE_APPEND_ONLY_UP if enable else _chained.SQLITE_APPEND_ONLY_DOWN
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live-server tests included) runs in a database that is emptied (flushed)
    after it; the access log's triggers refuse exactly that, so they are lifted for the flush and put
    back right after. Shared by the e2e tests and any `django_db(transaction=True)` test."""
    from django.db import connection

    # pytest-django's live server asks for transactional_db on the fly, so look for either name.
    marker = item.get_closest_marker("django_db")
    flushed = bool({"transactional_db", "live_server"} & set(item.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction")
    )
    blocker = item.config.stash[blocking_manager_key]
    test_db = connection.settings_dict["NAME"]
    if flushed:
        with blocker.unblock():
            _audit_triggers(enable=False)
    yield
    # After the last test the test database is gone and the connection points at the real one again:
    # only a test database that is still in use gets its triggers back.
    if flushed and nextitem is not None and connection.settings_dict["NAME"] == test_db:
        with blocker.unblock():
            _audit_triggers(enable=True)
