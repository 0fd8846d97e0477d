"""Which body implements which program in which fiscal year: the one rule every page and report asks
(implementation table, participation list, phases, demand estimate, cost sharing, the prefecture's overview).

1. A fiscal year for which anything is recorded for the program (a Participation row of any body) is read
   from the records alone: a body without a row did not implement it that year.
2. A year with nothing recorded for the program is derived:
   - a body whose later record gives a 実施開始日 (`since`) on or before that year implemented it, by the
     method of that record (the seed's H27 start of 就労準備支援 before the R元 records);
   - after the last year recorded for the program (or in any year when nothing is recorded for it), up to
     the next fiscal year, a body holding a 協定 for the program in force on some day of the year
     implemented it by 広域委託: the joint implementation carries on past the recorded history (the
     prefecture's contracts name the same bodies; a hand-off needs both, see coverage.py).
So 開始年度 is the first year with any implementing body, and an unrecorded year's count is never 0 while
協定 are in force in it. Counts only: no person is read here.
"""
import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from jiritsu.core.wareki import fiscal_year, fiscal_year_bounds

from .models import Agreement, Method, Participation

RECORDED, SINCE, AGREEMENT = "recorded", "since", "agreement"
SOURCE_LABELS = {RECORDED: "記録", SINCE: "実施開始日から", AGREEMENT: "協定から"}


@dataclass(frozen=True)
class Standing:
    method: str
    source: str

    @property
    def method_label(self) -> str:
        return str(Method(self.method).label)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


@dataclass
class Implementing:
    """Every (program, fiscal year) → {body id: Standing}, over the years anything is known for."""

    cells: dict[tuple[str, int], dict[int, Standing]] = field(default_factory=dict)
    recorded_years: set[tuple[str, int]] = field(default_factory=set)

    def bodies(self, program: str, fy: int) -> dict[int, Standing]:
        return self.cells.get((str(program), fy), {})

    def count(self, program: str, fy: int) -> int:
        return len(self.bodies(program, fy))

    def joint(self, program: str, fy: int) -> set[int]:
        """Bodies in the prefecture's joint implementation (広域委託) that year."""
        return {b for b, s in self.bodies(program, fy).items() if s.method == Method.JOINT}

    def is_recorded(self, program: str, fy: int) -> bool:
        return (str(program), fy) in self.recorded_years

    def years(self, program: str | None = None) -> list[int]:
        return sorted({fy for (p, fy), cell in self.cells.items() if cell and (program is None or p == program)})

    def first_year(self, program: str) -> int | None:
        """開始年度: the first fiscal year any body implemented the program."""
        years = self.years(str(program))
        return years[0] if years else None

    def latest_year(self, up_to: int) -> int | None:
        """The latest fiscal year up to `up_to` in which any body implemented any program."""
        years = [fy for fy in self.years() if fy <= up_to]
        return years[-1] if years else None

    def years_of(self, body_id: int, program: str) -> list[int]:
        return sorted(fy for (p, fy), cell in self.cells.items() if p == str(program) and body_id in cell)


def implementing(body_ids=None) -> Implementing:
    """The rule applied to everything recorded (optionally only for the given bodies): two queries."""
    rows = Participation.objects.all()
    agreements = Agreement.objects.all()
    if body_ids is not None:
        ids = list(body_ids)
        rows, agreements = rows.filter(body_id__in=ids), agreements.filter(body_id__in=ids)
    result = Implementing()
    firsts: dict[tuple[int, str], tuple[int, str]] = {}  # (body, program) → first recorded year and its method
    since_of: dict[tuple[int, str], dt.date] = {}  # (body, program) → the earliest 実施開始日 recorded
    for body_id, program, fy, method, since in rows.values_list("body_id", "program", "fiscal_year", "method",
                                                                 "since"):
        result.cells.setdefault((program, fy), {})[body_id] = Standing(method, RECORDED)
        result.recorded_years.add((program, fy))
        key = (body_id, program)
        if key not in firsts or fy < firsts[key][0]:
            firsts[key] = (fy, method)
        if since is not None and (key not in since_of or since < since_of[key]):
            since_of[key] = since

    def derive(program: str, fy: int, body_id: int, standing: Standing) -> None:
        if (program, fy) not in result.recorded_years:
            result.cells.setdefault((program, fy), {}).setdefault(body_id, standing)

    for (body_id, program), since in since_of.items():
        first_fy, method = firsts[(body_id, program)]
        for fy in range(fiscal_year(since), first_fy):
            derive(program, fy, body_id, Standing(method, SINCE))
    last_recorded: dict[str, int] = {}
    for program, fy in result.recorded_years:
        last_recorded[program] = max(fy, last_recorded.get(program, fy))
    horizon = fiscal_year(timezone.localdate()) + 1
    for body_id, program, term_from, term_to in agreements.values_list("body_id", "program", "term_from", "term_to"):
        after = last_recorded.get(program, fiscal_year(term_from) - 1) + 1
        for fy in range(max(after, fiscal_year(term_from)), min(fiscal_year(term_to), horizon) + 1):
            derive(program, fy, body_id, Standing(Method.JOINT, AGREEMENT))
    return result


def agreement_members(program: str, fy: int) -> set[int]:
    """Bodies holding a 協定 for the program in force on some day of the fiscal year."""
    start, end = fiscal_year_bounds(fy)
    return set(Agreement.objects.filter(program=program, term_from__lte=end, term_to__gte=start)
               .values_list("body_id", flat=True))
