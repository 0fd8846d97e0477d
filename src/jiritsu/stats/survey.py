"""The national monthly survey (支援状況調査), computed from the case records (monthly-survey.md).

Definitions, each applied per calendar month M and reporting unit U:
- 新規相談受付件数: cases of U's bodies with received_on (受付日) in M.
- プラン作成件数: cases whose FIRST decided plan (the decision of the plan with the lowest number among
  the case's decided plans) was decided in M. Re-plans are never counted. The database keeps each case's
  first decided plan in cases.FirstPlan (cases migration 0005 holds that rule); the survey reads it.
- 就労支援対象者数: of the plans counted in M, those with work_support_target.
- 利用事業 (8 columns): of the plans counted in M, those that include the program: the plan's services list
  it, or, for the two programs with their own records here, the person was using it on the day the plan
  was decided (PROGRAMS_IN_USE): 住居確保給付金 decided by then, a month of it paid in that day's month and
  not suspended or ended before the day; a 就労準備支援 enrolment started by then and not ended before the
  day. A plan counts once in a column either way. Nothing else of those programs counts: an application
  of someone with no case (no plan), a benefit or enrolment of a case whose first plan falls in another
  month (or is a re-plan), one only applied for, refused, or begun after the plan.
- 就労者数 / 増収者数: cases with at least one 就労 / 増収 outcome dated in M (a case counts once per month
  and kind). "うち就労支援対象プラン作成者分": the case's first decided plan has work_support_target and
  was decided on or before the outcome's date.
- Total row: the sum of the month rows.
- Unit population P: the census population of the municipalities of the unit's bodies. For the
  prefecture unit the bodies can change from month to month (a 中核市 leaves it from survey_unit_since),
  so the total row divides by the sum of the monthly populations, which is T ÷ m ÷ P whenever P is
  the same in every month.
- Per 100,000 population per month: T × 100,000 ÷ (m × P), rounded half up to 1 decimal.
- 就労・増収率: (就労者 of plan holders + 増収者 of plan holders) ÷ 就労支援対象者数 × 100, 1 decimal half up;
  blank when 就労支援対象者数 is 0.
- 目安値: the configured target of the month's fiscal year (the latest configured year for later years,
  blank before the first). On the total row: the month-weighted mean over the range (equal to the
  target itself when the range lies in one fiscal year).
"""
import datetime as dt
import json
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from math import floor

from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Cast, TruncMonth

from jiritsu.cases.models import Case, FirstPlan, Outcome
from jiritsu.core.wareki import DateParseError, check_range, fiscal_year
from jiritsu.housing.models import Application as HousingApplication
from jiritsu.housing.models import Payment as HousingPayment
from jiritsu.orgs.models import Body, Municipality, Prefecture, normalise_body_code
from jiritsu.prep.models import Enrolment as PrepEnrolment
from jiritsu.programs.catalog import SURVEY_SERVICES, PlanService

from .models import SurveyTarget
from .sql import analytic_settings

SEPARATE_UNITS = (Body.SurveyUnit.CORE_CITY, Body.SurveyUnit.DESIGNATED_CITY)

# Column keys in the ministry's order, with their Japanese headers.
COUNT_COLUMNS = [
    ("new", "新規相談受付件数"),
    ("plans", "プラン作成件数"),
    ("work_support", "就労支援対象者数"),
    *[(f"service:{s.value}", s.label) for s in SURVEY_SERVICES],
    ("employed", "就労者数"),
    ("employed_targeted", "就労者数のうち就労支援対象プラン作成者分"),
    ("income", "増収者数"),
    ("income_targeted", "増収者数のうち就労支援対象プラン作成者分"),
]
# Per-100k figures: (count column, target item, header of the figure, header of the target).
RATE_COLUMNS = [
    ("new", SurveyTarget.Item.NEW_CONSULTATIONS, "新規相談受付件数（人口10万人当たり・月）", "新規相談受付件数の目安値"),
    ("plans", SurveyTarget.Item.PLANS, "プラン作成件数（人口10万人当たり・月）", "プラン作成件数の目安値"),
    ("work_support", SurveyTarget.Item.WORK_SUPPORT, "就労支援対象者数（人口10万人当たり・月）",
     "就労支援対象者数の目安値"),
]
RATIO_HEADER = "就労・増収率（％）"
MONTH_HEADER = "年月"
TOTAL_LABEL = "合計"
COUNT_KEYS = [k for k, _ in COUNT_COLUMNS]
SERVICE_KEYS = [f"service:{s.value}" for s in SURVEY_SERVICES]
COUNT_LABELS = dict(COUNT_COLUMNS)


