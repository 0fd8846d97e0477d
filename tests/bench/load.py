"""`make bench`: what a worker at a desk feels, at fixed arrival rates (open loop), on a large case base.

    python -m tests.bench.load                      # 100,000 cases, 50/100/150 requests a second, 60 s each
    BENCH_CASES=1000000 python -m tests.bench.load  # growth
    BENCH_BEFORE=f17e34e python -m tests.bench.load # also the case page and search of that commit, same run
    BENCH_RATES=150 BENCH_SECTION="..." python -m tests.bench.load  # one rate again, in a section of its own

The server is `jiritsu serve` (gunicorn, 2 workers) with the bench-only settings (tests/bench/settings.py: every
production URL plus the baselines of tests/bench/urls.py). Load comes from Debian's `hey` on loopback: the mix
(case page 60 %, search 15 %, work list 15 %, writes 10 %: progress records and monitoring through the step
forms, with a signed-in session and CSRF token prepared beforehand) is split into streams of 2.5 requests a
second each, one `hey -q 2.5 -c 1` process per stream, started staggered over one 400 ms period, so the
arrivals spread over time and do not wait for each other's answers. A stream whose answer takes longer than
400 ms sends its next request late (hey drops the ticks it missed): the "sent" column shows it.

The database (own: jiritsu_bench_load, or BENCH_DATABASE_URL) is seeded once with tests/bench/seed.py (bulk
inserts) and kept as a pg_dump under var/bench/, restored on the next run when the database is empty.
CPU milliseconds per request are the gunicorn workers' own CPU time (user + system, /proc) over a sequential
run of each page; PostgreSQL's CPU is not in them.
"""
import csv
import datetime as dt
import io
import json
import os
import secrets
import string
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.bench.report import write_section

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "var" / "bench"
SERVER = "postgres://root@127.0.0.1:5432"
STREAM_RATE = 2.5  # requests a second of one hey process (one worker)
MIX = (("case page", 0.60), ("search", 0.15), ("work list", 0.15), ("write", 0.10))
JIRITSU = Path(sys.executable).with_name("jiritsu")
SECRET = "bench-secret-" + "0123456789abcdefghij" * 3

# The bench worker signed in as production signs in a worker: the password, then the second factor where the tree
# asks for it (a confirmed TOTP device on the session). Part of the scripts below.
SIGN_IN = r"""
def signed_in(user):
    from django.apps import apps
    from django.test import Client
    client = Client()
    client.force_login(user)
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
"""

# Run in a subprocess with the tree under test on PYTHONPATH (this one, or BENCH_BEFORE's worktree): migrate, seed
# the missing cases (that tree's tests/bench/seed.py), sign the bench worker in, and pick the cases to ask for.
PREPARE = r"""
import json, os, sys, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.db import connection
from jiritsu.cases.models import Case
want = int(sys.argv[1])
have = Case.objects.filter(case_number__startswith="B-").count()
seeded = 0.0
if have < want:
    from tests.bench.seed import seed
    started = time.monotonic()
    seed(want - have)
    seeded = time.monotonic() - started
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
user = get_user_model().objects.get(username="bench_worker")
client = signed_in(user)
body = user.staff.organisation.body_id
mine = Case.objects.filter(body_id=body)
print("JSON" + json.dumps({
    "session": client.cookies["sessionid"].value, "seeded_seconds": seeded, "total": Case.objects.count(),
    "body_cases": mine.count(), "case_ids": list(mine.order_by("pk").values_list("pk", flat=True)[:3000])[::15],
    "in_support": list(mine.filter(status="in_support").order_by("pk").values_list("pk", flat=True)[:40]),
}))
"""

SEARCHES = ["みほん", "試験", "れんしゅう はなこ", "000-0001", "見本 太郎", "かくう", "検証", "000-0420-", "もぎ あおい"]


def psql(sql, db="postgres", check=True):
    return subprocess.run(["psql", f"{SERVER}/{db}", "-qtAc", sql], capture_output=True, text=True, check=check)


def tree_env(tree: Path, db_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("JIRITSU_FAST_TESTS", "DATABASE_REPLICA_URL")}
    return {**env, "PYTHONPATH": f"{tree / 'src'}:{tree}", "DATABASE_URL": db_url, "JIRITSU_ENV": "production",
            "JIRITSU_HTTPS": "0", "JIRITSU_SECRET_KEY": SECRET, "DJANGO_SETTINGS_MODULE": "jiritsu.settings", **extra}


