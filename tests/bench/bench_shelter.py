"""一時生活支援 under load: 1,000 rooms and 10 years of stays on PostgreSQL, some rooms held today by an overstay (a
stay past its planned move-out day with no move-out recorded); 16 clients search for free rooms and book them at
once, through the real services (`selectors.free_rooms`, `services.request_room`).

Each client is its own process with its own database connection (threads would only measure the GIL).
Clients deliberately aim at the same few rooms (one of the best three a search returns) so that bookings
collide and the exclusion constraint has to refuse the losers. After the run, overlapping active stays
are counted in SQL, and so are active stays booked into an overstay's room: both figures must be 0. Baseline: a bare `SELECT 1` round trip from the same 16 clients.

Run: `python -m tests.bench.bench_shelter` (creates and reuses its own database, jiritsu_bench_shelter).
Sizes: BENCH_SHELTER_ROOMS (1000), BENCH_SHELTER_YEARS (10), BENCH_SHELTER_CLIENTS (16),
BENCH_SHELTER_OPS (bookings per client, 60).
"""
import datetime as dt
import multiprocessing
import os
import random
import statistics
import time

DB_NAME = os.environ.get("BENCH_SHELTER_DB", "jiritsu_bench_shelter")
ROOMS = int(os.environ.get("BENCH_SHELTER_ROOMS", "1000"))
YEARS = int(os.environ.get("BENCH_SHELTER_YEARS", "10"))
CLIENTS = int(os.environ.get("BENCH_SHELTER_CLIENTS", "16"))
OPS = int(os.environ.get("BENCH_SHELTER_OPS", "60"))
CASES = 2000
ROOMS_PER_BUILDING = 20
OVERSTAY_SHARE = 0.05  # of the rooms, held today by a stay past its planned move-out day
MARK = "ベンチ"
OVERSTAY_REASON = "寮を退去（ベンチ・超過）"


