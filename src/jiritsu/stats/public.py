"""Figures for publication: counts by body for fixed periods (a month, a quarter, a fiscal year), with small counts
and whatever would give them away printed as "*" (issue 6 item 5, issue 17 item 1).

Published tables are only ever slices of one frozen grid per fiscal year and item (models.PublicFigures): rows
are the prefecture's bodies and the prefecture's total, columns the twelve months, the four quarters and the
year. Each column is filled when its period has ended, from the months already printed (a quarter is the sum of
its printed months), and is never changed again. Suppression (stats.disclosure) runs over the whole grid with
every equation between its cells, so the month, quarter and year tables of a year, taken together, with their
totals subtracted every way, leave every hidden count undetermined; cells printed before keep how they were
printed, and partners are chosen among the cells being published.

There are no free date ranges: overlapping ranges (Jan-Oct, Jan-Nov ...) would print every single month as a
difference, outside any suppression.
"""
import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from jiritsu.core.wareki import fiscal_year, format_fiscal_year
from jiritsu.orgs.models import Body, Prefecture

from . import disclosure
from .models import PublicFigures
from .survey import COUNT_LABELS, counts_by_body_month, month_end

SUPPRESSED = "*"
ITEMS = ["new", "plans", "employed", "income"]
SUPPRESSION_RULE = (
    "秘匿のルール：1〜4件の値（自治体の値、県計を含む）は「*」で表示します（0は表示）。"
    "さらに、合計・小計との差し引きや、同じ年度の月・四半期・年度の表を組み合わせても「*」の値が求まらないよう、"
    "必要なだけ他の値も「*」にしています（二次秘匿）。"
    "期間は月・四半期・年度に限ります。一度公表した値は、後から記録が訂正されても変えません。")
PREF_TOTAL_LABEL = "県計"
MONTHS, QUARTERS = 12, 4
YEAR_COLUMN = MONTHS + QUARTERS  # columns: 12 months, 4 quarters, the year
N_COLUMNS = YEAR_COLUMN + 1
KINDS = {"month": "月", "quarter": "四半期", "year": "年度"}


# ---------------------------------------------------------------- fixed periods