def prepare(tree: Path, db: str, cases: int, label: str) -> dict:
    """The database `db` with `cases` bench cases, from the cached dump of an earlier run when there is one."""
    dump = CACHE / f"{label}-{cases}.dump"
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'").stdout.strip() != "1":
        psql(f"CREATE DATABASE {db}")
    has = psql("SELECT count(*) FROM cases_case WHERE case_number LIKE 'B-%'", db, check=False).stdout.strip()
    restored = False
    if (not has.isdigit() or int(has) == 0) and dump.exists():
        print(f"restoring {dump}", flush=True)
        psql(f"DROP DATABASE {db} WITH (FORCE)")
        psql(f"CREATE DATABASE {db}")
        subprocess.run(["pg_restore", "--no-owner", "-j", "2", "-d", f"{SERVER}/{db}", str(dump)], check=True)
        restored = True
    done = subprocess.run([sys.executable, "-c", SIGN_IN + PREPARE, str(cases)],
                          env=tree_env(tree, f"{SERVER}/{db}"),
                          cwd=tree, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)
    info = json.loads(done.stdout.split("JSON", 1)[1])
    if info["seeded_seconds"] and not restored:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pg_dump", "-Fc", "-f", str(dump), f"{SERVER}/{db}"], check=True)
    print(f"{label}: {info['total']:,} cases (seeded in {info['seeded_seconds']:.0f} s this run)", flush=True)
    return info


