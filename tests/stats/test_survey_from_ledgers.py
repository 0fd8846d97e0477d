"""The survey against figures derived independently from generated ledgers.

Each ledger has random bodies, dates (many on month and fiscal-year boundaries), plans, programs and outcomes;
it goes in through `jiritsu import cases`, with re-plans and repeated outcomes added as the UI would record them.
The expected figures are computed here straight from the ledger rows by the definitions in monthly-survey.md,
without the survey's code, and must equal every cell of the report (SQLite, and PostgreSQL with DATABASE_URL).
"""
import csv
import datetime as dt
import io
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command

from jiritsu.cases.models import Case
from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import SURVEY_SERVICES
from jiritsu.stats.survey import monthly_survey, resolve_unit
from tests.factories import make_agency

from . import builders as b

D = dt.date
BODIES = ["08201", "08202", "08203", "08000"]  # Mito (中核市 from FY2020), two cities, the prefecture for towns
MITO, MITO_ALONE_FROM = "08201", D(2020, 4, 1)
FIRST, LAST = D(2019, 3, 1), D(2021, 4, 1)  # three fiscal-year boundaries inside, a month either side outside
SPAN = (D(2019, 2, 1), D(2021, 5, 31))
BOUNDARY_DAYS = [D(y, m, d) for y in (2019, 2020, 2021) for m, d in ((3, 31), (4, 1), (3, 1), (4, 30), (5, 1))
                 if SPAN[0] <= D(y, m, d) <= SPAN[1]]
SERVICE_LABELS = [s.label for s in SURVEY_SERVICES]
HEADER = ["body_code", "case_id", "received_on", "family_name", "given_name", "main_complaint", "triage",
          "consent_on", "plan_decided_on", "programs", "work_support_target", "employed_on", "income_increased_on"]


def some_day(rng, after=None):
    lo = after or SPAN[0]
    if rng.random() < 0.35:
        later = [d for d in BOUNDARY_DAYS if d >= lo]
        if later:
            return rng.choice(later)
    return lo + dt.timedelta(days=rng.randrange(max(1, (SPAN[1] - lo).days + 1)))


def generate(rng, n):
    rows = []
    for i in range(n):
        received = some_day(rng)
        r = {"body_code": rng.choice(BODIES), "case_id": f"G-{i:04d}", "received_on": received,
             "plan_decided_on": None, "programs": [], "work_support_target": False, "employed_on": None,
             "income_increased_on": None, "extra_employed": [], "replan_on": None}
        if rng.random() < 0.6:
            r["plan_decided_on"] = some_day(rng, received)
            r["programs"] = rng.sample(SERVICE_LABELS, rng.randrange(0, 4))
            r["work_support_target"] = rng.random() < 0.5
            if rng.random() < 0.3:
                r["replan_on"] = some_day(rng, r["plan_decided_on"])
        if rng.random() < 0.4:
            r["employed_on"] = some_day(rng, received)
            if rng.random() < 0.4:  # a second job: same month or later; a case counts once per month
                r["extra_employed"].append(min(r["employed_on"] + dt.timedelta(days=rng.choice([0, 1, 20, 45])),
                                               SPAN[1]))
        if rng.random() < 0.3:
            r["income_increased_on"] = some_day(rng, received)
        rows.append(r)
    return rows


def ledger_csv(rows) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(HEADER)
    for r in rows:
        iso = lambda d: d.isoformat() if d else ""  # noqa: E731
        w.writerow([r["body_code"], r["case_id"], iso(r["received_on"]), "生成", f"太郎{r['case_id']}", "収入・生活費",
                    "継続支援", iso(r["received_on"] if r["plan_decided_on"] else None), iso(r["plan_decided_on"]),
                    "|".join(r["programs"]), "1" if r["work_support_target"] else "", iso(r["employed_on"]),
                    iso(r["income_increased_on"])])
    return out.getvalue().encode()


def record_later_events(rows):
    """What the ledger cannot hold, recorded as the case pages would: re-plans and further outcomes."""
    for r in rows:
        case = Case.objects.get(case_number=r["case_id"], body__code=r["body_code"])
        if r["replan_on"]:
            b.plan(case, 2, r["replan_on"], services=list(SURVEY_SERVICES), work_support_target=True)
        for day in r["extra_employed"]:
            b.outcome(case, "employed", day)


