"""The prefecture at a glance (県の概況): this fiscal year's key figures beside last year's and the 目安値, a
tile map of the municipalities coloured by one measure, program coverage by fiscal year and the phases of
the bodies. Counts and rates only, never a person: every figure is the one on the page it links to (the
comparison page, the implementation table, the shelter use page and occupancy grid, the training records, the phase
view), computed by the same code.

The prefecture's staff must not see small counts (stats.policies.sees_small_counts), so the key figures and
the map's consultation rates are the published figures of the latest ended quarter (stats.public, the comparison
page's published view), beside the same quarter a year before: a period still filling up is never shown as a drop.
"""
import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from jiritsu.core.wareki import fiscal_year, format_fiscal_year
from jiritsu.orgs.models import Municipality, Prefecture
from jiritsu.outreach.models import Phase
from jiritsu.outreach.selectors import PHASE_PROGRAMS, phase_fiscal_year, phase_matrix
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program
from jiritsu.programs.standing import implementing
from jiritsu.shelter.selectors import SiteTonight, occupancy_tonight
from jiritsu.shelter.usage import bed_nights_by_body
from jiritsu.training.selectors import Coverage, coverage_by_body

from . import public
from .compare_views import published_comparison
from .comparisons import RATES
from .survey import Targets

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


def latest_quarter(today: dt.date) -> public.Period | None:
    """The latest quarter that has ended (the published figures exist only for ended periods)."""
    return next((p for p in public.ended_periods(today) if p.kind == "quarter"), None)


@dataclass
class Kpi:
    key: str
    label: str
    this_year: str
    last_year: str
    target: str

    @property
    def against_target(self) -> str:
        if not _is_number(self.this_year) or not _is_number(self.target) or float(self.target) == 0:
            return ""
        return f"{float(self.this_year) * 100 / float(self.target):.0f}%"

    @property
    def trend(self) -> str:
        if not _is_number(self.this_year) or not _is_number(self.last_year):
            return ""
        a, b = float(self.this_year), float(self.last_year)
        return "増" if a > b else "減" if a < b else "横ばい"


def _published(prefecture: Prefecture, period, today: dt.date) -> tuple[dict, dict[str, dict[str, str]]]:
    """The published comparison of the period: the prefecture's total rates by label, and each body's rates."""
    figures = published_comparison(prefecture, period, prefecture.code, today)
    labels = figures["rate_headers"]
    total = next(row for row in figures["rows"] if row["total"])
    bodies = {row["code"]: dict(zip(labels, row["rates"], strict=True)) for row in figures["rows"] if not row["total"]}
    return dict(zip(labels, total["rates"], strict=True)), bodies


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
        if value < 0:  # not published (a small count)
            return 0
        share = value / target
        return 0 if value == 0 else 1 if share < 0.5 else 2 if share < 1 else 3 if share < 1.5 else 4
    return 0 if value == 0 else 1 if value < 30 else 2 if value < 100 else 3 if value < 300 else 4


