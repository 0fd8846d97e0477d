"""Monthly survey benchmark: the whole prefecture over a million cases, beside one hand-written SQL aggregate;
then 100,000 ledger rows through the real `jiritsu import cases`.

    BENCH_SURVEY_CASES=1000000 BENCH_IMPORT_ROWS=100000 python -m tests.bench.bench_survey

Uses its own PostgreSQL database (BENCH_SURVEY_DATABASE_URL, default jiritsu_bench_survey), created if missing
and seeded once with INSERT ... SELECT generate_series (bulk SQL, not the ORM); a later run reuses the rows.
The survey and the hand-written SQL must give the same figures, or the run fails. The import runs inside a
transaction that is rolled back, so the seeded base stays the same from run to run.
"""
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.report import write_section

DEFAULT_URL = "postgres://root@127.0.0.1:5432/jiritsu_bench_survey"
FIRST, LAST = dt.date(2016, 4, 1), dt.date(2026, 3, 1)  # FY2016-FY2025: 120 months
DAYS = (dt.date(2026, 4, 1) - FIRST).days
SEED_PREFIX = "S-"
REPEATS = 5


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    exists = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-tAc",
                             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True)
    if exists.stdout.strip() != "1":
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-qc", f'CREATE DATABASE "{name}"'],
                       check=True)


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiritsu.settings")
    import django

    django.setup()


# Plan service lists the seed cycles through (JSON text as the ORM writes it).
SERVICE_SETS = ['[]', '["housing_benefit"]', '["employment_prep", "household_budget"]', '["agency_employment"]',
                '["temporary_shelter", "housing_benefit"]', '["work_training", "welfare_loan", "hellowork_program"]',
                '["community_living"]']