class UnitError(ValueError):
    """An unknown or malformed reporting unit or month (Japanese message)."""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    prefecture: Prefecture
    body: Body | None  # None: the prefecture unit

    @cached_property
    def candidate_bodies(self) -> list[Body]:
        return [self.body] if self.body is not None else list(self.prefecture.bodies.all())

    def bodies_in(self, month: dt.date) -> list[Body]:
        """The bodies reporting in this unit in the month (the prefecture unit loses a 中核市 from its date)."""
        if self.body is not None:
            return [self.body]
        return [b for b in self.candidate_bodies if not reports_separately(b, month)]


def reports_separately(body: Body, month: dt.date) -> bool:
    if body.survey_unit not in SEPARATE_UNITS:
        return False
    since = body.survey_unit_since
    return since is None or month >= since.replace(day=1)


def resolve_unit(code: str) -> Unit:
    """`08` is the prefecture unit; 5 digits (or 6 with check digit) name one welfare-office body."""
    s = (code or "").strip()
    if len(s) == 2 and s.isdigit():
        pref = Prefecture.objects.filter(code=s).first()
        if pref is None:
            raise UnitError(f"都道府県コード「{s}」が見つかりません。")
        return Unit(code=s, name=f"{pref.name}（指定都市・中核市を除く）", prefecture=pref, body=None)
    try:
        code5 = normalise_body_code(s)
    except ValueError as exc:
        raise UnitError(str(exc)) from None
    body = Body.objects.select_related("prefecture").filter(code=code5).first()
    if body is None:
        raise UnitError(f"団体コード「{s}」の福祉事務所設置自治体が見つかりません。")
    return Unit(code=code5, name=body.name, prefecture=body.prefecture, body=body)


def parse_month(text: str) -> dt.date:
    s = (text or "").strip()
    try:
        year, month = s.split("-")
        first = dt.date(int(year), int(month), 1)
    except ValueError:
        raise UnitError(f"「{s}」は年月として読めません。2024-04 のように入力してください。") from None
    try:
        return check_range(first)
    except DateParseError as exc:
        raise UnitError(str(exc)) from None


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    if last < first:
        raise UnitError("終わりの年月が始まりの年月より前です。")
    months, m = [], first
    while m <= last:
        months.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    if len(months) > 240:
        raise UnitError("期間は240か月以内にしてください。")
    return months


def month_end(month: dt.date) -> dt.date:
    nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# ---------------------------------------------------------------- which records each count is made of

def segments(unit: Unit, months: list[dt.date]) -> list[tuple[tuple[int, ...], dt.date, dt.date]]:
    """Consecutive months with the same bodies merged: (body ids, first day, last day)."""
    out = []
    for m in months:
        ids = tuple(sorted(b.pk for b in unit.bodies_in(m)))
        if out and out[-1][0] == ids:
            out[-1] = (ids, out[-1][1], month_end(m))
        else:
            out.append((ids, m, month_end(m)))
    return out


def in_unit(segs, date_field: str, body_field: str) -> Q:
    q = Q(pk__in=[])
    for ids, start, end in segs:
        q |= Q(**{f"{body_field}__in": ids, f"{date_field}__range": (start, end)})
    return q


def first_decisions(segs):
    """The cases' first decided plans decided within the segments (re-plans never count): read from
    FirstPlan, which the database keeps (cases migration 0005), instead of searching all decisions."""
    return FirstPlan.objects.filter(in_unit(segs, "decided_on", "body_id"))


def outcomes(segs, kind: str | None = None):
    qs = Outcome.objects.filter(in_unit(segs, "occurred_on", "case__body_id"))
    return qs.filter(kind=kind) if kind else qs


# An outcome of a plan holder: the case's first decided plan is a work-support plan decided by that day.
TARGETED = Q(case__first_plan__work_support_target=True, case__first_plan__decided_on__lte=F("occurred_on"))


def targeted_outcomes(segs, kind: str | None = None):
    return outcomes(segs, kind).filter(TARGETED)


OUTCOME_KEYS = {
    "employed": (Outcome.Kind.EMPLOYED, False), "employed_targeted": (Outcome.Kind.EMPLOYED, True),
    "income": (Outcome.Kind.INCOME_INCREASED, False), "income_targeted": (Outcome.Kind.INCOME_INCREASED, True),
}


def listed(code: str) -> Q:
    """The first plan's services list the program (a quoted code in the JSON text cannot match another)."""
    return Q(services__contains=f'"{code}"')


class MonthOf(TruncMonth):
    """The month of a date. On PostgreSQL truncated as a timestamp without time zone: the plain
    date_trunc(date) resolves to the timestamptz version, a time-zone conversion on every row."""

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params