# ------------------------------------------------------------ expected figures, from the rows alone

def in_unit(code, body_code, day):
    if code == "08":
        return not (body_code == MITO and day >= MITO_ALONE_FROM)
    return body_code == code


def expected_counts(rows, code, month):
    same = lambda d: d is not None and (d.year, d.month) == (month.year, month.month)  # noqa: E731
    plans = [r for r in rows if same(r["plan_decided_on"]) and in_unit(code, r["body_code"], r["plan_decided_on"])]
    c = {"new": sum(same(r["received_on"]) and in_unit(code, r["body_code"], r["received_on"]) for r in rows),
         "plans": len(plans), "work_support": sum(r["work_support_target"] for r in plans)}
    for s in SURVEY_SERVICES:
        c[f"service:{s.value}"] = sum(s.label in r["programs"] for r in plans)
    for key, dates in (("employed", lambda r: [r["employed_on"], *r["extra_employed"]]),
                       ("income", lambda r: [r["income_increased_on"]])):
        hits = [(r, d) for r in rows for d in dates(r) if same(d) and in_unit(code, r["body_code"], d)]
        c[key] = len({r["case_id"] for r, _ in hits})
        c[f"{key}_targeted"] = len({r["case_id"] for r, d in hits
                                    if r["work_support_target"] and r["plan_decided_on"] <= d})
    return c


def months_between(first, last):
    out, m = [], first
    while m <= last:
        out.append(m)
        m = D(m.year + m.month // 12, m.month % 12 + 1, 1)
    return out


def half_up(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def unit_population(code, month):
    bodies = Body.objects.filter(prefecture__code="08") if code == "08" else Body.objects.filter(code=code)
    return sum(body.population() for body in bodies if in_unit(code, body.code, month))


@pytest.fixture
def all_agencies(world):
    for code in ("08201", "08000"):
        make_agency(Body.objects.get(code=code))
    return world


@pytest.mark.parametrize("seed", [11, 2024, 31337])
def test_every_cell_equals_the_figure_derived_from_the_generated_ledger(all_agencies, tmp_path, seed):
    rng = random.Random(seed)
    rows = generate(rng, 160)
    path = tmp_path / "ledger.csv"
    path.write_bytes(ledger_csv(rows))
    call_command("import_cases", str(path), stdout=io.StringIO())
    record_later_events(rows)
    months = months_between(FIRST, LAST)
    for code in ["08", *BODIES]:
        report = monthly_survey(resolve_unit(code), FIRST, LAST)
        totals = dict.fromkeys(report.total.counts, 0)
        for month, row in zip(months, report.rows[:-1], strict=True):
            want = expected_counts(rows, code, month)
            assert row.counts == want, (code, month)
            for k, n in want.items():
                totals[k] += n
        assert report.total.counts == totals, code
        person_months = sum(unit_population(code, m) for m in months)
        assert report.total.derived[0] == half_up(Decimal(totals["new"] * 100_000) / person_months)
        ratio = report.total.derived[-1]
        if totals["work_support"]:
            want_ratio = Decimal((totals["employed_targeted"] + totals["income_targeted"]) * 100) / totals["work_support"]
            assert ratio == half_up(want_ratio)
        else:
            assert ratio == ""


def test_the_generated_ledgers_reach_every_boundary_the_definitions_turn_on():
    """Guards the generator itself: otherwise the comparison above could pass on easy data."""
    rows = generate(random.Random(11), 160)
    received = {r["received_on"] for r in rows}
    assert {D(2020, 3, 31), D(2020, 4, 1)} <= received and any(d < FIRST for d in received)
    assert any(r["body_code"] == MITO and r["received_on"] >= MITO_ALONE_FROM for r in rows)
    assert any(r["replan_on"] for r in rows) and any(r["extra_employed"] for r in rows)
    assert any(r["work_support_target"] and r["employed_on"] and r["employed_on"] < r["plan_decided_on"] for r in rows)