def seed(n: int) -> float:
    """n cases across every body, received over FY2016-FY2025: 40% with a decided first plan (a tenth of those
    re-planned later), 5% with an undecided draft, employment and income outcomes (some twice in a month)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from jiritsu.cases.models import Case
    from jiritsu.cases.services import derived
    from jiritsu.orgs.loader import load_prefecture
    from jiritsu.orgs.models import Body, Organisation

    t0 = time.perf_counter()
    load_prefecture()
    user, _ = get_user_model().objects.get_or_create(username="bench_survey")
    body_ids, agency_ids = [], []
    for body in Body.objects.order_by("pk"):
        org, _ = Organisation.objects.get_or_create(
            prefecture=body.prefecture, kind=Organisation.Kind.AGENCY, body=body,
            defaults={"name": f"{body.name} 自立相談支援機関（ベンチ）", "operation": "direct"})
        body_ids.append(body.pk)
        agency_ids.append(org.pk)
    p = {"n": n, "bodies": body_ids, "agencies": agency_ids, "nb": len(body_ids), "user": user.pk,
         "first": FIRST, "days": DAYS, "sets": SERVICE_SETS, "ns": len(SERVICE_SETS)}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM cases_client")
        p["base"] = cur.fetchone()[0]
        cur.execute("""
            INSERT INTO cases_client (family_name, given_name, family_name_kana, given_name_kana, sex, birth_date,
                postal_code, address, phone_home, phone_mobile, email, name_folded, kana_folded, phone_digits,
                version, created_at, updated_at, body_id)
            SELECT '見本', 'S' || g, '', '', '', NULL, '', '', '', '', '', '見本s' || g, '', '', 0, now(), now(),
                   (%(bodies)s::bigint[])[1 + (g::bigint * 7919) %% %(nb)s]
            FROM generate_series(1, %(n)s) g""", p)
        cur.execute("""
            INSERT INTO cases_case (case_number, received_on, route, visitor_name, visitor_phone, visitor_relation,
                complaints, main_complaint, consultation_note, work_status, housing_status, health_insurance, pension,
                status, urgent, closed_on, closure_reason, version, created_at, updated_at, agency_id,
                assigned_to_id, body_id, received_by_id, client_id)
            SELECT 'S-' || c.id, %(first)s::date + ((c.id * 104729) %% %(days)s)::int, 'visit', '', '',
                   '', '["income"]', 'income', '', '', '', '', '', 'in_support', false, NULL, '', 0, now(), now(),
                   ag.agency_id, NULL, c.body_id, %(user)s, c.id
            FROM cases_client c
            JOIN unnest(%(bodies)s::bigint[], %(agencies)s::bigint[]) AS ag(body_id, agency_id) ON ag.body_id = c.body_id
            WHERE c.id > %(base)s""", p)
        plan_insert = """
            INSERT INTO cases_plan (number, state, drafted_on, wishes, problems, support_content, points_to_watch,
                services, work_support_target, period_from, period_to, recorded_at, version, case_id, recorded_by_id)
            SELECT {number}, {state}, x.drafted, '', '', '', '', (%(sets)s::text[])[1 + (c.id * 31) %% %(ns)s]::jsonb,
                   c.id %% 3 = 0, x.drafted, x.drafted + 180, now(), 0, c.id, %(user)s
            FROM cases_case c, LATERAL (SELECT c.received_on + {delay} AS drafted) x
            WHERE c.client_id > %(base)s AND {which}"""
        cur.execute(plan_insert.format(number=1, state="'decided'", delay="(c.id %% 40)::int",
                                       which="c.id %% 10 < 4"), p)
        cur.execute(plan_insert.format(number=2, state="'decided'", delay="(90 + c.id %% 40)::int",
                                       which="c.id %% 10 = 0"), p)
        cur.execute(plan_insert.format(number=1, state="'draft'", delay="5", which="c.id %% 20 = 4"), p)
        cur.execute("""
            INSERT INTO cases_decision (decided_on, decision_number, note, recorded_at, case_id, decided_by_id, plan_id)
            SELECT pl.drafted_on + 7, '', '', now(), pl.case_id, %(user)s, pl.id
            FROM cases_plan pl JOIN cases_case c ON c.id = pl.case_id
            WHERE pl.state = 'decided' AND c.client_id > %(base)s""", p)
        cur.execute("""
            INSERT INTO cases_outcome (kind, occurred_on, note, recorded_at, case_id, recorded_by_id)
            SELECT 'employed', c.received_on + (30 + c.id %% 200)::int, '', now(), c.id, %(user)s
            FROM cases_case c WHERE c.client_id > %(base)s AND c.id %% 7 = 0
            UNION ALL
            SELECT 'employed', c.received_on + (33 + c.id %% 200)::int, '', now(), c.id, %(user)s
            FROM cases_case c WHERE c.client_id > %(base)s AND c.id %% 49 = 0
            UNION ALL
            SELECT 'income_increased', c.received_on + (60 + c.id %% 150)::int, '', now(), c.id, %(user)s
            FROM cases_case c WHERE c.client_id > %(base)s AND c.id %% 11 = 0""", p)
    # The case's derived columns (consent, due dates), as the services keep them.
    derived.refresh(Case.objects.filter(case_number__startswith=SEED_PREFIX, client_id__gt=p["base"]))
    with connection.cursor() as cur:
        # What autovacuum does to a table in use: fresh statistics and a visibility map (index-only scans).
        cur.execute("VACUUM ANALYZE")
    return time.perf_counter() - t0


def prepare(n: int) -> tuple[int, float | None]:
    from django.core.management import call_command

    from jiritsu.cases.models import Case

    call_command("migrate", verbosity=0)
    have = Case.objects.filter(case_number__startswith=SEED_PREFIX).count()
    seconds = None
    if have < n:
        seconds = seed(n - have)
        print(f"seeded {n - have:,} cases in {seconds:.1f}s", flush=True)
    else:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # as autovacuum would after a migration that rewrote rows (cases 0004)
    return Case.objects.count(), seconds


# One statement, written by hand: the same definitions as the survey for the prefecture unit.
HAND_SQL = """
WITH b AS (
    SELECT id, CASE WHEN survey_unit IN ('core_city', 'designated_city')
                    THEN coalesce(date_trunc('month', survey_unit_since)::date, DATE '0001-01-01') END AS out_from
    FROM orgs_body WHERE prefecture_id = %(pref)s),
