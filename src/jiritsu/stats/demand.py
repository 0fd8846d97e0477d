"""Expected demand for a program in bodies that do not implement it yet (the seed's 準備期 objection
"対象者がいない"): how many people the body's own consultations of the last 12 months show with needs the
program serves, and, for every such body (with cases or not), the users a year its population would bring
at the rate of the bodies implementing it (hand-offs per 100,000, with the middle half of their rates as a
range). Counts only, small counts shown as a range, never a person. Who implements is `standing.implementing`.

NEEDS is the one need→program mapping. It reads the intake's 相談内容 categories (主訴 and the others),
the intake's B票 and the latest assessment (DOMAIN.md section 3), against what each program does
(DOMAIN.md section 4: 就労準備 for people far from work, 家計改善 for budgets, arrears and debts,
一時生活 for people without a home, 地域居住 for settling into a home and the community, the children's
program for child-rearing households). It estimates the people a program could serve; it decides nothing
about any one of them.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, OuterRef, Subquery, Sum

from jiritsu.cases.choices import Complaint as C
from jiritsu.cases.choices import HousingStatus, WorkStatus
from jiritsu.cases.models import Assessment, Case, Handoff
from jiritsu.orgs.models import Body, Municipality
from jiritsu.programs.catalog import Program
from jiritsu.programs.implementation import round_half_up
from jiritsu.programs.standing import implementing

WINDOW_DAYS = 365
SMALL = range(1, 5)  # 1–4 people could point at someone in a small town: shown as a range


@dataclass(frozen=True)
class Need:
    complaints: frozenset = frozenset()
    situation: Callable[[dict], bool] | None = None
    situation_label: str = ""

    @property
    def criteria(self) -> str:
        """The rule in words, for the page (a template would call `situation` itself and read nothing)."""
        parts = []
        if self.complaints:
            labels = "・".join(str(c.label) for c in sorted(self.complaints, key=lambda c: c.value))
            parts.append(f"相談内容（{labels}）")
        if self.situation is not None:
            parts.append(self.situation_label)
        return "、または".join(parts)


NEEDS: dict[Program, Need] = {
    Program.EMPLOYMENT_PREP: Need(
        frozenset({C.JOB_SEARCH, C.WORK_TROUBLE, C.WITHDRAWAL}),
        lambda r: r["work_status"] == WorkStatus.UNEMPLOYED and r["monthly_income"] == 0,
        "就労しておらず世帯の月収が0円（B票・アセスメント）"),
    Program.HOUSEHOLD_BUDGET: Need(
        frozenset({C.INCOME, C.RENT_LOAN, C.TAX_UTILITIES, C.DEBT}),
        lambda r: (r["debt_total"] or 0) > 0, "アセスメントで債務あり"),
    Program.TEMPORARY_SHELTER: Need(
        frozenset(), lambda r: r["housing_status"] in (HousingStatus.HOMELESS, HousingStatus.LOSING),
        "住居なし・住居喪失のおそれ（B票）"),
    Program.COMMUNITY_LIVING: Need(
        frozenset({C.HOUSING, C.COMMUNITY}),
        lambda r: r["housing_status"] in (HousingStatus.HOMELESS, HousingStatus.LOSING, HousingStatus.STAYING),
        "住居なし・住居喪失のおそれ・知人宅等（B票）"),
    Program.CHILD_LEARNING: Need(frozenset({C.CHILDCARE, C.WITHDRAWAL})),
}


def shown(n: int) -> str:
    """A count as shown to those who may not see people."""
    return "1〜4" if n in SMALL else str(n)


@dataclass
class DemandRow:
    body: Body
    consulted: set = field(default_factory=set)
    by_main: set = field(default_factory=set)
    by_any: set = field(default_factory=set)
    by_situation: set = field(default_factory=set)

    @property
    def in_need(self) -> set:
        return self.by_any | self.by_situation

    def cells(self, need: Need) -> list[str]:
        complaint = [shown(len(self.by_main)), shown(len(self.by_any))] if need.complaints else ["—", "—"]
        situation = shown(len(self.by_situation)) if need.situation else "—"
        return [shown(len(self.consulted)), shown(len(self.in_need)), *complaint, situation]


@dataclass
class Estimate:
    """Users a year per 100,000 population among the bodies implementing the program: distinct cases handed
    off to a provider in the 12 months, pooled, and the middle half of the bodies' own rates as the range."""
    bodies: int  # implementing bodies with a population
    users: int
    rate: Fraction | None
    low: Fraction | None
    high: Fraction | None

    def expected(self, population: int) -> tuple[int, int, int] | None:
        if self.rate is None:
            return None
        at = lambda r: int(round_half_up(r * population / 100_000, 0))  # noqa: E731
        return at(self.rate), at(self.low), at(self.high)

    @property
    def rate_text(self) -> str:
        return _decimal(self.rate)

    @property
    def range_text(self) -> str:
        return f"{_decimal(self.low)}〜{_decimal(self.high)}"