def setup_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://root@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f"CREATE DATABASE {DB_NAME}")
    os.environ["DATABASE_URL"] = f"postgres://root@127.0.0.1:5432/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiritsu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(rng: random.Random) -> dict:
    """Rooms in every municipality, a pool of urgent cases, and 10 years of back-to-back past stays."""
    from django.db import connection, transaction

    from jiritsu.cases.choices import HandoffMode
    from jiritsu.cases.models import Case, Client, Handoff
    from jiritsu.orgs.models import Municipality, Organisation
    from jiritsu.programs.catalog import Program
    from jiritsu.shelter.models import Building, Room, Stay
    from tests.bench.seed import _case, _client, _orgs

    agencies, _, user = _orgs()
    body_id = user.staff.organisation.body_id
    provider, _ = Organisation.objects.get_or_create(
        prefecture=user.staff.organisation.prefecture, kind=Organisation.Kind.PROVIDER, name="ベンチ用 一時生活支援事業者",
        defaults={"programs": [Program.TEMPORARY_SHELTER.value]})
    today = dt.date.today()
    # A rerun starts from the seeded history: drop what the previous run booked.
    Stay.objects.filter(room__building__name__startswith=MARK, start_on__gte=today).delete()
    if Room.objects.filter(building__name__startswith=MARK).count() >= ROOMS:
        if not Handoff.objects.filter(reason=OVERSTAY_REASON).exists():  # a database seeded before overstays
            with transaction.atomic():
                add_overstays(rng, user, provider, today)
        return {"user": user, "seeded": False}
    history_start = today.replace(year=today.year - YEARS)
    with transaction.atomic():
        towns = list(Municipality.objects.order_by("code"))
        buildings = Building.objects.bulk_create(
            Building(name=f"{MARK}団地{i:03d}", municipality=towns[i % len(towns)], available_from=history_start,
                     cleaning_days=3) for i in range(ROOMS // ROOMS_PER_BUILDING))
        rooms = Room.objects.bulk_create(
            Room(building=b, label=f"{k + 101}", capacity=rng.choice([1, 1, 1, 2, 4]),
                 features=rng.sample(["ground_floor", "barrier_free", "women_only", "pets"], rng.randrange(3)))
            for b in buildings for k in range(ROOMS_PER_BUILDING))
        clients = Client.objects.bulk_create(_client(rng, [user.staff.organisation.body], 900000 + i)
                                             for i in range(CASES))
        cases = Case.objects.bulk_create(
            _case(rng, c, agencies, user, today, [Case._meta.get_field("status").default], 900000 + i)
            for i, c in enumerate(clients))
        handoffs = Handoff.objects.bulk_create(
            Handoff(case=c, provider=provider, program=Program.TEMPORARY_SHELTER, mode=HandoffMode.URGENT,
                    started_on=c.received_on, reason="寮を退去（ベンチ）", recorded_by=user) for c in cases)
        stays = []
        for room in rooms:
            day = history_start + dt.timedelta(days=rng.randrange(30))
            while True:
                end = day + dt.timedelta(days=rng.randrange(14, 92))
                if end >= today:
                    break
                h = rng.choice(handoffs)
                stays.append(Stay(room=room, case_id=h.case_id, handoff=h, start_on=day, end_on=end,
                                  status=Stay.Status.ENDED, requested_by=user, requested_on=day, confirmed_by=user,
                                  confirmed_on=day))
                day = end + dt.timedelta(days=3 + rng.randrange(30))
        Stay.objects.bulk_create(stays, batch_size=5000)
        add_overstays(rng, user, provider, today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert body_id == cases[0].body_id
    return {"user": user, "seeded": True}


def add_overstays(rng: random.Random, user, provider, today: dt.date) -> int:
    """OVERSTAY_SHARE of the rooms get a stay, each of a person of its own, confirmed about three months ago
    for a few weeks and never moved out: today they are 超過 and hold their rooms."""
    from django.db.models import Max

    from jiritsu.cases.choices import HandoffMode
    from jiritsu.cases.models import Case, Client, Handoff
    from jiritsu.shelter.models import Room, Stay
    from tests.bench.seed import _case, _client, _orgs

    agencies = _orgs()[0]
    rooms = list(Room.objects.filter(building__name__startswith=MARK).order_by("pk"))
    chosen = rng.sample(rooms, max(1, int(len(rooms) * OVERSTAY_SHARE)))
    first = today - dt.timedelta(days=100)
    last_ends = dict(Stay.objects.filter(room__in=chosen).values_list("room_id").annotate(end=Max("end_on"))
                     .order_by())
    clients = Client.objects.bulk_create(_client(rng, [user.staff.organisation.body], 800000 + i)
                                         for i in range(len(chosen)))
    cases = Case.objects.bulk_create(
        _case(rng, c, agencies, user, today, [Case._meta.get_field("status").default], 800000 + i)
        for i, c in enumerate(clients))
    handoffs = Handoff.objects.bulk_create(
        Handoff(case=c, provider=provider, program="temporary_shelter", mode=HandoffMode.URGENT,
                started_on=c.received_on, reason=OVERSTAY_REASON, recorded_by=user) for c in cases)
    stays = []
    for room, h in zip(chosen, handoffs, strict=True):
        start = max(first, (last_ends.get(room.pk) or first) + dt.timedelta(days=3))
        end = min(start + dt.timedelta(days=rng.randrange(14, 60)), today - dt.timedelta(days=1 + rng.randrange(10)))
        if end <= start:
            continue
        stays.append(Stay(room=room, case_id=h.case_id, handoff=h, start_on=start, end_on=end,
                          status=Stay.Status.CONFIRMED, requested_by=user, requested_on=start, confirmed_by=user,
                          confirmed_on=start))
    Stay.objects.bulk_create(stays)
    return len(stays)


def _client_loop(index: int, user_id: int, case_ids: list[int], barrier, out) -> None:
    """One client: OPS times, search for a free room for a random future period, then book one of the top 3."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.db import connection

    from jiritsu.cases.models import Case
    from jiritsu.shelter import selectors, services, views

    rng = random.Random(index)
    user = get_user_model().objects.select_related("staff__organisation").get(pk=user_id)
    today = dt.date.today()
    baseline, search, book, outcomes = [], [], [], {"won": 0, "taken": 0, "none": 0, "busy": 0}
    barrier.wait()
    for _ in range(OPS):
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        baseline.append(time.perf_counter() - t0)
    for _ in range(OPS):
        case = Case.objects.select_related("client").get(pk=rng.choice(case_ids))
        start = today + dt.timedelta(days=rng.randrange(90))
        end = start + dt.timedelta(days=rng.randrange(7, 60))
        t0 = time.perf_counter()
        # As the room page searches: 女性専用 rooms only for a person who may use them.
        rooms = selectors.free_rooms(start, end, near=selectors.area_of(case), limit=views.ROOMS_SHOWN,
                                     women_only_ok=selectors.women_only_ok(case.client.sex))
        search.append(time.perf_counter() - t0)
        if not rooms:
            outcomes["none"] += 1
            continue
        room = rng.choice(rooms[:3])
        t0 = time.perf_counter()
        try:
            services.request_room(user=user, case=case, room=room, start=start, end=end)
            outcomes["won"] += 1
        except services.RoomTaken:
            outcomes["taken"] += 1
        except ValidationError:  # the person already holds a room on some of these nights (another client)
            outcomes["busy"] += 1
        book.append(time.perf_counter() - t0)
    connection.close()
    out.put({"baseline": baseline, "search": search, "book": book, "outcomes": outcomes})


OVERLAPS = ("SELECT count(*) FROM shelter_stay a JOIN shelter_stay b ON a.room_id = b.room_id AND a.id < b.id "
            "AND a.start_on < b.end_on AND b.start_on < a.end_on "
            "WHERE a.status IN ('requested', 'confirmed') AND b.status IN ('requested', 'confirmed')")
# Active stays booked after an overstay's planned move-out day into its room (the overstay holds it).
INTO_OVERSTAYS = ("SELECT count(*) FROM shelter_stay o JOIN shelter_stay b ON b.room_id = o.room_id AND b.id <> o.id "
                  "AND b.start_on >= o.end_on AND b.requested_on > o.end_on "
                  "WHERE o.status = 'confirmed' AND o.end_on < CURRENT_DATE AND b.status IN ('requested', 'confirmed')")


def count(sql: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    setup_database()
    from django.db import connections

    from jiritsu.cases.models import Case
    from jiritsu.shelter.models import Room, Stay

    t0 = time.perf_counter()
    seeded = seed(random.Random(11))
    seed_seconds = time.perf_counter() - t0
    user = seeded["user"]
    case_ids = list(Case.objects.filter(handoffs__program="temporary_shelter", handoffs__reason="寮を退去（ベンチ）")
                    .values_list("pk", flat=True))
    sizes = {"rooms": Room.objects.filter(building__name__startswith=MARK).count(),
             "stays": Stay.objects.filter(room__building__name__startswith=MARK).count(),
             "overstays": Stay.objects.filter(room__building__name__startswith=MARK, status=Stay.Status.CONFIRMED,
                                              end_on__lt=dt.date.today()).count()}
    connections.close_all()  # each forked client opens its own connection
    load_before = os.getloadavg()[0]
    alone, _, _ = run_clients(1, user.pk, case_ids, seed_base=1000)  # the same work with no one else in the room system
    merged, outcomes, wall = run_clients(CLIENTS, user.pk, case_ids)
    clashes = count(OVERLAPS) + count(INTO_OVERSTAYS)
    write_report(merged, alone, outcomes, clashes, sizes, seed_seconds if seeded["seeded"] else None, wall,
                 (load_before, os.getloadavg()[0]))


def run_clients(n: int, user_id: int, case_ids: list[int], seed_base: int = 0):
    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_client_loop, args=(seed_base + i, user_id, case_ids, barrier, out))
             for i in range(n)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=1800) for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    merged = {k: [v for r in results for v in r[k]] for k in ("baseline", "search", "book")}
    outcomes = {k: sum(r["outcomes"][k] for r in results) for k in ("won", "taken", "none", "busy")}
    return merged, outcomes, wall


def write_report(merged, alone, outcomes, clashes, sizes, seed_seconds, wall, load) -> None:
    from jiritsu.shelter import views
    from tests.bench.report import write_section

    def row(name, values):
        return (f"| {name} | {len(values):,} | {pct(values, 0.5):.1f} | {pct(values, 0.99):.1f} | "
                f"{statistics.fmean(values) * 1000:.1f} |")

    book_p99 = pct(merged["book"], 0.99)
    seeded = f"seeded in {seed_seconds:.0f} s" if seed_seconds is not None else "reused from an earlier run"
    section = f"""Run {dt.date.today().isoformat()}. Command: `python -m tests.bench.bench_shelter` (in `make bench`), PostgreSQL
database `{DB_NAME}` ({seeded}): {sizes['rooms']:,} rooms, {sizes['stays']:,} stays over {YEARS} years, of which
{sizes['overstays']:,} are overstays holding their rooms today (超過: past the planned move-out day, not moved out).
{CLIENTS} client processes, each with its own connection, call the real services: `free_rooms` (the best {views.ROOMS_SHOWN}, as the page shows) for a random
period in the next 90 days near the person's city, then `request_room` for one of the best three rooms it
returned (so clients collide on purpose); {OPS} bookings per client, {wall:.0f} s in all.
Baseline: a bare `SELECT 1` round trip from the same clients just before. The same work from a single client,
run first, shows the cost of one search or booking without contention.

| Operation | n | p50 ms | p99 ms | mean ms |
|---|---|---|---|---|
{row(f"baseline: SELECT 1, {CLIENTS} clients", merged["baseline"])}
{row(f"free-room search, {CLIENTS} clients", merged["search"])}
{row(f"booking (request_room), {CLIENTS} clients", merged["book"])}
{row("baseline: SELECT 1, 1 client", alone["baseline"])}
{row("free-room search, 1 client", alone["search"])}
{row("booking (request_room), 1 client", alone["book"])}

Machine load average (1 min) {load[0]:.1f} before and {load[1]:.1f} after, on 2 cores shared with other work:
figures above ~2 mean the clients waited for a CPU, and the SELECT 1 baseline shows by how much.

Bookings won {outcomes['won']:,}, refused as taken {outcomes['taken']:,} (the loser is offered the next room),
refused as the person already holding a room those nights {outcomes['busy']:,}, no free room {outcomes['none']:,}.
Overlapping active stays, and stays booked into an overstay's room, after the run (SQL): **{clashes}**.

- booking p99 {book_p99:.1f} ms (target < 100 ms): {'met' if book_p99 < 100 else 'NOT met'}
- no double booking under load: {'met' if clashes == 0 else 'NOT met'}
"""
    write_section("Shelter rooms: search and booking under load", section)
    print(section)


if __name__ == "__main__":
    main()