fd AS (
    SELECT DISTINCT ON (d.case_id) d.case_id, d.decided_on, p.services, p.work_support_target, cs.body_id
    FROM cases_decision d JOIN cases_plan p ON p.id = d.plan_id JOIN cases_case cs ON cs.id = d.case_id
    ORDER BY d.case_id, p.number),
n AS (
    SELECT date_trunc('month', received_on)::date AS m, count(*) AS new
    FROM cases_case JOIN b ON b.id = body_id
    WHERE received_on BETWEEN %(first)s AND %(last)s AND (b.out_from IS NULL OR received_on < b.out_from)
    GROUP BY 1),
pl AS (
    SELECT date_trunc('month', decided_on)::date AS m, count(*) AS plans,
           count(*) FILTER (WHERE work_support_target) AS work_support,
           {services}
    FROM fd JOIN b ON b.id = fd.body_id
    WHERE decided_on BETWEEN %(first)s AND %(last)s AND (b.out_from IS NULL OR decided_on < b.out_from)
    GROUP BY 1),
o AS (
    SELECT date_trunc('month', o.occurred_on)::date AS m,
           count(DISTINCT o.case_id) FILTER (WHERE o.kind = 'employed') AS employed,
           count(DISTINCT o.case_id) FILTER (WHERE o.kind = 'employed' AND fd.work_support_target
                                              AND fd.decided_on <= o.occurred_on) AS employed_targeted,
           count(DISTINCT o.case_id) FILTER (WHERE o.kind = 'income_increased') AS income,
           count(DISTINCT o.case_id) FILTER (WHERE o.kind = 'income_increased' AND fd.work_support_target
                                              AND fd.decided_on <= o.occurred_on) AS income_targeted
    FROM cases_outcome o JOIN cases_case cs ON cs.id = o.case_id JOIN b ON b.id = cs.body_id
    LEFT JOIN fd ON fd.case_id = o.case_id
    WHERE o.occurred_on BETWEEN %(first)s AND %(last)s AND (b.out_from IS NULL OR o.occurred_on < b.out_from)
    GROUP BY 1)