class Server:
    """`jiritsu serve` of a tree with 2 workers; the workers' CPU time read from /proc."""

    def __init__(self, tree: Path, db: str, port: int, settings: str):
        self.base = f"http://127.0.0.1:{port}"
        env = tree_env(tree, f"{SERVER}/{db}", DJANGO_SETTINGS_MODULE=settings, JIRITSU_CONN_MAX_AGE="600")
        self.process = subprocess.Popen([str(JIRITSU), "serve", "--port", str(port), "--workers", "2"], env=env,
                                        cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("the server did not start")

    def cpu_seconds(self) -> float:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        total = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


class Session:
    """A signed-in worker's cookies and the CSRF token the write forms send (Django accepts the cookie's secret)."""

    def __init__(self, sessionid: str):
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"sessionid={sessionid}; csrftoken={self.csrf}"


def request_args(session, path, form=None) -> list[str]:
    args = ["-H", f"Cookie: {session.cookie}", "-disable-redirects"]
    if form is not None:
        args += ["-m", "POST", "-T", "application/x-www-form-urlencoded", "-H", f"X-CSRFToken: {session.csrf}",
                 "-d", urllib.parse.urlencode(form)]
    return args


def page_requests(info) -> dict:
    """Each kind of request of the mix: a list of (path, form) to spread its streams over."""
    today = dt.date.today().isoformat()
    writes = []
    for i, pk in enumerate(info["in_support"]):
        if i % 2:
            writes.append((f"/cases/{pk}/monitoring/new/", {"monitored_on": today, "delivery": "通所している（計測）"}))
        else:
            writes.append((f"/cases/{pk}/progress/new/",
                           {"occurred_on": today, "kind": "interview", "text": "面談（計測用の記録）"}))
    return {
        "case page": [(f"/cases/{pk}/", None) for pk in info["case_ids"]],
        "search": [("/cases/?" + urllib.parse.urlencode({"q": q}), None) for q in SEARCHES],
        "work list": [("/", None)],
        "write": writes,
        "minimal Django view": [("/bench/minimal", None)],
        "minimal view + session sign-in": [("/bench/signed-in", None)],
        "sign-in + one primary-key SELECT": [(f"/bench/pk-select/{pk}", None) for pk in info["case_ids"]],
    }


def hey(base, session, path, form, *, seconds=None, count=None, rate=None) -> subprocess.Popen:
    args = ["hey", "-o", "csv", "-c", "1", "-t", "10"]
    args += ["-z", f"{seconds}s"] if seconds else ["-n", str(count)]
    args += ["-q", str(rate)] if rate else []
    return subprocess.Popen([*args, *request_args(session, path, form), base + path], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def answers(process) -> list[tuple[float, int]]:
    """(milliseconds, status) of every answered request of a hey process (hey's CSV leaves out failed
    connections and time-outs: they show as requests not sent)."""
    out, _ = process.communicate()
    rows = list(csv.reader(io.StringIO(out)))
    return [(float(r[0]) * 1000, int(r[6])) for r in rows[1:] if len(r) >= 8]


def open_loop(base, session, kinds: list[tuple[str, float]], requests: dict, rate: float, seconds: int) -> dict:
    """`rate` requests a second for `seconds`, shared among `kinds` (name, share), in streams of STREAM_RATE."""
    plan = []
    for name, share in kinds:
        streams = max(1, round(rate * share / STREAM_RATE))
        pool = requests[name]
        plan += [(name, *pool[i % len(pool)]) for i in range(streams)]
    load_before = os.getloadavg()[0]
    running = []
    for name, path, form in plan:
        running.append((name, hey(base, session, path, form, seconds=seconds, rate=STREAM_RATE)))
        time.sleep(1 / STREAM_RATE / len(plan))
    by_kind = {}
    for name, process in running:
        by_kind.setdefault(name, []).extend(answers(process))
    planned = {name: sum(1 for n, *_ in plan if n == name) * STREAM_RATE * seconds for name, _ in kinds}
    result = {name: summary(by_kind.get(name, []), planned[name]) for name, _ in kinds}
    if len(kinds) > 1:
        result["all"] = summary([a for rows in by_kind.values() for a in rows], sum(planned.values()))
    load_after = os.getloadavg()[0]
    for name, r in result.items():
        print(f"  {rate:>4} req/s {name:<34} sent {r['sent']}/{r['planned']:.0f} p50 {r['p50']:.1f} ms "
              f"p99 {r['p99']:.1f} ms errors {r['errors']}", flush=True)
    return {"rows": result, "load": (load_before, load_after)}


def summary(rows, planned) -> dict:
    ms = sorted(m for m, _ in rows)

    def pct(p):
        return ms[min(len(ms) - 1, int(p / 100 * len(ms)))] if ms else float("nan")

    return {"sent": len(rows), "planned": planned, "p50": pct(50), "p99": pct(99),
            "errors": sum(1 for _, status in rows if status not in (200, 302))}


def cpu_ms(server, session, path, form, n) -> float:
    """The workers' CPU milliseconds per request over `n` requests one after another (after 5 to warm up)."""
    answers(hey(server.base, session, path, form, count=5))
    before = server.cpu_seconds()
    got = answers(hey(server.base, session, path, form, count=n))
    bad = [s for _, s in got if s not in (200, 302)]
    if bad or len(got) < n:
        raise SystemExit(f"{path}: {len(got)} of {n} answered, statuses {set(bad)}")
    return (server.cpu_seconds() - before) * 1000 / n


PROFILE = r"""
import cProfile, io, pstats, sys
import django
django.setup()
from django.contrib.auth import get_user_model
client = signed_in(get_user_model().objects.get(username="bench_worker"))
paths = sys.argv[1:]
for p in paths: client.get(p)
profile = cProfile.Profile()
profile.enable()
for _ in range(20):
    for p in paths:
        assert client.get(p).status_code == 200
profile.disable()
out = io.StringIO()
pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(14)
print(out.getvalue())
"""


def profile(tree, db, paths) -> str:
    done = subprocess.run([sys.executable, "-c", SIGN_IN + PROFILE, *paths], env=tree_env(tree, f"{SERVER}/{db}"),
                          cwd=tree, capture_output=True, text=True)
    text = done.stdout if done.returncode == 0 else done.stderr[-3000:]
    lines = [line for line in text.splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(lines[max(0, start - 3):start + 15])


def main():
    cases = int(os.environ.get("BENCH_CASES", "100000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "60"))
    base_seconds = int(os.environ.get("BENCH_BASELINE_SECONDS", "20"))
    rates = [int(r) for r in os.environ.get("BENCH_RATES", "50,100,150").split(",")]
    db = database_name(cases)
    before = os.environ.get("BENCH_BEFORE")
    info = prepare(ROOT, db, cases, "main")
    session = Session(info["session"])
    requests = page_requests(info)
    if before:
        write_section("Case page and search before issue 16 and on main",
                      f"Command: `BENCH_BEFORE={before} make bench` (this part alone: `BENCH_BEFORE={before} "
                      f"BENCH_ONLY_BEFORE=1 python -m tests.bench.load`), run "
                      f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')} UTC on {info['total']:,} cases each.\n\n"
                      + compare_before(before, cases, db, session, requests))
        if os.environ.get("BENCH_ONLY_BEFORE") == "1":
            return
    lines = [f"Run {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} UTC on {info['total']:,} cases (the signed-in "
             f"worker's body holds {info['body_cases']:,}); load average (1 min) before the run "
             f"{os.getloadavg()[0]:.1f}."]
    server = Server(ROOT, db, 8771, "tests.bench.settings")
    try:
        # Warm-up, not counted: each worker's first case pages, searches and kept work lists.
        open_loop(server.base, session, list(MIX), requests, min(rates), 15)
        mix = {rate: open_loop(server.base, session, list(MIX), requests, rate, seconds) for rate in rates}
        baselines = {}
        for name in ("minimal Django view", "minimal view + session sign-in", "sign-in + one primary-key SELECT"):
            baselines[name] = {rate: open_loop(server.base, session, [(name, 1.0)], requests, rate, base_seconds)
                               for rate in rates}
        cpu = {}
        for name in ("minimal Django view", "minimal view + session sign-in", "sign-in + one primary-key SELECT",
                     "case page", "search", "work list", "write"):
            pool = requests[name]
            cpu[name] = sum(cpu_ms(server, session, *pool[i % len(pool)], 40) for i in range(3)) / 3
            print(f"  CPU {name:<34} {cpu[name]:.1f} ms/request", flush=True)
    finally:
        server.stop()
    missed = mix[max(rates)]["rows"]["all"]["p99"] >= 100 or mix[max(rates)]["rows"]["all"]["errors"]
    prof = profile(ROOT, db, [requests["case page"][0][0], requests["search"][0][0]]) if missed else ""
    report(cases, seconds, base_seconds, rates, lines, mix, baselines, cpu, prof)


def growth(cases, rates, mix) -> str:
    """Keep this run's p50s (var/bench/load-<cases>.json); a run at another size than 100,000 compares its p50s
    with the latest 100,000-case run's, when that ran the same code (the target: within 1.3× at 1,000,000)."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    p50 = {str(rate): {name: row["p50"] for name, row in mix[rate]["rows"].items()} for rate in rates}
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"load-{cases}.json").write_text(json.dumps({"commit": commit, "p50": p50,
                                                           "run": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}))
    base_file = CACHE / "load-100000.json"
    if cases == 100000 or not base_file.exists():
        return ""
    base = json.loads(base_file.read_text())
    if base["commit"] != commit:
        return (f"\n\nGrowth: the latest 100,000-case run ({base['run']} UTC) ran {base['commit']}, not this code "
                f"({commit}); run `python -m tests.bench.load` again to compare.")
    table = ["| Requests | rate req/s | p50 ms at 100,000 | p50 ms here | ratio |", "|---|---|---|---|---|"]
    verdicts = []
    for rate in rates:
        for name, ms in p50[str(rate)].items():
            before = base["p50"].get(str(rate), {}).get(name)
            if before:
                label = "whole mix" if name == "all" else f"mix: {name}"
                table.append(f"| {label} | {rate} | {before:.1f} | {ms:.1f} | {ms / before:.2f}× |")
                if name == "all":
                    verdicts.append(f"{rate} req/s {ms / before:.2f}×")
    met = all(float(v.split()[-1][:-1]) <= 1.3 for v in verdicts)
    return (f"\n\nGrowth against the 100,000-case run of the same code ({base['run']} UTC, {commit}):\n\n"
            + "\n".join(table) + f"\n\n- whole-mix p50 within 1.3× of 100,000 cases at every rate: "
            f"{'met' if met else 'NOT met'} ({', '.join(verdicts)})")


def database_name(cases: int, commit: str = "") -> str:
    """jiritsu_bench_load (BENCH_DATABASE), with the number of cases when not 100,000 and the commit of the code
    when not this tree's (each tree seeds its own database, on its own schema)."""
    name = os.environ.get("BENCH_DATABASE", "jiritsu_bench_load")
    return name + ("" if cases == 100000 else f"_{cases}") + (f"_{commit}" if commit else "")


def compare_before(commit: str, cases: int, db: str, session, requests) -> str:
    """The case page and search of `commit` (a worktree under var/bench) beside this tree's, alternating, each on
    its own database of the same seed (its own schema): CPU per request and p50/p99 at 50 requests a second."""
    tree = CACHE / f"tree-{commit}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True)
    old_db = database_name(cases, commit)
    old_info = prepare(tree, old_db, cases, commit)
    sides = {commit: (tree, old_db, Session(old_info["session"]), page_requests(old_info), "jiritsu.settings"),
             "main": (ROOT, db, session, requests, "tests.bench.settings")}
    rows = {}
    for _round in range(2):
        for label, (src, database, sess, reqs, settings) in sides.items():
            server = Server(src, database, 8772, settings)
            try:
                for page in ("case page", "search"):
                    pool = reqs[page]
                    cpu = sum(cpu_ms(server, sess, *pool[i % len(pool)], 40) for i in range(3)) / 3
                    lat = open_loop(server.base, sess, [(page, 1.0)], reqs, 50, 20)["rows"][page]
                    rows.setdefault((page, label), []).append((cpu, lat["p50"], lat["p99"], lat["errors"]))
            finally:
                server.stop()
    out = ["| Page | code | CPU ms/request (2 rounds) | p50 ms at 50 req/s | p99 ms at 50 req/s | errors |",
           "|---|---|---|---|---|---|"]
    for (page, label), runs in rows.items():
        out.append(f"| {page} | {label} | {' / '.join(f'{r[0]:.1f}' for r in runs)} | "
                   f"{' / '.join(f'{r[1]:.1f}' for r in runs)} | {' / '.join(f'{r[2]:.1f}' for r in runs)} | "
                   f"{sum(r[3] for r in runs)} |")
    for page in ("case page", "search"):
        old = sum(r[0] for r in rows[(page, commit)]) / 2
        new = sum(r[0] for r in rows[(page, "main")]) / 2
        out.append(f"\n- {page}: CPU per request {new:.1f} ms on main against {old:.1f} ms at {commit} "
                   f"({(new / old - 1) * 100:+.0f} %; within 10 %: {'yes' if new <= old * 1.1 else 'NO'})")
    return "\n".join(out)


def report(cases, seconds, base_seconds, rates, lines, mix, baselines, cpu, prof):
    table = ["| Requests | rate req/s | sent / planned | p50 ms | p99 ms | errors | load avg before → after |",
             "|---|---|---|---|---|---|---|"]
    for rate in rates:
        load = "{:.1f} → {:.1f}".format(*mix[rate]["load"])
        for name, r in mix[rate]["rows"].items():
            label = "whole mix" if name == "all" else f"mix: {name}"
            table.append(f"| {label} | {rate} | {r['sent']:,} / {r['planned']:,.0f} | {r['p50']:.1f} | "
                         f"{r['p99']:.1f} | {r['errors']} | {load} |")
    for name, by_rate in baselines.items():
        for rate, run in by_rate.items():
            r = run["rows"][name]
            load = "{:.1f} → {:.1f}".format(*run["load"])
            table.append(f"| baseline: {name} | {rate} | {r['sent']:,} / {r['planned']:,.0f} | {r['p50']:.1f} | "
                         f"{r['p99']:.1f} | {r['errors']} | {load} |")
    cpu_rows = ["| Page | worker CPU ms per request |", "|---|---|"]
    cpu_rows += [f"| {name} | {ms:.1f} |" for name, ms in cpu.items()]
    top = mix[max(rates)]["rows"]["all"]
    verdict = (f"- p99 < 100 ms and no errors at {max(rates)} requests a second: "
               f"{'met' if top['p99'] < 100 and not top['errors'] else 'NOT met'} "
               f"(p99 {top['p99']:.1f} ms, {top['errors']} errors)")
    env = f"BENCH_CASES={cases} BENCH_SECONDS={seconds} BENCH_BASELINE_SECONDS={base_seconds} " \
          f"BENCH_RATES={','.join(map(str, rates))}"
    body = "\n".join([
        f"Command: `make bench` (= `{env} python -m tests.bench.load`; see its docstring for the method).", "",
        *lines, "",
        "Open loop: each stream is one `hey -q 2.5 -c 1` process; the mix at R req/s is R / 2.5 streams (case page "
        "60 %, search 15 %, work list 15 %, writes 10 %: progress records and monitoring posted through the step "
        "forms with a session and CSRF token). Server: `jiritsu serve --workers 2` (gthread, 4 threads) with "
        "PostgreSQL 15, on this 2-core machine with hey itself. Baselines run at the same rates, "
        f"{base_seconds} s each. Errors are answers other than 200 or 302; requests not answered (refused, "
        "timed out) or sent late show as sent < planned.", "",
        *table, "", *cpu_rows, "", verdict,
    ])
    if prof:
        body += ("\n\nThe target is missed with plain code; where the time goes (cProfile of 20 case pages and "
                 "searches in one process, top entries by own time):\n\n```\n" + prof + "\n```")
    body += growth(cases, rates, mix)
    title = os.environ.get("BENCH_SECTION") or (
        "Open-loop load: the desk's mix" + ("" if cases == 100000 else f" at {cases:,} cases"))
    write_section(title, body)
    print(body)


if __name__ == "__main__":
    main()
