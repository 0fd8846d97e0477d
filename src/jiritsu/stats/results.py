"""Results per body and program in a fiscal year (the seed's 支援期 problem "実績が上がらない"), so the
prefecture can see and share which cities do well. Counts only, from the case core's hand-offs and
outcomes:
- 引継ぎ件数: hand-offs to a provider for the program started in the year;
- 利用者数: distinct people with a hand-off for the program running at any time in the year;
- 就労者数 / 増収者数: distinct people among them with a 就労 / 増収 recorded in the year on or after their
  hand-off started;
- 就労・増収率: people with either ÷ 利用者数; 利用者数 per 100,000 residents (census) to compare sizes.
Whether a body is in a program that year is `programs.standing`'s one rule, as on every program page; a
hand-off started in a year to a program the body had no standing in is listed as a contradiction to resolve
(the hand-off rule, programs.coverage, needs a 協定 and a contract, which give the body its standing).
"""
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, F, Q, Sum

from jiritsu.cases.models import Handoff, Outcome
from jiritsu.core.wareki import fiscal_year_bounds, format_fiscal_year
from jiritsu.orgs.models import Body, Municipality
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program
from jiritsu.programs.implementation import round_half_up
from jiritsu.programs.standing import Standing, implementing


def _one_decimal(part: int, whole: int) -> str:
    """part ÷ whole, half up to one decimal (`33.3`); `—` when there is nothing to divide by."""
    if not whole:
        return "—"
    tenths = int(round_half_up(Fraction(part, whole), 1) * 10)
    return f"{tenths // 10}.{tenths % 10}"


@dataclass
class ResultRow:
    body: Body
    program: Program
    population: int
    handoffs: int = 0
    users: int = 0
    employed: int = 0
    income_increased: int = 0
    achieved: int = 0  # people with 就労 or 増収
    standing: Standing | None = None  # the body's standing in the program that year (None: not implementing)

    @property
    def standing_label(self) -> str:
        if self.standing is None:
            return "実施なし"
        return f"{self.standing.method_label}（{self.standing.source_label}）"

    @property
    def without_standing(self) -> bool:
        """Hand-offs started in a year the body was not in the program: the records contradict each other."""
        return self.standing is None and self.handoffs > 0

    @property
    def achieved_rate(self) -> str:
        return _one_decimal(self.achieved * 100, self.users)

    @property
    def users_per_100k(self) -> str:
        return _one_decimal(self.users * 100_000, self.population)


@dataclass
class Results:
    fiscal_year: int
    rows: list[ResultRow] = field(default_factory=list)

    HEADER = ["年度", "事業", "団体コード", "団体名", "人口", "引継ぎ件数", "利用者数（実人数）", "就労者数", "増収者数",
              "就労・増収率（%）", "人口10万人当たり利用者数", "実施（方法・根拠）"]

    def lines(self) -> list[list]:
        fy = format_fiscal_year(self.fiscal_year)
        return [[fy, r.program.label, r.body.code, r.body.name, r.population, r.handoffs, r.users, r.employed,
                 r.income_increased, r.achieved_rate, r.users_per_100k, r.standing_label] for r in self.rows]

    def by_program(self) -> list[tuple[Program, int, list[ResultRow]]]:
        """Per program: how many bodies implement it, and the rows, the implementing bodies first (in code
        order), then the others."""
        grouped = []
        for p in HANDOFF_PROGRAMS:
            rows = sorted((r for r in self.rows if r.program == p), key=lambda r: r.standing is None)
            grouped.append((p, sum(1 for r in rows if r.standing is not None), rows))
        return grouped

    @property
    def contradictions(self) -> list[ResultRow]:
        """Rows with hand-offs started in the year to a program the body had no standing in."""
        return [r for r in self.rows if r.without_standing]


def _counts(queryset, value) -> dict:
    rows = queryset.values("case__body_id", "program").annotate(n=value)
    return {(r["case__body_id"], r["program"]): r["n"] for r in rows}


def results(*, prefecture, fy: int) -> Results:
    start, end = fiscal_year_bounds(fy)
    bodies = list(Body.active_in_fiscal_year(fy).filter(prefecture=prefecture).order_by("code"))
    population = dict(Municipality.objects.filter(body__in=bodies).values("body_id")
                      .annotate(p=Sum("population")).values_list("body_id", "p"))
    mine = Handoff.objects.filter(case__body__in=bodies, program__in=HANDOFF_PROGRAMS)
    running = mine.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start), started_on__lte=end)
    people = Count("case__client", distinct=True)
    started = _counts(mine.filter(started_on__gte=start, started_on__lte=end), Count("id"))
    users = _counts(running, people)

    def with_outcome(*kinds):
        # One filter() call: the outcome joined is the same row for every condition.
        after_start = Q(case__outcomes__occurred_on__gte=F("started_on"))
        return _counts(running.filter(after_start, case__outcomes__kind__in=kinds,
                                      case__outcomes__occurred_on__gte=start, case__outcomes__occurred_on__lte=end),
                       people)

    employed, increased = with_outcome(Outcome.Kind.EMPLOYED), with_outcome(Outcome.Kind.INCOME_INCREASED)
    achieved = with_outcome(Outcome.Kind.EMPLOYED, Outcome.Kind.INCOME_INCREASED)
    known = implementing([b.pk for b in bodies])
    result = Results(fiscal_year=fy)
    for program in HANDOFF_PROGRAMS:
        standing = known.bodies(program, fy)
        for body in bodies:
            key = (body.pk, program.value)
            result.rows.append(ResultRow(
                body=body, program=program, population=population.get(body.pk) or 0, handoffs=started.get(key, 0),
                users=users.get(key, 0), employed=employed.get(key, 0), income_increased=increased.get(key, 0),
                achieved=achieved.get(key, 0), standing=standing.get(body.pk)))
    return result