def housing_benefit_in_use() -> Exists:
    """On the first plan's decision day the case's 住居確保給付金 was decided, that day's month is paid (not
    cancelled), and it was not suspended or ended before the day."""
    day = OuterRef("decided_on")
    return Exists(HousingPayment.objects.filter(
        application__case_id=OuterRef("case_id"), application__decided_on__lte=day,
        application__status__in=[HousingApplication.Status.GRANTED, HousingApplication.Status.SUSPENDED,
                                 HousingApplication.Status.ENDED],
        status=HousingPayment.Status.SCHEDULED, month=MonthOf(Cast(day, DateField()))).filter(
        Q(application__stopped_on__isnull=True) | Q(application__stopped_on__gte=day)))


def employment_prep_in_use() -> Exists:
    """On the first plan's decision day the case was enrolled in 就労準備支援 (started by then, not ended before)."""
    day = OuterRef("decided_on")
    return Exists(PrepEnrolment.objects.filter(case_id=OuterRef("case_id"), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)))


# Survey programs whose use is recorded by their own app: the plan includes them when the person uses them.
PROGRAMS_IN_USE = {PlanService.HOUSING_BENEFIT.value: housing_benefit_in_use,
                   PlanService.EMPLOYMENT_PREP.value: employment_prep_in_use}


def includes(code: str) -> Q:
    """A first plan that includes the program (module docstring): listed, or in use on its decision day."""
    in_use = PROGRAMS_IN_USE.get(code)
    return listed(code) | Q(in_use()) if in_use else listed(code)


def cases_behind(unit: Unit, months: list[dt.date], key: str):
    """The cases a count is made of (for the drill-down), as a Case queryset of the whole unit."""
    segs = segments(unit, months)
    if key == "new":
        return Case.objects.filter(in_unit(segs, "received_on", "body_id"))
    if key in OUTCOME_KEYS:
        kind, targeted = OUTCOME_KEYS[key]
        qs = targeted_outcomes(segs, kind) if targeted else outcomes(segs, kind)
        return Case.objects.filter(pk__in=qs.values("case_id"))
    if key in COUNT_KEYS:
        decisions = first_decisions(segs)
        if key == "work_support":
            decisions = decisions.filter(work_support_target=True)
        elif key != "plans":
            decisions = decisions.filter(includes(key.removeprefix("service:")))
        return Case.objects.filter(pk__in=decisions.values("case_id"))
    raise UnitError(f"「{key}」は集計項目ではありません。")


# ---------------------------------------------------------------- the counts

def _plan_counts(rows) -> list[dict]:
    """Plan rows grouped by (body, month, services, work-support flag) → the plan columns per body and month.
    Grouping by the services text and reading each distinct list once is cheaper than testing every plan
    row for each of the eight services."""
    cells: dict[tuple, dict] = {}
    for r in rows:
        cell = cells.setdefault((r["b"], r["month"]), {"b": r["b"], "month": r["month"], "plans": 0,
                                                        "work_support": 0, **dict.fromkeys(SERVICE_KEYS, 0)})
        n = r["n"]
        cell["plans"] += n
        cell["work_support"] += n if r["work_support_target"] else 0
        for code in json.loads(r["services"] or "[]"):
            key = f"service:{code}"
            if key in cell:
                cell[key] += n
    return list(cells.values())


def _grouped(qs, date_field: str, body_field: str, **aggregates):
    """One query: the aggregates per body and calendar month (conditional aggregation, no row loop)."""
    return (qs.annotate(month=MonthOf(date_field), b=F(body_field))
            .values("b", "month").annotate(**aggregates).order_by())


def _outcome_aggregates() -> dict:
    """就労 and 増収, all and of plan holders, side by side in one query: distinct cases per column."""
    aggs = {}
    for key, (kind, targeted) in OUTCOME_KEYS.items():
        condition = Q(kind=kind) & TARGETED if targeted else Q(kind=kind)
        aggs[key] = Count("case_id", distinct=True, filter=condition)
    return aggs


def _as_date(month) -> dt.date:
    return month.date() if isinstance(month, dt.datetime) else month


