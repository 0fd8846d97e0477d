"""The prefecture at a glance (県の概況): this fiscal year's key figures beside last year's and the 目安値, a
tile map of the municipalities coloured by one measure, program coverage by fiscal year and the phases of
the bodies. Counts and rates only, never a person: every figure is the one on the page it links to (the
comparison page, the implementation table, the shelter use page, the phase view), computed by the same code.

The months of a fiscal year counted here are the complete ones: the current month is still filling up, so
it is left out (and said so) rather than read as a drop.
"""
import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from jiritsu.core.wareki import fiscal_year, fiscal_year_bounds, format_fiscal_year
from jiritsu.orgs.models import Municipality, Prefecture
from jiritsu.outreach.models import Phase
from jiritsu.outreach.selectors import PHASE_PROGRAMS, phase_matrix
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program
from jiritsu.programs.standing import implementing
from jiritsu.shelter.usage import bed_nights_by_body

from .comparisons import RATES, compare
from .survey import month_range, per_100k

TILES_DIR = Path(__file__).resolve().parent / "data"
TILE_W, TILE_H, GAP = 88, 50, 4
COVERAGE_YEARS = 6
MEASURES = {
    "programs": "実施している広域実施の事業数",
    "new": "新規相談（人口10万人当たり・月）",
    "shelter": "一時生活支援の延べ宿泊数",
}
# Fill and text colour per class, lightest first; each text colour has a contrast of 4.5:1 or more on its fill.
PALETTE = [("#f2f2f2", "#1a1a1a"), ("#cfe1f2", "#1a1a1a"), ("#93c4e6", "#1a1a1a"), ("#3f87c6", "#ffffff"),
           ("#0b4f8a", "#ffffff")]


def complete_months(today: dt.date) -> tuple[list[dt.date], bool]:
    """This fiscal year's complete months; in April (none complete yet) the whole of last fiscal year.
    The second value is True when the months are last year's."""
    start, _end = fiscal_year_bounds(fiscal_year(today))
    this_month = today.replace(day=1)
    if this_month == start:
        first, _ = fiscal_year_bounds(fiscal_year(today) - 1)
        return month_range(first, dt.date(start.year, 3, 1)), True
    last = dt.date(this_month.year - (this_month.month == 1), (this_month.month - 2) % 12 + 1, 1)
    return month_range(start, last), False


def same_months_last_year(months: list[dt.date]) -> list[dt.date]:
    return [m.replace(year=m.year - 1) for m in months]


@dataclass
class Kpi:
    key: str
    label: str
    this_year: str
    last_year: str
    target: str

    @property
    def against_target(self) -> str:
        if not self.this_year or not self.target or float(self.target) == 0:
            return ""
        return f"{float(self.this_year) * 100 / float(self.target):.0f}%"

    @property
    def trend(self) -> str:
        if not self.this_year or not self.last_year:
            return ""
        a, b = float(self.this_year), float(self.last_year)
        return "増" if a > b else "減" if a < b else "横ばい"


def prefecture_rates(comparison) -> dict[str, str]:
    """The prefecture's per-100k-per-month figures: all bodies' counts over all bodies' population."""
    population = sum(r.population for r in comparison.rows)
    months = len(comparison.months)
    return {key: per_100k(sum(r.counts[key] for r in comparison.rows), population * months)
            for key, _item, _label in RATES}


@dataclass
class Tile:
    code: str
    name: str
    body_name: str
    body_code: str
    value: str
    fill: str
    text: str
    x: int
    y: int

    @property
    def label_x(self) -> int:
        return self.x + TILE_W // 2

    @property
    def name_size(self) -> int:
        """13px, or 11px for the long names (つくばみらい市) so they stay inside the tile."""
        return 13 if len(self.name) <= 5 else 11


