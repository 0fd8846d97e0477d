"""Expected demand for a program in bodies that do not implement it yet (the seed's 準備期 objection
"対象者がいない"): how many people the body's own consultations of the last 12 months show with needs the
program serves. Counts only, small counts shown as a range, never a person.

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

from django.db.models import OuterRef, Subquery

from jiritsu.cases.choices import Complaint as C
from jiritsu.cases.choices import HousingStatus, WorkStatus
from jiritsu.cases.models import Assessment, Case
from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Participation

WINDOW_DAYS = 365
SMALL = range(1, 5)  # 1–4 people could point at someone in a small town: shown as a range


@dataclass(frozen=True)
class Need:
    complaints: frozenset = frozenset()
    situation: Callable[[dict], bool] | None = None
    situation_label: str = ""


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
class Demand:
    program: Program
    need: Need
    since: dt.date
    until: dt.date
    participation_fy: int | None  # the year whose records say who implements (None: none recorded)
    implementing: int
    rows: list[DemandRow]

    HEADER = ["団体コード", "団体名", "相談実人数", "該当する人数", "主訴が該当", "相談内容が該当", "B票・アセスメントで該当"]

    def lines(self) -> list[list]:
        return [[r.body.code, r.body.name, *r.cells(self.need)] for r in self.rows]


def _latest(column: str):
    latest = Assessment.objects.filter(case=OuterRef("pk")).order_by("-assessed_on", "-pk")
    return Subquery(latest.values(column)[:1])


def _participation_year(prefecture, program: Program, fy: int) -> int | None:
    """The current year if anything is recorded for it, else the latest earlier recorded year."""
    years = (Participation.objects.filter(body__prefecture=prefecture, program=program, fiscal_year__lte=fy)
             .order_by("-fiscal_year"))
    return years.values_list("fiscal_year", flat=True).first()


def demand(*, prefecture, program: Program, as_of: dt.date, fy: int) -> Demand:
    need = NEEDS[program]
    since = as_of - dt.timedelta(days=WINDOW_DAYS - 1)
    year = _participation_year(prefecture, program, fy)
    implementing = set(Participation.objects.filter(body__prefecture=prefecture, program=program, fiscal_year=year)
                       .values_list("body_id", flat=True))
    bodies = Body.active_in_fiscal_year(fy).filter(prefecture=prefecture).exclude(pk__in=implementing)
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
    return Demand(program=program, need=need, since=since, until=as_of, participation_fy=year,
                  implementing=len(implementing), rows=list(rows.values()))