def counts_by_body_month(segs) -> dict[tuple[int, dt.date], dict[str, int]]:
    """Every count column per (body id, month) with a non-zero count, in three grouped queries.

    Every count belongs to one body and one month, so the queries read every body of any segment over the
    whole range (one plain condition the database can serve from an index) and the cells of a body in a
    month outside its segments are dropped here."""
    table: dict[tuple[int, dt.date], dict[str, int]] = {}
    member = {(b, m) for ids, start, end in segs for b in ids for m in month_range(start, end.replace(day=1))}
    cover = [(tuple(sorted({b for ids, _s, _e in segs for b in ids})), segs[0][1], segs[-1][2])] if segs else []

    def add(rows):
        for r in rows:
            month = _as_date(r.pop("month"))
            if (r["b"], month) not in member:
                continue
            table.setdefault((r.pop("b"), month), dict.fromkeys(COUNT_KEYS, 0)).update(r)

    add(_grouped(Case.objects.filter(in_unit(cover, "received_on", "body_id")), "received_on", "body_id",
                 new=Count("*")))
    add(_plan_counts(first_decisions(cover).annotate(month=MonthOf("decided_on"), b=F("body_id"))
                     .values("b", "month", "services", "work_support_target").annotate(n=Count("pk")).order_by()))
    for code, in_use in PROGRAMS_IN_USE.items():  # plans that do not list a program the person uses
        key = f"service:{code}"
        rows = _grouped(first_decisions(cover).exclude(listed(code)).filter(in_use()), "decided_on", "body_id",
                        n=Count("pk"))
        add({"b": r["b"], "month": r["month"], key: r["n"]
             + table.get((r["b"], _as_date(r["month"])), {}).get(key, 0)} for r in rows)
    add(_grouped(outcomes(cover), "occurred_on", "case__body_id", **_outcome_aggregates()))
    return table


def count_table(unit: Unit, months: list[dt.date]) -> dict[dt.date, dict[str, int]]:
    table = {m: dict.fromkeys(COUNT_KEYS, 0) for m in months}
    with analytic_settings():
        cells = counts_by_body_month(segments(unit, months))
    for (_body, month), counts in cells.items():
        for k, n in counts.items():
            table[month][k] += n
    return table


def populations(unit: Unit, months: list[dt.date]) -> dict[dt.date, int]:
    by_body = dict(Municipality.objects.filter(body__prefecture=unit.prefecture).values("body_id")
                   .annotate(p=Sum("population")).values_list("body_id", "p"))
    return {m: sum(by_body.get(b.pk, 0) for b in unit.bodies_in(m)) for m in months}


def round_half_up(value: Fraction) -> str:
    """One decimal, half up, exactly (no binary floating point on the way)."""
    tenths = floor(value * 10 + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}"


def per_100k(total: int, person_months: int) -> str:
    if person_months <= 0:
        return ""
    return round_half_up(Fraction(total * 100_000, person_months))


def ratio(employed_t: int, income_t: int, work_support: int) -> str:
    if work_support == 0:
        return ""
    return round_half_up(Fraction((employed_t + income_t) * 100, work_support))


class Targets:
    """目安値 by item and fiscal year from the configuration table."""

    def __init__(self):
        self.by_item: dict[str, list[tuple[int, Fraction]]] = {}
        for t in SurveyTarget.objects.order_by("fiscal_year"):
            self.by_item.setdefault(t.item, []).append((t.fiscal_year, Fraction(t.value)))

    def value(self, item: str, fy: int) -> Fraction | None:
        found = None
        for year, value in self.by_item.get(item, []):
            if year <= fy:
                found = value
        return found

    def for_months(self, item: str, months: list[dt.date]) -> str:
        values = [self.value(item, fiscal_year(m)) for m in months]
        if not values or any(v is None for v in values):
            return ""
        return round_half_up(sum(values) / len(values))


# ---------------------------------------------------------------- the report

@dataclass
class Row:
    label: str
    months: list[dt.date]
    counts: dict[str, int]
    derived: list[str] = field(default_factory=list)

    def cells(self) -> list:
        return [self.label, *[self.counts[k] for k in COUNT_KEYS], *self.derived]


@dataclass
class Report:
    unit: Unit
    months: list[dt.date]
    rows: list[Row]
    population: dict[dt.date, int]

    @property
    def header(self) -> list[str]:
        return header()

    @property
    def total(self) -> Row:
        return self.rows[-1]


def header() -> list[str]:
    derived = [h for _, _, fig, target in RATE_COLUMNS for h in (fig, target)]
    return [MONTH_HEADER, *COUNT_LABELS.values(), *derived, RATIO_HEADER]


def _derived(counts: dict[str, int], months: list[dt.date], pops: dict[dt.date, int], targets: Targets) -> list:
    person_months = sum(pops[m] for m in months)
    cells = []
    for key, item, _fig, _target in RATE_COLUMNS:
        cells += [per_100k(counts[key], person_months), targets.for_months(item, months)]
    cells.append(ratio(counts["employed_targeted"], counts["income_targeted"], counts["work_support"]))
    return cells


def monthly_survey(unit: Unit, first: dt.date, last: dt.date) -> Report:
    months = month_range(first, last)
    table = count_table(unit, months)
    pops = populations(unit, months)
    targets = Targets()
    rows = [Row(f"{m:%Y-%m}", [m], table[m], _derived(table[m], [m], pops, targets)) for m in months]
    totals = {k: sum(table[m][k] for m in months) for k in COUNT_KEYS}
    rows.append(Row(TOTAL_LABEL, months, totals, _derived(totals, months, pops, targets)))
    return Report(unit=unit, months=months, rows=rows, population=pops)
