"""The implementation-status table of the seed (specs/participation.md).

Per program: the method most bodies used, the first fiscal year any body implemented it (開始年度)
and, per fiscal year, `count(rate%)` with rate = count ÷ bodies configured that year × 100, rounded
half up to one decimal, an exact whole number written without `.0` (`5(15.2%)`, `33(100%)`, but
`1(3.0%)` for 1 of 33 as the seed writes it).

Who implemented what in which year is `standing.implementing` (recorded years from the records, later
years from 協定 and contracts); 開始年度 is the first year with a non-zero count under that rule.

The method is the one used by the most distinct bodies in the reported years (a body that changed
method counts for each). On a tie the order 直営, 委託, 広域委託 decides (the first wins), so the
result never depends on row order.
"""
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from jiritsu.core.wareki import format_fiscal_year
from jiritsu.orgs.models import Body

from .catalog import Program
from .models import Method
from .standing import Implementing, implementing

# The seed's three rows always appear; other programs appear once anything is recorded for them.
BASE_PROGRAMS = [Program.EMPLOYMENT_PREP, Program.HOUSEHOLD_BUDGET, Program.TEMPORARY_SHELTER]


def round_half_up(value: Fraction, places: int = 1) -> Fraction:
    """Exact half-up rounding (no binary floating point anywhere)."""
    scale = 10 ** places
    scaled = value * scale
    return Fraction((scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2), scale)


def format_rate(count: int, bodies: int) -> str:
    """`5(15.2%)`, `33(100%)`, `1(3.0%)`; `0(-)` when no body is configured that year."""
    if bodies == 0:
        return f"{count}(-)"
    exact = Fraction(count * 100, bodies)
    if exact.denominator == 1:
        # Only an exact whole number loses `.0` (33 of 33: `100%`); 1 of 33 is 3.03… and stays `3.0%`.
        text = str(exact.numerator)
    else:
        tenths = int(round_half_up(exact) * 10)
        text = f"{tenths // 10}.{tenths % 10}"
    return f"{count}({text}%)"


@dataclass
class Row:
    program: Program
    method: str
    since_fy: int | None
    counts: list[int]
    cells: list[str]
    derived: list[bool]  # per year: counted from 協定・契約 or 実施開始日, nothing recorded that year

    @property
    def cells_marked(self) -> list[tuple[str, bool]]:
        return list(zip(self.cells, self.derived, strict=True))

    @property
    def since_label(self) -> str:
        return format_fiscal_year(self.since_fy) if self.since_fy else ""


@dataclass
class Table:
    years: list[int]
    bodies: list[int]
    rows: list[Row]

    @property
    def year_labels(self) -> list[str]:
        return [format_fiscal_year(fy) for fy in self.years]

    def header(self) -> list[str]:
        return ["事業名", "実施方法", "開始年度", *self.year_labels]

    def lines(self) -> list[list[str]]:
        return [[r.program.label, r.method, r.since_label, *r.cells] for r in self.rows]


def _programs(known: Implementing) -> list[Program]:
    recorded = {p for p, _fy in known.cells}
    return [p for p in Program if p in BASE_PROGRAMS or p.value in recorded]


def most_used_method(bodies_by_method: dict[str, set]) -> str:
    if not any(bodies_by_method.values()):
        return ""
    best = max(Method, key=lambda m: (len(bodies_by_method.get(m.value, ())), -list(Method).index(m)))
    return str(best.label)


def build_table(from_fy: int, to_fy: int) -> Table:
    if from_fy > to_fy:
        raise ValueError("開始年度が終了年度より後になっています。")
    years = list(range(from_fy, to_fy + 1))
    bodies = [Body.active_in_fiscal_year(fy).count() for fy in years]
    known = implementing()
    rows = []
    for program in _programs(known):
        methods: dict[str, set] = defaultdict(set)
        for fy in years:
            for body_id, standing in known.bodies(program, fy).items():
                methods[standing.method].add(body_id)
        per_year = [known.count(program, fy) for fy in years]
        rows.append(Row(
            program=program, method=most_used_method(methods), since_fy=known.first_year(program),
            counts=per_year, cells=[format_rate(c, n) for c, n in zip(per_year, bodies, strict=True)],
            derived=[not known.is_recorded(program, fy) and c > 0 for fy, c in zip(years, per_year, strict=True)],
        ))
    return Table(years=years, bodies=bodies, rows=rows)


def latest_year_with_data(up_to: int) -> int:
    """The fiscal year the reports open on: the latest up to `up_to` in which any body implemented a program."""
    return implementing().latest_year(up_to) or up_to