def _decimal(value: Fraction | None) -> str:
    if value is None:
        return ""
    tenths = int(round_half_up(value, 1) * 10)
    return f"{tenths // 10}.{tenths % 10}"


def estimate(implementing_ids: set[int], program: Program, since: dt.date, until: dt.date) -> Estimate:
    populations = {b: p for b, p in Municipality.objects.filter(body_id__in=implementing_ids).values("body_id")
                   .annotate(p=Sum("population")).values_list("body_id", "p") if p}
    users = dict(Handoff.objects.filter(case__body_id__in=populations, program=program, started_on__gte=since,
                                        started_on__lte=until)
                 .values("case__body_id").annotate(n=Count("case", distinct=True)).values_list("case__body_id", "n"))
    total_users, total_pop = sum(users.values()), sum(populations.values())
    if not total_users:
        return Estimate(len(populations), 0, None, None, None)
    rates = sorted(Fraction(users.get(b, 0) * 100_000, p) for b, p in populations.items())
    if len(rates) >= 4:
        low, high = _quartile(rates, 1), _quartile(rates, 3)
    else:
        low, high = rates[0], rates[-1]
    return Estimate(len(populations), total_users, Fraction(total_users * 100_000, total_pop), low, high)


def _quartile(values: list[Fraction], q: int) -> Fraction:
    """The q-th quartile by linear interpolation between the closest ranks (values sorted)."""
    position = Fraction(q * (len(values) - 1), 4)
    below = int(position)
    above = min(below + 1, len(values) - 1)
    return values[below] + (values[above] - values[below]) * (position - below)


@dataclass
class Demand:
    program: Program
    need: Need
    since: dt.date
    until: dt.date
    participation_fy: int | None  # the year whose implementing bodies are read (standing.implementing)
    implementing: int
    rows: list[DemandRow]
    estimate: Estimate | None = None
    populations: dict = field(default_factory=dict)  # body id → census population

    HEADER = ["団体コード", "団体名", "相談実人数", "該当する人数", "主訴が該当", "相談内容が該当", "B票・アセスメントで該当",
              "人口", "人口による見込み（人/年）", "見込みの幅（人/年）"]

    def expected_cells(self, row: DemandRow) -> list:
        population = self.populations.get(row.body.pk, 0)
        expected = self.estimate.expected(population) if self.estimate else None
        if expected is None:
            return [population, "—", "—"]
        return [population, expected[0], f"{expected[1]}〜{expected[2]}"]

    def lines(self) -> list[list]:
        return [[r.body.code, r.body.name, *r.cells(self.need), *self.expected_cells(r)] for r in self.rows]


def _latest(column: str):
    latest = Assessment.objects.filter(case=OuterRef("pk")).order_by("-assessed_on", "-pk")
    return Subquery(latest.values(column)[:1])


def demand(*, prefecture, program: Program, as_of: dt.date, fy: int) -> Demand:
    need = NEEDS[program]
    since = as_of - dt.timedelta(days=WINDOW_DAYS - 1)
    in_prefecture = list(Body.objects.filter(prefecture=prefecture).values_list("pk", flat=True))
    known = implementing(in_prefecture)
    # The current year, or the latest earlier one in which any body implemented the program.
    year = max((y for y in known.years(program) if y <= fy), default=None)
    implementing_ids = set(known.bodies(program, year)) if year is not None else set()
    bodies = Body.active_in_fiscal_year(fy).filter(prefecture=prefecture).exclude(pk__in=implementing_ids)
    rows = {b.pk: DemandRow(body=b) for b in bodies.order_by("code")}
    cases = (Case.objects.filter(body_id__in=rows, received_on__gte=since, received_on__lte=as_of)
             .values("body_id", "client_id", "main_complaint", "complaints", "work_status", "housing_status")
             .annotate(monthly_income=_latest("monthly_income"), debt_total=_latest("debt_total")))
    for r in cases.iterator():
        row, person = rows[r["body_id"]], r["client_id"]
        row.consulted.add(person)
        if r["main_complaint"] in need.complaints:
            row.by_main.add(person)
            row.by_any.add(person)
        elif need.complaints & set(r["complaints"] or []):
            row.by_any.add(person)
        if need.situation and need.situation(r):
            row.by_situation.add(person)
    populations = dict(Municipality.objects.filter(body_id__in=rows).values("body_id")
                       .annotate(p=Sum("population")).values_list("body_id", "p"))
    return Demand(program=program, need=need, since=since, until=as_of, participation_fy=year,
                  implementing=len(implementing_ids), rows=list(rows.values()),
                  estimate=estimate(implementing_ids, program, since, as_of), populations=populations)
