"""Reports read from a real streaming replica (DATABASE_REPLICA_URL, `.ci/replica`); desks stay on the primary.

These tests commit their data (a replica sees only what the primary committed) and wait until the replica has
replayed it. Without a replica configured they are skipped; `.ci/run` runs them against one.
"""
import datetime as dt
import threading
import time

import pytest
from django.conf import settings
from django.db import close_old_connections, connections, router
from django.test.utils import CaptureQueriesContext

from jiritsu.audit import log as audit
from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Case
from jiritsu.core.routing import reporting
from tests.stats import builders as b

pytestmark = [
    pytest.mark.skipif("replica" not in settings.DATABASES, reason="needs DATABASE_REPLICA_URL (.ci/replica)"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]
SURVEY = "/stats/monthly/?unit={unit}&first=2024-04&last=2024-05"


def replica_caught_up(timeout=30.0) -> float:
    """Wait until the replica has replayed everything the primary has written; the seconds it took."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        lsn = cursor.fetchone()[0]
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError("the replica did not catch up")


@pytest.fixture(scope="module", autouse=True)
def replica_has_the_test_database(django_db_setup, django_db_blocker):
    """The primary has just created this worker's test database; the replica gets it a moment later (under
    the load of a parallel run, seconds later). Wait for it rather than fail the first test that connects."""
    from django.db.utils import OperationalError

    with django_db_blocker.unblock():
        started = time.monotonic()
        while True:
            try:
                replica_caught_up(timeout=60.0)
                return
            except OperationalError:  # the database is not on the replica yet
                connections["replica"].close()
                if time.monotonic() - started > 60:
                    raise
                time.sleep(0.2)


@pytest.fixture
def cases(world):
    first = b.case("08202", dt.date(2024, 4, 3))
    b.plan(first, 1, dt.date(2024, 5, 1), work_support_target=True)
    b.case("08202", dt.date(2024, 5, 7))
    replica_caught_up()
    return first


def test_the_replica_is_a_real_standby_of_the_test_database():
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database(), inet_server_port()")
        in_recovery, name, port = cursor.fetchone()
    assert in_recovery and name == connections["default"].settings_dict["NAME"]
    assert port != connections["default"].settings_dict.get("PORT", 5432)


def test_reports_read_from_the_replica_and_everything_else_from_the_primary():
    assert Case.objects.all().db == "default"
    with reporting():
        assert Case.objects.all().db == "replica"
        assert router.db_for_write(Case) == "default" and router.db_for_write(AccessLog) == "default"
        assert Case.objects.select_for_update().db == "default"


def test_the_survey_page_is_served_from_the_replica_and_its_access_rows_written_on_the_primary(client, world, cases):
    client.force_login(world.chief_a)
    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        page = client.get(SURVEY.format(unit="08202"))
    assert page.status_code == 200
    assert any("cases_case" in q["sql"] for q in on_replica.captured_queries)
    assert not any("cases_case" in q["sql"] and "INSERT" not in q["sql"] for q in on_primary.captured_queries)
    csv = client.get("/stats/monthly.csv?unit=08202&first=2024-04&last=2024-05").content.decode("utf-8-sig")
    assert csv.splitlines()[-1].startswith("合計,2,1,1,")
    drill = client.get(SURVEY.format(unit="08202").replace("monthly/", "monthly/cases/") + "&column=new&month=2024-04")
    assert drill.status_code == 200
    # The access row of the drill-down went to the primary (the replica is read-only) and is in the chain.
    assert AccessLog.objects.using("default").filter(case_id=cases.pk, what__contains="支援状況調査の内訳").exists()


def test_a_desk_page_never_touches_the_replica(client, world, cases):
    client.force_login(world.worker_a)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get(f"/cases/{cases.pk}/").status_code in (200, 302)
        assert client.get("/").status_code == 200
    assert on_replica.captured_queries == []


def test_a_report_is_served_while_the_primary_takes_writes(client, world, cases):
    b.case("08203", dt.date(2024, 4, 10))  # its agency and recorder exist before the writers race
    stop, written, errors = threading.Event(), [1], []

    def write_load():
        try:
            while not stop.is_set():
                b.case("08203", dt.date(2024, 4, 10))
                audit.record(user=None, action="create", what="負荷テスト", via="test: write load")
                written[0] += 1
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()
            connections.close_all()

    writers = [threading.Thread(target=write_load) for _ in range(2)]
    for w in writers:
        w.start()
    client.force_login(world.policy)
    try:
        timings = []
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            started = time.monotonic()
            page = client.get(SURVEY.format(unit="08"))
            timings.append(time.monotonic() - started)
            assert page.status_code == 200
    finally:
        stop.set()
        for w in writers:
            w.join()
    assert not errors, errors
    assert written[0] > 10 and len(timings) >= 3
    lag = replica_caught_up()
    assert lag < 10
    csv = client.get("/stats/monthly.csv?unit=08203&first=2024-04&last=2024-04").content.decode("utf-8-sig")
    assert csv.splitlines()[-1].startswith(f"合計,{written[0]},")