def fy_month(fy: int, n: int) -> dt.date:
    """The n-th month (0 = April) of the fiscal year."""
    return dt.date(fy + (n >= 9), (n + 3) % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str  # month / quarter / year
    fiscal_year: int
    number: int = 0  # the month (0 = April) or the quarter (0 = April-June); 0 for the year

    @property
    def columns(self) -> list[int]:
        if self.kind == "month":
            return [self.number]
        if self.kind == "quarter":
            return [*range(3 * self.number, 3 * self.number + 3), MONTHS + self.number]
        return [*range(MONTHS, N_COLUMNS)]

    @property
    def last_day(self) -> dt.date:
        return column_last_day(self.fiscal_year, self.columns[-1])

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{fy_month(self.fiscal_year, self.number):%Y-%m}"
        if self.kind == "quarter":
            return f"{self.fiscal_year}Q{self.number + 1}"
        return f"FY{self.fiscal_year}"

    @property
    def label(self) -> str:
        fy = format_fiscal_year(self.fiscal_year, short=False)
        if self.kind == "month":
            month = fy_month(self.fiscal_year, self.number)
            return f"{month.year}年{month.month}月"
        if self.kind == "quarter":
            first, last = fy_month(self.fiscal_year, 3 * self.number), fy_month(self.fiscal_year, 3 * self.number + 2)
            return f"{fy} 第{self.number + 1}四半期（{first.month}〜{last.month}月）"
        return f"{fy}（{self.fiscal_year}年4月〜{self.fiscal_year + 1}年3月）"


def column_label(fy: int, column: int) -> str:
    if column < MONTHS:
        return f"{fy_month(fy, column):%Y-%m}"
    if column < YEAR_COLUMN:
        return f"第{column - MONTHS + 1}四半期計"
    return "年度計"


def column_last_day(fy: int, column: int) -> dt.date:
    last_month = column if column < MONTHS else (3 * (column - MONTHS) + 2 if column < YEAR_COLUMN else MONTHS - 1)
    return month_end(fy_month(fy, last_month))


def parse_period(key: str) -> Period | None:
    key = (key or "").strip()
    try:
        if key.startswith("FY"):
            return Period("year", int(key[2:]))
        if "Q" in key:
            year, quarter = key.split("Q")
            number = int(quarter) - 1
            return Period("quarter", int(year), number) if 0 <= number < QUARTERS else None
        year, month = (int(x) for x in key.split("-"))
        return Period("month", fiscal_year(dt.date(year, month, 1)), (month - 4) % 12)
    except ValueError:
        return None


def ended_periods(today: dt.date, years: int = 5) -> list[Period]:
    """The periods that may be published, newest first: those of the last `years` fiscal years that have ended."""
    out = []
    for fy in range(fiscal_year(today), fiscal_year(today) - years, -1):
        out += [Period("year", fy)] + [Period("quarter", fy, q) for q in reversed(range(QUARTERS))]
        out += [Period("month", fy, m) for m in reversed(range(MONTHS))]
    return [p for p in out if p.last_day < today]


# ---------------------------------------------------------------- the frozen grid of a fiscal year

def year_equations(n_rows: int) -> list[disclosure.Equation]:
    """Every sum in the grid: each quarter of its months and the year of its quarters (per row), and the
    prefecture's total of its bodies (per column). Cells are numbered row by row."""
    at = lambda r, c: r * N_COLUMNS + c  # noqa: E731
    lines = []
    for r in range(n_rows):
        lines += [[(at(r, MONTHS + q), 1)] + [(at(r, 3 * q + i), -1) for i in range(3)] for q in range(QUARTERS)]
        lines.append([(at(r, YEAR_COLUMN), 1)] + [(at(r, MONTHS + q), -1) for q in range(QUARTERS)])
    total = n_rows - 1
    lines += [[(at(total, c), 1)] + [(at(r, c), -1) for r in range(total)] for c in range(N_COLUMNS)]
    return lines


def _fill(grid: list[list[int | None]], column: int, fy: int, counts: dict, body_ids: list[int], item: str):
    """A column's printed values: months counted now, quarters and the year summed from printed columns."""
    total = len(grid) - 1
    for r in range(total):
        if column < MONTHS:
            grid[r][column] = counts.get((body_ids[r], fy_month(fy, column)), {}).get(item, 0)
        elif column < YEAR_COLUMN:
            q = column - MONTHS
            grid[r][column] = sum(grid[r][3 * q + i] for i in range(3))
        else:
            grid[r][column] = sum(grid[r][MONTHS + q] for q in range(QUARTERS))
    grid[total][column] = sum(grid[r][column] for r in range(total))


def _extend(figures: list[PublicFigures], today: dt.date) -> None:
    """Fill the columns whose period has ended since the last printing, and suppress across the year."""
    first = figures[0]
    fy, body_ids = first.fiscal_year, first.bodies
    new = [c for c in range(N_COLUMNS) if column_last_day(fy, c) < today and first.values[-1][c] is None]
    if not new:
        return
    months = [fy_month(fy, c) for c in new if c < MONTHS]
    counts = (counts_by_body_month([(tuple(body_ids), months[0], month_end(months[-1]))])
              if months and body_ids else {})
    equations = year_equations(len(body_ids) + 1)
    for f in figures:
        for column in new:  # in order: months before the quarters that sum them
            _fill(f.values, column, fy, counts, body_ids, f.item)
        flat = [v for row in f.values for v in row]
        fresh = [r * N_COLUMNS + c for r in range(len(f.values)) for c in new]
        f.hidden = sorted(disclosure.protect(flat, equations, hidden=f.hidden, candidates=fresh))
        f.save(update_fields=["values", "hidden", "updated_at"])


@transaction.atomic
def year_figures(prefecture: Prefecture, fy: int, today: dt.date) -> list[PublicFigures]:
    """The year's frozen grids, one per item, brought up to date (locked: two readers never print twice)."""
    bodies = list(prefecture.bodies.order_by("code").values_list("pk", flat=True))
    for item in ITEMS:
        PublicFigures.objects.get_or_create(
            prefecture=prefecture, fiscal_year=fy, item=item,
            defaults={"bodies": bodies, "values": [[None] * N_COLUMNS for _ in range(len(bodies) + 1)]})
    figures = list(PublicFigures.objects.select_for_update().filter(prefecture=prefecture, fiscal_year=fy)
                   .order_by("item"))
    figures.sort(key=lambda f: ITEMS.index(f.item))
    _extend(figures, today)
    return figures


# ---------------------------------------------------------------- tables of a period

@dataclass
class Table:
    item: str
    names: list[str]  # the bodies, then the prefecture's total
    codes: list[str]
    columns: list[str]
    cells: list[list]  # printed: a count or SUPPRESSED

    @property
    def label(self) -> str:
        return str(COUNT_LABELS[self.item])


def tables(prefecture: Prefecture, period: Period, today: dt.date) -> list[Table]:
    figures = year_figures(prefecture, period.fiscal_year, today)
    bodies = Body.objects.in_bulk(figures[0].bodies)
    names = [bodies[pk].name for pk in figures[0].bodies] + [PREF_TOTAL_LABEL]
    codes = [bodies[pk].code for pk in figures[0].bodies] + [""]
    out = []
    for f in figures:
        hidden = set(f.hidden)
        cells = [[SUPPRESSED if r * N_COLUMNS + c in hidden else f.values[r][c] for c in period.columns]
                 for r in range(len(f.values))]
        out.append(Table(f.item, names, codes, [column_label(period.fiscal_year, c) for c in period.columns], cells))
    return out


def header(table: Table) -> list[str]:
    return ["項目", "団体コード", "自治体", *table.columns]


def rows(table_list: list[Table]):
    for t in table_list:
        for code, name, cells in zip(t.codes, t.names, t.cells, strict=True):
            yield [t.label, code, name, *cells]
