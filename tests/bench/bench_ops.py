"""Operations benchmark (issue 20): `jiritsu backup` and `jiritsu restore` of the demo and of 100,000 cases on
PostgreSQL, and the monthly survey read from the streaming replica while the primary takes writes.

    .ci/replica   # the replica on 127.0.0.1:5433
    DATABASE_URL=postgres://root@127.0.0.1:5432/jiritsu_bench_ops \\
    DATABASE_REPLICA_URL=postgres://root@127.0.0.1:5433/jiritsu_bench_ops python -m tests.bench.bench_ops

Uses its own databases (jiritsu_bench_ops, jiritsu_bench_ops_restore), dropped and made afresh; with
BENCH_OPS_DATABASE=<name> it measures that database as it is instead (the 100,000-case database of
tests/bench/load.py, jiritsu_bench_load), without the demo. Backup and restore
are timed as the commands run (a process each, start-up included). Prints Markdown for BENCHMARKS.md.
"""
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import django

DB, RESTORE_DB = "jiritsu_bench_ops", "jiritsu_bench_ops_restore"
SERVER = "postgres://root@127.0.0.1:5432"
CASES = int(os.environ.get("BENCH_CASES", "100000"))
JIRITSU = Path(sys.executable).with_name("jiritsu")


def psql(*sql):
    for statement in sql:
        subprocess.run(["psql", f"{SERVER}/postgres", "-qc", statement], check=True)


def timed_command(*args, db):
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{db}"}
    env.pop("DATABASE_REPLICA_URL", None)
    started = time.monotonic()
    subprocess.run([str(JIRITSU), *args], env=env, check=True, capture_output=True)
    return time.monotonic() - started


def backup_and_restore(label, rows):
    with tempfile.TemporaryDirectory() as work:
        archive = Path(work) / "b.jiritsu"
        backup_s = timed_command("backup", str(archive), db=DB)
        psql(f"DROP DATABASE IF EXISTS {RESTORE_DB} WITH (FORCE)", f"CREATE DATABASE {RESTORE_DB}")
        restore_s = timed_command("restore", str(archive), db=RESTORE_DB)
        size = archive.stat().st_size / 1e6
    return f"| {label} | {rows:,} | {size:,.1f} | {backup_s:.1f} | {restore_s:.1f} |"


def survey_seconds():
    from jiritsu.core.routing import reporting
    from jiritsu.stats.survey import monthly_survey, parse_month, resolve_unit

    with reporting():
        started = time.monotonic()
        monthly_survey(resolve_unit("08"), parse_month("2025-04"), parse_month("2026-03"))
        return time.monotonic() - started


def write_mix(stop, counter):
    """Desk writes on the primary: a progress record and its access-log row, as the step pages write them."""
    from django.db import connections

    from jiritsu.audit import log as audit
    from jiritsu.cases.models import Case, ProgressRecord

    user_case = Case.objects.select_related("received_by__staff__organisation").filter(
        received_by__staff__isnull=False).order_by("pk").first()
    user = user_case.received_by
    try:
        while not stop.is_set():
            ProgressRecord.objects.create(case=user_case, organisation=user.staff.organisation, author=user,
                                          occurred_on=user_case.received_on, kind="service", text="bench")
            audit.record(user=user, action="create", what="支援経過を記録", case=user_case)
            counter[0] += 1
    finally:
        connections.close_all()


def main():
    global DB
    reuse = os.environ.get("BENCH_OPS_DATABASE")
    if reuse:
        DB = reuse
    else:
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiritsu.settings")
    django.setup()
    from django.core.management import call_command

    from jiritsu.cases.models import Case
    from jiritsu.demo.generate import setup_demo
    from tests.bench.seed import seed

    call_command("migrate", verbosity=0)
    rows = ["| Data | cases | file MB | backup s | restore s |", "|---|---|---|---|---|"]
    if reuse:
        rows.append(backup_and_restore(f"`{DB}` (tests/bench/load.py's seeded cases)", Case.objects.count()))
    else:
        setup_demo()
        rows.append(backup_and_restore("demo (`jiritsu setup-demo`)", Case.objects.count()))
        print(rows[-1], flush=True)
        seed(CASES)
        rows.append(backup_and_restore(f"demo + {CASES:,} seeded cases", Case.objects.count()))
    print(rows[-1], flush=True)

    survey = ["| Survey (unit 08, 12 months) | seconds | desk writes/s meanwhile |", "|---|---|---|"]
    if "replica" in django.conf.settings.DATABASES:
        time.sleep(2)  # the replica replays the seed
        idle = min(survey_seconds() for _ in range(3))
        survey.append(f"| from the replica, primary idle | {idle:.2f} | 0 |")
        stop, counter = threading.Event(), [0]
        writers = [threading.Thread(target=write_mix, args=(stop, counter)) for _ in range(2)]
        for w in writers:
            w.start()
        time.sleep(1)
        started, before = time.monotonic(), counter[0]
        busy = [survey_seconds() for _ in range(3)]
        rate = (counter[0] - before) / (time.monotonic() - started)
        stop.set()
        for w in writers:
            w.join()
        survey.append(f"| from the replica, primary taking writes | {max(busy):.2f} (worst of 3) | {rate:.0f} |")
    print(f"load average (1 min) {os.getloadavg()[0]:.1f}")
    print("\n".join(rows + [""] + survey))


if __name__ == "__main__":
    main()