SELECT * FROM n FULL JOIN pl USING (m) FULL JOIN o USING (m) ORDER BY m
"""


def hand_sql(prefecture_id: int, last_day: dt.date) -> dict:
    from django.db import connection

    from jiritsu.programs.catalog import SURVEY_SERVICES
    from jiritsu.stats.sql import analytic_settings

    services = ",\n".join(f"count(*) FILTER (WHERE services ? '{s.value}') AS \"service:{s.value}\""
                          for s in SURVEY_SERVICES)
    with analytic_settings(), connection.cursor() as cur:  # the survey's session settings: a fair comparison
        cur.execute(HAND_SQL.format(services=services), {"pref": prefecture_id, "first": FIRST, "last": last_day})
        names = [c.name for c in cur.description]
        return {r[0]: {k: v or 0 for k, v in zip(names[1:], r[1:], strict=True)} for r in cur.fetchall()}


def timed(fn, repeats: int = REPEATS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def bench_survey() -> dict:
    from jiritsu.stats.survey import COUNT_KEYS, month_end, monthly_survey, resolve_unit

    unit = resolve_unit("08")
    survey_s, report = timed(lambda: monthly_survey(resolve_unit("08"), FIRST, LAST))
    sql_s, by_month = timed(lambda: hand_sql(unit.prefecture.pk, month_end(LAST)))
    for row in report.rows[:-1]:
        expected = by_month.get(row.months[0], dict.fromkeys(COUNT_KEYS, 0))
        mismatch = {k: (row.counts[k], expected[k]) for k in COUNT_KEYS if row.counts[k] != expected[k]}
        if mismatch:
            sys.exit(f"survey and hand-written SQL disagree for {row.label}: {mismatch}")
    return {"survey": survey_s, "sql": sql_s, "total": report.total.counts}


def ledger_rows(n: int, run_tag: str):
    from jiritsu.orgs.models import Body

    codes = list(Body.objects.order_by("code").values_list("code", flat=True))
    yield ("body_code,case_id,received_on,family_name,given_name,family_name_kana,given_name_kana,sex,birth_date,"
           "postal_code,address,phone,main_complaint,complaints,triage,referred_to,consent_on,plan_decided_on,"
           "programs,work_support_target,employed_on,income_increased_on,closed_on,closure_reason")
    for i in range(n):
        received = FIRST + dt.timedelta(days=(i * 104729) % (DAYS - 400))
        later = received + dt.timedelta(days=20)
        planned = i % 3 == 0
        yield ",".join([
            codes[i % len(codes)], f"{run_tag}-{i:06d}", received.isoformat(), "見本", f"花子{i}", "みほん", "はなこ",
            "女性", "1980-01-01", "310-0011", "茨城県（架空）", "029-000-0000", "収入・生活費", "", "継続支援", "",
            received.isoformat() if planned else "", later.isoformat() if planned else "",
            "就労準備支援|住居確保給付金" if planned else "", "1" if planned and i % 2 == 0 else "",
            (later + dt.timedelta(days=60)).isoformat() if i % 5 == 0 and planned else "", "", "", "",
        ])


def bench_import(n: int) -> float:
    from django.core.management import call_command
    from django.db import transaction

    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(ledger_rows(n, f"I{int(time.time())}")) + "\n")
    path = Path(fh.name)
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            call_command("import_cases", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115
            seconds = time.perf_counter() - t0
            transaction.set_rollback(True)
    finally:
        path.unlink()
    return seconds


def main() -> None:
    url = os.environ.get("BENCH_SURVEY_DATABASE_URL", DEFAULT_URL)
    n_cases = int(os.environ.get("BENCH_SURVEY_CASES", "1000000"))
    n_rows = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    ensure_database(url)
    django_setup(url)
    total, seed_s = prepare(n_cases)
    s = bench_survey()
    ratio = s["survey"] / s["sql"]
    print(f"survey {s['survey']:.3f}s, hand-written SQL {s['sql']:.3f}s, ratio {ratio:.2f}", flush=True)
    import_s = bench_import(n_rows)
    print(f"import of {n_rows:,} rows: {import_s:.1f}s", flush=True)
    t = s["total"]
    seeded = f" (seeded in this run in {seed_s:.0f} s)" if seed_s else " (seeded by an earlier run, reused)"
    write_section("Monthly survey and ledger import", f"""
Command: `make bench` (`python -m tests.bench.bench_survey`; BENCH_SURVEY_CASES={n_cases:,},
BENCH_IMPORT_ROWS={n_rows:,}), PostgreSQL 15, own database `jiritsu_bench_survey` holding {total:,} cases{seeded},
loaded with INSERT ... SELECT generate_series. Absolute times depend on this machine's speed and load at the
time (see the Case core section: it is slow); the ratio is measured in the same run.

| Measure | Time (median of {REPEATS}) | Target |
|---|---|---|
| Monthly survey, prefecture unit `08`, 2016-04 to 2026-03 (120 months), all columns | {s['survey']:.3f} s | under 2 s |
| One hand-written SQL aggregate computing the same figures from the same rows | {s['sql']:.3f} s | baseline |
| Survey ÷ hand-written SQL | {ratio:.2f}× | within 2× |

The survey reads each case's first decided plan from cases_firstplan, which database triggers keep
(cases migration 0005); the hand-written SQL finds it among all decisions, as the survey used to.
Both give identical figures for every month (the run fails otherwise): {t['new']:,} new consultations,
{t['plans']:,} first plans, {t['employed']:,} cases in work, {t['income']:,} with increased income over the range
(Mito counted until 2020-03, as a 中核市 reporting on its own from FY2020).

| Import | Time | Target |
|---|---|---|
| `jiritsu import cases`, {n_rows:,} ledger rows (UTF-8, a third with plans and programs), real command path, in a transaction rolled back afterwards | {import_s:.1f} s | under 60 s |

- survey under 2 s: {verdict(s['survey'] < 2)}; within 2× of the hand-written SQL: {verdict(ratio <= 2)}
- import of {n_rows:,} rows under 60 s: {verdict(import_s < 60)}
""")


def verdict(met: bool) -> str:
    return "met" if met else "NOT met on this run"


if __name__ == "__main__":
    main()
