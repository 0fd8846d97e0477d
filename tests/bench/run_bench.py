"""`make bench`: seed a large case base on PostgreSQL and measure pages under concurrent load.

Each page is measured beside a bare Django endpoint (same middleware, no work) in the same run, so the
ratios hold whatever this machine's speed. Load comes from wrk on loopback only.

    BENCH_CASES=100000 BENCH_SECONDS=15 BENCH_CLIENTS=16 python -m tests.bench.run_bench
"""
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.bench.report import write_section

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("BENCH_PORT", "8765"))
# The reference page (cases/web/bench_floor.py): the scoped case look-up and the access-log row that every
# case page does, and nothing else. It has no target: it shows what a case page costs here at the least.
FLOOR = "case look-up and access-log row only (reference)"
SLICE = 3  # seconds of one wrk run; a page gets BENCH_SECONDS of them, each followed by a bare run
BASE = f"http://127.0.0.1:{PORT}"


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiritsu.settings")
    import django

    django.setup()


def prepare(n_cases: int) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jiritsu.cases.models import Case

    have = Case.objects.filter(case_number__startswith="B-").count()
    if have < n_cases:
        from tests.bench.seed import seed

        t0 = time.perf_counter()
        seed(n_cases - have)
        print(f"seeded {n_cases - have} cases in {time.perf_counter() - t0:.1f}s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        # As autovacuum would, before serving: fresh statistics and visibility map after a bulk load, or after a
        # migration that rewrote rows (cases 0004 fills columns of every case).
        cursor.execute("VACUUM ANALYZE")
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username="bench_worker")
    client = Client()
    client.force_login(user)
    ids = list(Case.objects.filter(body_id=user.staff.organisation.body_id).values_list("pk", flat=True)[:2000])
    return {"cookie": client.cookies["sessionid"].value, "case_ids": ids, "total": Case.objects.count(),
            "body_cases": Case.objects.filter(body_id=user.staff.organisation.body_id).count()}


# Each wrk run reports its requests, duration, errors and its latency at every half percentile, so that
# several short runs of one page can be merged into one distribution (merged()).
PERCENTILES = [i / 2 for i in range(201)]


def lua_script(cookie: str, paths: list[str]) -> str:
    items = ",".join(json.dumps(urllib.parse.quote(p, safe="/?=&-.")) for p in paths)
    steps = ",".join(str(p) for p in PERCENTILES)
    return (
        f'wrk.headers["Cookie"] = "sessionid={cookie}"\n'
        f"paths = {{{items}}}\n"
        f"steps = {{{steps}}}\n"
        "request = function() return wrk.format(\"GET\", paths[math.random(#paths)]) end\n"
        "done = function(summary, latency, requests)\n"
        "  local at = {}\n"
        # wrk's percentile(100) reads 0: the slowest request is latency.max.
        "  for i, p in ipairs(steps) do\n"
        "    at[i] = string.format(\"%.3f\", (p < 100 and latency:percentile(p) or latency.max) / 1000)\n"
        "  end\n"
        "  io.write(string.format(\"JSON{\\\"requests\\\":%d,\\\"seconds\\\":%f,\\\"errors\\\":%d,\\\"non2xx\\\":%d,"
        "\\\"ms\\\":[%s]}\\n\",\n"
        "    summary.requests, summary.duration / 1e6,\n"
        "    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,\n"
        "    summary.errors.status, table.concat(at, \",\")))\n"
        "end\n"
    )


def run_wrk(cookie: str, paths: list[str], seconds: int, clients: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua_script(cookie, paths))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "5s", "-s", fh.name, BASE],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(re.search(r"JSON(\{.*\})", out).group(1))


def merged(name: str, runs: list[dict]) -> dict:
    """Several runs of one page as one: requests over the summed time, and the percentiles of all their
    requests together (each run's latency distribution, weighted by its number of requests)."""
    total = sum(r["requests"] for r in runs)

    def below(ms: float) -> float:  # how many requests of all runs took at most `ms`
        return sum(r["requests"] * _share_below(r["ms"], ms) for r in runs)

    def percentile(p: float) -> float:
        low, high = 0.0, max(r["ms"][-1] for r in runs)
        for _ in range(60):
            mid = (low + high) / 2
            low, high = (mid, high) if below(mid) < total * p / 100 else (low, mid)
        return high

    result = {"name": name, "rps": total / sum(r["seconds"] for r in runs), "p50": percentile(50),
              "p99": percentile(99), "errors": sum(r["errors"] for r in runs),
              "non2xx": sum(r["non2xx"] for r in runs), "runs": len(runs)}
    print(f"{name:<24} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms"
          f"  errors {result['errors']} non-2xx {result['non2xx']}  ({len(runs)} runs)", flush=True)
    return result


def _share_below(at: list[float], ms: float) -> float:
    """The share of one run's requests that took at most `ms`, from its latency at each half percentile."""
    if ms >= at[-1]:
        return 1.0
    for i in range(1, len(at)):
        if ms < at[i]:
            span = at[i] - at[i - 1]
            step = (ms - at[i - 1]) / span if span > 0 else 1.0
            return (PERCENTILES[i - 1] + step * (PERCENTILES[i] - PERCENTILES[i - 1])) / 100
    return 1.0