LEGENDS = {
    "programs": ["実施なし", *[f"{n}事業" for n in range(1, len(HANDOFF_PROGRAMS) + 1)]][:len(PALETTE)],
    "new": ["0件・非公表（*）", "目安値の50%未満", "50%以上100%未満", "100%以上150%未満", "150%以上"],
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
    period: public.Period | None
    period_before: public.Period | None
    kpis: list[Kpi]
    map: TileMap
    programs_now: list[tuple[Program, int, int]]  # (program, implementing bodies, all bodies)
    coverage_years: list[int]
    coverage: list[CoverageRow]
    coverage_chart: CoverageChart
    bodies: int
    shelter_nights: int
    phases: list[tuple[Program, list[tuple[str, int]]]]
    phase_fy: int = 0
    # (body code, body name, (phase, its label) per program)
    phase_bodies: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    today: dt.date | None = None
    shelter_tonight: list[SiteTonight] = field(default_factory=list)
    shelter_total: SiteTonight | None = None
    training: list[Coverage] = field(default_factory=list)

    @property
    def phase_fy_label(self) -> str:
        return format_fiscal_year(self.phase_fy, short=False)

    @property
    def phase_programs(self) -> list[Program]:
        return [Program(p) for p in PHASE_PROGRAMS]

    @property
    def training_bodies(self) -> list[Coverage]:
        return [c for c in self.training if c.is_body]

    @property
    def training_covered(self) -> int:
        """Bodies with at least one trainee who completed a course of the year."""
        return sum(1 for c in self.training_bodies if c.trained)

    @property
    def training_totals(self) -> tuple[int, int]:
        return sum(c.trained for c in self.training), sum(c.trainees for c in self.training)

    @property
    def fy_label(self) -> str:
        return format_fiscal_year(self.fy, short=False)

    @property
    def coverage_labels(self) -> list[str]:
        return [format_fiscal_year(fy) for fy in self.coverage_years]


def overview(prefecture: Prefecture, measure: str = "programs", today: dt.date | None = None) -> Overview:
    today = today or timezone.localdate()
    measure = measure if measure in MEASURES else "programs"
    current = fiscal_year(today)
    period = latest_quarter(today)
    kpis, body_rates, new_target = [], {}, None
    if period is not None:
        before = public.Period("quarter", period.fiscal_year - 1, period.number)
        now_total, body_rates = _published(prefecture, period, today)
        before_total, _ = _published(prefecture, before, today)
        targets = Targets()
        months = [public.fy_month(period.fiscal_year, c) for c in period.columns if c < public.MONTHS]
        for key, item, label in RATES:
            target = targets.for_months(item, months)
            kpis.append(Kpi(key, label, now_total.get(label, ""), before_total.get(label, ""), target))
            if key == "new" and target:
                new_target = float(target)
    else:
        before = None
    bodies = list(prefecture.bodies.order_by("code"))
    known = implementing([b.pk for b in bodies])
    nights = bed_nights_by_body(bodies, current)
    new_label = next(label for key, _item, label in RATES if key == "new")
    target = None
    if measure == "programs":
        values = {b.pk: sum(1 for p in HANDOFF_PROGRAMS if b.pk in known.bodies(p, current)) for b in bodies}
        shown = {k: f"{v}事業" for k, v in values.items()}
    elif measure == "new":
        rates = {b.pk: body_rates.get(b.code, {}).get(new_label, "—") for b in bodies}
        values = {k: float(v) if _is_number(v) else -1.0 for k, v in rates.items()}
        shown, target = rates, new_target
    else:
        values = {b.pk: nights[b.code] for b in bodies}
        shown = {k: f"{v:,}泊" for k, v in values.items()}
    years = list(range(current - COVERAGE_YEARS + 1, current + 1))
    coverage = [CoverageRow(p, [sum(1 for b in bodies if b.pk in known.bodies(p, fy_)) for fy_ in years], [])
                for p in HANDOFF_PROGRAMS]
    chart = _place_bars(coverage, len(bodies), [format_fiscal_year(y) for y in years])
    # The phases of the year the phase view reads (this one, or the latest with any program implemented).
    phase_fy, _fallback = phase_fiscal_year(today)
    matrix = phase_matrix(bodies, phase_fy)
    phases = [(Program(p), [(str(ph.label), sum(1 for _b, cells in matrix for c in cells
                                               if c.program == p and c.phase == ph.value)) for ph in Phase])
              for p in PHASE_PROGRAMS]
    phase_bodies = [(body.code, body.name, [(c.phase, c.phase_label) for c in cells]) for body, cells in matrix]
    sites, site_total = occupancy_tonight(today)
    return Overview(
        fy=current, period=period, period_before=before, kpis=kpis,
        map=tile_map(prefecture, measure, values, shown, target),
        programs_now=[(Program(p), sum(1 for b in bodies if b.pk in known.bodies(p, current)), len(bodies))
                      for p in HANDOFF_PROGRAMS],
        coverage_years=years, coverage=coverage, coverage_chart=chart, bodies=len(bodies),
        shelter_nights=sum(nights.values()), phases=phases, phase_fy=phase_fy, phase_bodies=phase_bodies,
        today=today, shelter_tonight=sites, shelter_total=site_total,
        training=coverage_by_body(prefecture.pk, current),
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True