def tile_positions(prefecture: Prefecture) -> dict[str, tuple[int, int]]:
    """Municipality code → (column, row) from data/tiles-<prefecture code>.csv, placed by geography;
    a prefecture without a layout gets its municipalities in code order, eight to a row."""
    path = TILES_DIR / f"tiles-{prefecture.code}.csv"
    if path.exists():
        with path.open(encoding="utf-8") as f:
            return {r["code"]: (int(r["col"]), int(r["row"])) for r in csv.DictReader(f)}
    codes = Municipality.objects.filter(prefecture=prefecture).order_by("code").values_list("code", flat=True)
    return {code: (i % 8, i // 8) for i, code in enumerate(codes)}


def _classes(measure: str, value: float, target: float | None) -> int:
    if measure == "programs":
        return min(int(value), len(PALETTE) - 1)
    if measure == "new" and target:
        share = value / target
        return 0 if value == 0 else 1 if share < 0.5 else 2 if share < 1 else 3 if share < 1.5 else 4
    return 0 if value == 0 else 1 if value < 30 else 2 if value < 100 else 3 if value < 300 else 4


LEGENDS = {
    "programs": ["実施なし", *[f"{n}事業" for n in range(1, len(HANDOFF_PROGRAMS) + 1)]][:len(PALETTE)],
    "new": ["0件", "目安値の50%未満", "50%以上100%未満", "100%以上150%未満", "150%以上"],
    "shelter": ["0泊", "1〜29泊", "30〜99泊", "100〜299泊", "300泊以上"],
}


@dataclass
class TileMap:
    measure: str
    label: str
    tiles: list[Tile]
    width: int
    height: int
    legend: list[tuple[str, str, str]]  # (fill, text colour, label)
    body_values: list[tuple[str, str, str]]  # (body code, body name, value) for the table beside the map


def tile_map(prefecture: Prefecture, measure: str, values: dict[int, float], shown: dict[int, str],
             target: float | None) -> TileMap:
    positions = tile_positions(prefecture)
    municipalities = Municipality.objects.filter(prefecture=prefecture).select_related("body").order_by("code")
    tiles = []
    for m in municipalities:
        col, row = positions.get(m.code, (0, 0))
        body = m.body
        value = values.get(body.pk, 0) if body else 0
        fill, text = PALETTE[_classes(measure, value, target)]
        tiles.append(Tile(m.code, m.name, body.name if body else "", body.code if body else "",
                          shown.get(body.pk, "") if body else "", fill, text,
                          col * (TILE_W + GAP), row * (TILE_H + GAP)))
    cols = max((p[0] for p in positions.values()), default=0) + 1
    rows = max((p[1] for p in positions.values()), default=0) + 1
    legend_labels = LEGENDS[measure]
    legend = [(fill, text, label) for (fill, text), label in zip(PALETTE, legend_labels, strict=False)]
    bodies = sorted({(t.body_code, t.body_name, t.value) for t in tiles if t.body_code})
    return TileMap(measure, MEASURES[measure], tiles, cols * (TILE_W + GAP), rows * (TILE_H + GAP), legend, bodies)


@dataclass
class CoverageRow:
    program: Program
    counts: list[int]
    bars: list[tuple[int, int, int, int]]  # (x, y, height, count) per year, for the chart
    colour: str = ""


# The coverage chart: one group of bars per fiscal year, one bar per program, on a 0–all bodies scale.
CHART_LEFT, CHART_TOP, CHART_H, BAR_W, GROUP_GAP = 48, 56, 180, 22, 26
SERIES_COLOURS = ["#1f5f99", "#b35900", "#2e7d32", "#6a3d9a"]  # each 4.5:1 or more against white


@dataclass
class CoverageChart:
    width: int
    height: int
    axis_y: int
    ticks: list[tuple[int, int]]  # (y, value)
    groups: list[tuple[int, str]]  # (x centre, year label)
    legend: list[tuple[int, str, str]]  # (x, colour, label)


def _place_bars(rows: list[CoverageRow], bodies: int, labels: list[str]) -> CoverageChart:
    scale = max(bodies, 1)
    group_w = len(rows) * BAR_W + GROUP_GAP
    for k, row in enumerate(rows):
        row.colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        for i, n in enumerate(row.counts):
            height = round(CHART_H * n / scale)
            x = CHART_LEFT + GROUP_GAP // 2 + i * group_w + k * BAR_W
            row.bars.append((x, CHART_TOP + CHART_H - height, height, n))
    ticks = [(CHART_TOP + CHART_H - round(CHART_H * v / scale), v) for v in (0, scale // 2, scale)]
    groups = [(CHART_LEFT + GROUP_GAP // 2 + i * group_w + len(rows) * BAR_W // 2, label)
              for i, label in enumerate(labels)]
    legend = [(CHART_LEFT + 170 * k, row.colour, row.program.label) for k, row in enumerate(rows)]
    return CoverageChart(CHART_LEFT + len(labels) * group_w + 10, CHART_TOP + CHART_H + 44,
                         CHART_TOP + CHART_H, ticks, groups, legend)


@dataclass
class Overview:
    fy: int
    months: list[dt.date]
    months_are_last_year: bool
    kpis: list[Kpi]
    map: TileMap
    programs_now: list[tuple[Program, int, int]]  # (program, implementing bodies, all bodies)
    coverage_years: list[int]
    coverage: list[CoverageRow]
    coverage_chart: CoverageChart
    bodies: int
    shelter_nights: int
    phases: list[tuple[Program, list[tuple[str, int]]]]
    first_month: dt.date
    last_month: dt.date

    @property
    def fy_label(self) -> str:
        return format_fiscal_year(self.fy, short=False)

    @property
    def coverage_labels(self) -> list[str]:
        return [format_fiscal_year(fy) for fy in self.coverage_years]


def overview(prefecture: Prefecture, measure: str = "programs", today: dt.date | None = None) -> Overview:
    today = today or timezone.localdate()
    measure = measure if measure in MEASURES else "programs"
    months, last_year = complete_months(today)
    fy = fiscal_year(months[0])
    now = compare(prefecture, months)
    before = compare(prefecture, same_months_last_year(months))
    rates_now, rates_before = prefecture_rates(now), prefecture_rates(before)
    kpis = [Kpi(key, label, rates_now[key], rates_before[key], now.targets[key]) for key, _item, label in RATES]
    bodies = [r.body for r in now.rows]
    known = implementing([b.pk for b in bodies])
    current = fiscal_year(today)
    nights = bed_nights_by_body(bodies, fy)
    if measure == "programs":
        values = {b.pk: sum(1 for p in HANDOFF_PROGRAMS if b.pk in known.bodies(p, current)) for b in bodies}
        shown = {k: f"{v}事業" for k, v in values.items()}
        target = None
    elif measure == "new":
        values = {r.body.pk: float(r.rates["new"] or 0) for r in now.rows}
        shown = {r.body.pk: r.rates["new"] or "—" for r in now.rows}
        target = float(now.targets["new"]) if now.targets["new"] else None
    else:
        values = {b.pk: nights[b.code] for b in bodies}
        shown = {k: f"{v:,}泊" for k, v in values.items()}
        target = None
    years = list(range(current - COVERAGE_YEARS + 1, current + 1))
    coverage = [CoverageRow(p, [sum(1 for b in bodies if b.pk in known.bodies(p, fy_)) for fy_ in years], [])
                for p in HANDOFF_PROGRAMS]
    chart = _place_bars(coverage, len(bodies), [format_fiscal_year(y) for y in years])
    matrix = phase_matrix(bodies, current)
    phases = [(Program(p), [(str(ph.label), sum(1 for _b, cells in matrix for c in cells
                                               if c.program == p and c.phase == ph.value)) for ph in Phase])
              for p in PHASE_PROGRAMS]
    return Overview(
        fy=fy, months=months, months_are_last_year=last_year, kpis=kpis,
        map=tile_map(prefecture, measure, values, shown, target),
        programs_now=[(Program(p), sum(1 for b in bodies if b.pk in known.bodies(p, current)), len(bodies))
                      for p in HANDOFF_PROGRAMS],
        coverage_years=years, coverage=coverage, coverage_chart=chart, bodies=len(bodies), shelter_nights=sum(nights.values()), phases=phases,
        first_month=months[0], last_month=months[-1],
    )