def start_server(workers: int) -> subprocess.Popen:
    env = {**os.environ, "JIRITSU_BENCH_ENDPOINT": "1", "JIRITSU_CONN_MAX_AGE": "600"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "jiritsu.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{PORT}",
         "--log-level", "warning"], env=env, cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("make bench runs on PostgreSQL: set DATABASE_URL=postgres://...")
    n_cases = int(os.environ.get("BENCH_CASES", "100000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "30"))
    clients = int(os.environ.get("BENCH_CLIENTS", "16"))
    # One sync worker per core: PostgreSQL runs on the same cores, so a worker waiting for it leaves none idle,
    # and more workers only queue for the CPU (4 workers on 2 cores: p99 of the bare endpoint 400-600 ms, 2: 60-85).
    workers = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
    django_setup()
    info = prepare(n_cases)
    server = start_server(workers)
    try:
        ids = info["case_ids"]
        pages = [
            ("case detail", [f"/cases/{i}/" for i in ids]),
            (FLOOR, [f"/bench/case/{i}" for i in ids]),
            ("case search", ["/cases/?q=みほん", "/cases/?q=ﾚﾝｼｭｳ", "/cases/?q=000-0001", "/cases/?q=S60.6.1"]),
            ("work list (今日の業務)", ["/"]),
        ]
        # Each page takes turns with the bare endpoint in short runs, and is compared with the bare runs
        # between which it ran: this machine's speed drifts by a third within a minute, and a bare run
        # before or after a long page run would credit or blame the page for the drift.
        rounds = max(1, seconds // SLICE)
        bare, results = [], []
        for name, paths in pages:
            page_runs, bare_runs = [], [run_wrk(info["cookie"], ["/bench/bare"], SLICE, clients)]
            for _ in range(rounds):
                page_runs.append(run_wrk(info["cookie"], paths, SLICE, clients))
                bare_runs.append(run_wrk(info["cookie"], ["/bench/bare"], SLICE, clients))
            result = merged(name, page_runs)
            bare.append(merged(f"bare Django endpoint (beside {name})", bare_runs))
            result["bare_rps"] = bare[-1]["rps"]
            results.append(result)
    finally:
        server.terminate()
        server.wait(10)
    write_report(bare, results, info, n_cases, rounds, clients, workers)


def write_report(bare, results, info, n_cases, rounds, clients, workers):
    rows = "\n".join(
        f"| {r['name']} | {r['rps']:.1f} | {ratio} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors'] + r['non2xx']} |"
        for page, beside in zip(results, bare, strict=True)
        for r, ratio in ((page, f"{page['rps'] / page['bare_rps']:.2f}"), (beside, ""))
    )
    detail = next(r for r in results if r["name"] == "case detail")
    verdict = (
        f"- case detail throughput ÷ bare: {detail['rps'] / detail['bare_rps']:.2f} (target ≥ 0.33): "
        f"{'met' if detail['rps'] / detail['bare_rps'] >= 1 / 3 else 'NOT met'}\n"
        + "".join(
            f"- {r['name']} p99 {r['p99']:.1f} ms (target < 100 ms): {'met' if r['p99'] < 100 else 'NOT met'} "
            f"(the bare endpoint beside it: p99 {b['p99']:.1f} ms)\n"
            for r, b in zip(results, bare, strict=True) if r["name"] != FLOOR
        )
    )
    seconds = rounds * SLICE
    section = f"""Run {dt.date.today().isoformat()}. Command: `make bench` (= `BENCH_CASES={n_cases} BENCH_SECONDS={seconds} BENCH_CLIENTS={clients} BENCH_WORKERS={workers} python -m tests.bench.run_bench` on PostgreSQL)

Data: {info['total']:,} cases in all bodies; the signed-in worker's body holds {info['body_cases']:,}. Server: gunicorn,
{workers} sync workers, on this machine (2 cores) with wrk (2 threads, {clients} connections) on loopback.
Each page is measured in {rounds} runs of {SLICE} s taking turns with the bare endpoint (bare, page, bare, page, ...,
bare: {rounds + 1} bare runs), and compared with the bare runs around it: this machine's speed drifts by a third within
a minute, which a bare run before or after one long page run would credit to the page or blame on it. Each row
merges its runs: requests over their summed time, percentiles over all their requests.
One worker per core: PostgreSQL and wrk share the cores, and more workers only queue for them (with 4 workers the
bare endpoint's p99 was 400-600 ms in the runs of 2026-11-27; with 2, 36-85 ms).
Every case read writes its access-log row, as in production. The reference row is the least any case page
does (the case found through the access policy, its access-log row written, its number shown): what is
left between it and the case detail is the page's own work. Nothing is written to the body during a run, so
the work list is served from its kept lists (cases/web/today.py: rebuilt after any audited write to the body);
a view right after a write rebuilds them, about 5× the bare endpoint's cost.

| Page | req/s | ratio to the bare endpoint beside it | p50 ms | p99 ms | errors |
|---|---|---|---|---|---|
{rows}

{verdict}"""
    write_section("Case core under load", section)
    print(section)


if __name__ == "__main__":
    main()
