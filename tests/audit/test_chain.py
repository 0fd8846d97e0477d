"""The access log's hash chain: every row is chained to the one before by the database as it is written;
`jiritsu audit verify` recomputes the chain and names the first row whose link fails after a row was
changed, removed or slipped in; concurrent writers still form one chain (PostgreSQL)."""
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from jiritsu.audit import chain, log
from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Case
from jiritsu.cli import management_argv
from tests.conftest import _audit_triggers
from tests.factories import new_case

pg_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


@pytest.fixture
def written(world):
    """Rows from each way the app writes the log: one row, many rows, a whole query."""
    cases = [new_case(world), new_case(world)]
    log.record(user=world.worker_a, action="read", what="ケース詳細", case=cases[0])
    log.record_many(user=world.worker_a, action="search", what="検索「山田」", cases=cases)
    log.record_query(user=world.worker_a, action="export", what="CSV", cases=Case.objects.all())
    return list(AccessLog.objects.order_by("id"))


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_it_chains_every_row_as_it_is_written_and_verifies_the_whole_log(written):
    assert len(written) >= 7 and all(len(r.row_hash) == 64 for r in written)
    assert len({r.row_hash for r in written}) == len(written)
    assert chain.verify().intact
    assert f"アクセス記録 {len(written)}行のハッシュの連鎖を検証しました。改ざんは見つかりません。" in _verify()


def test_it_refuses_to_change_a_row_or_its_hash_while_the_protection_stands(written):
    for sql in ("UPDATE audit_accesslog SET what = 'x' WHERE id = %s",
                "UPDATE audit_accesslog SET row_hash = 'x' WHERE id = %s",
                "DELETE FROM audit_accesslog WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [written[1].pk])
    assert chain.verify().intact


def _tamper(sql, params):
    """As the table's owner (or anyone holding a SQLite file) could: the triggers lifted, the row rewritten."""
    _audit_triggers(enable=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    _audit_triggers(enable=True)


def test_it_names_the_first_row_whose_value_was_changed(written):
    _tamper("UPDATE audit_accesslog SET username = 'someone_else' WHERE id = %s", [written[2].pk])
    verdict = chain.verify()
    assert (verdict.broken_id, verdict.rows) == (written[2].pk, 3)
    with pytest.raises(CommandError, match=f"3行目（id={written[2].pk}、令和"):
        call_command("audit_verify")


def test_it_shows_a_removed_row_at_the_row_after_it(written):
    _tamper("DELETE FROM audit_accesslog WHERE id = %s", [written[3].pk])
    assert chain.verify().broken_id == written[4].pk


def test_it_shows_a_rewritten_row_even_with_its_own_hash_recomputed(written):
    """Recomputing the changed row's hash does not help: the next row was chained to the old one."""
    row = written[1]
    values = [getattr(row, name) for name in chain.HASHED]
    values[chain.HASHED.index("what")] = "閲覧していない"
    forged = chain.row_hash(written[0].row_hash, *values)
    _tamper("UPDATE audit_accesslog SET what = %s, row_hash = %s WHERE id = %s", ["閲覧していない", forged, row.pk])
    assert chain.verify().broken_id == written[2].pk


def test_it_keeps_one_chain_for_a_row_of_every_shape_of_value(world):
    """NULLs, empty strings, a NUL-free oddity of every kind: the database's hash and Python's agree."""
    log.record(user=None, action="read", what="", body_id=None)
    log.record(user=world.worker_a, action="read", what="「~」:12:~ 🙂 " + "長" * 300, body_id=2**62)
    assert chain.verify().intact


def test_it_reads_audit_verify_as_one_command():
    assert management_argv(["audit", "verify"]) == ["jiritsu", "audit_verify"]
    assert management_argv(["grant-runtime-role", "app"]) == ["jiritsu", "grant_runtime_role", "app"]


@pg_only
@pytest.mark.django_db(transaction=True)
def test_it_chains_concurrent_writers_one_after_the_other(world):
    """A writer holding its transaction open makes the next wait: the second row chains to the first
    (without the lock both would chain to the same previous row and the log would fork)."""
    first_written, release = threading.Event(), threading.Event()
    user = world.worker_a

    def slow_writer():
        try:
            with transaction.atomic():
                log.record(user=user, action="read", what="先に書く", body_id=None)
                first_written.set()
                release.wait(5)
        finally:
            connection.close()

    def second_writer():
        try:
            first_written.wait(5)
            log.record(user=user, action="read", what="後から書く", body_id=None)
        finally:
            connection.close()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=second_writer)]
    for t in threads:
        t.start()
    threads[1].join(0.5)
    assert threads[1].is_alive()  # waiting for the first writer's transaction
    release.set()
    for t in threads:
        t.join(10)
    assert list(AccessLog.objects.filter(what__in=["先に書く", "後から書く"]).order_by("id")
                .values_list("what", flat=True)) == ["先に書く", "後から書く"]
    assert chain.verify().intact


RUNTIME_ROLE = "jiritsu_test_runtime"


@pg_only
def test_it_lets_the_runtime_role_read_and_append_to_the_log_and_nothing_more(written):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {RUNTIME_ROLE} NOLOGIN")  # rolled back with the test
    call_command("grant_runtime_role", RUNTIME_ROLE)
    table = "audit_accesslog"
    refused = [f"UPDATE {table} SET what = 'x'", f"DELETE FROM {table}", f"TRUNCATE {table}",
               f"ALTER TABLE {table} DISABLE TRIGGER audit_accesslog_no_change",
               f"ALTER TABLE {table} DISABLE TRIGGER ALL", f"DROP TRIGGER audit_accesslog_chain ON {table}",
               f"ALTER TABLE {table} ADD COLUMN note text", f"DROP TABLE {table}",
               "CREATE OR REPLACE FUNCTION audit_accesslog_refuse() RETURNS trigger AS $$ BEGIN RETURN NULL; END; "
               "$$ LANGUAGE plpgsql"]
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {RUNTIME_ROLE}")
        try:
            for sql in refused:
                with pytest.raises(DatabaseError, match="permission denied|must be owner"), transaction.atomic():
                    cursor.execute(sql)
            log.record(user=None, action="read", what="実行用ロールから追記", body_id=None)
            cursor.execute("UPDATE cases_case SET version = version WHERE false")  # the app's own tables: yes
        finally:
            cursor.execute("RESET ROLE")
    assert AccessLog.objects.filter(what="実行用ロールから追記").exists() and chain.verify().intact


@pg_only
def test_it_refuses_to_grant_the_owner_or_an_unknown_role(db):
    with pytest.raises(CommandError, match="テーブルの所有者"):
        call_command("grant_runtime_role", connection.settings_dict["USER"])
    with pytest.raises(CommandError, match="がありません"):
        call_command("grant_runtime_role", "no_such_role_here")


@pg_only
@pytest.mark.django_db
def test_the_chain_finds_the_previous_hash_through_the_index_even_in_a_session_that_began_on_an_empty_log():
    # PL/pgSQL keeps the first plan of the trigger's look-up for the session: planned on an empty log it was a
    # full scan, and a first import of an old ledger slowed with every row (audit migration 0008).
    with connection.cursor() as cursor:
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'audit_accesslog_chain'")
        assert "enable_seqscan=off" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT row_hash FROM audit_accesslog ORDER BY id DESC LIMIT 1")
        assert "Index Scan Backward" in " ".join(row[0] for row in cursor.fetchall())
