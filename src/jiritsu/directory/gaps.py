"""Where resources are missing: region × kind of resource, counted from the directory, the shelter's
buildings and the placement developer's sites, with the development log beside it.

A directory service counts for a kind through the intake need it answers (KIND_NEEDS) and for every
region where it has a location (the location's 全国地方公共団体コード). Shelter buildings and placement sites
are counted by their own apps, which register their counters here in their AppConfig.ready() (the directory
never imports them), so the live directory entries that stand for them are left out here.
The chart is laid out like a map: each region's tile sits at the mean of its municipalities' centres.
"""
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from jiritsu.orgs.geo import municipality_centres
from jiritsu.orgs.models import Municipality

from .models import DevelopmentRecord, Location, ResourceKind, Service

KIND_NEEDS = {
    ResourceKind.FOOD: "no_food", ResourceKind.HOUSING: "housing", ResourceKind.EMPLOYMENT: "job_search",
    ResourceKind.MONEY: "debt",
}
GRID_KINDS = [ResourceKind.FOOD, ResourceKind.HOUSING, ResourceKind.EMPLOYMENT, ResourceKind.MONEY,
              ResourceKind.SHELTER, ResourceKind.PLACEMENT]
SHORT = {ResourceKind.FOOD: "食料", ResourceKind.HOUSING: "住まい", ResourceKind.EMPLOYMENT: "就労",
         ResourceKind.MONEY: "家計", ResourceKind.SHELTER: "居室", ResourceKind.PLACEMENT: "体験先"}
NO_REGION = "（地域なし）"

# Chart geometry (px).
WIDTH, HEIGHT, PAD = 720, 520, 20
CELL, GAP_PX, LABEL_H = 30, 4, 22
TILE_W = len(GRID_KINDS) * (CELL + GAP_PX) + GAP_PX
TILE_H = LABEL_H + CELL + 2 * GAP_PX + 14


@dataclass
class GapCell:
    kind: str
    label: str
    short: str
    resources: int
    opened: int
    x: float = 0
    y: float = 0

    @property
    def is_gap(self) -> bool:
        return self.resources == 0


@dataclass
class RegionRow:
    region: str
    cells: list[GapCell]
    x: float = 0
    y: float = 0

    @property
    def gaps(self) -> list[GapCell]:
        return [c for c in self.cells if c.is_gap]


def _region_of_code() -> dict[str, str]:
    return {code: region or NO_REGION for code, region in Municipality.objects.values_list("code", "region")}


def _directory_counts(region_of: dict[str, str]) -> dict[tuple[str, str], int]:
    services_at = defaultdict(set)
    rows = (Service.objects.exclude(status=Service.Status.DEFUNCT).filter(live_capacity="")
            .filter(service_at_locations__location__external_identifier_type=Location.MUNICIPALITY_CODE)
            .values_list("pk", "needs", "service_at_locations__location__external_identifier"))
    for pk, needs, code in rows:
        region = region_of.get(code)
        if region is None:
            continue
        for kind, need in KIND_NEEDS.items():
            if need in (needs or []):
                services_at[(region, kind)].add(pk)
    return {key: len(pks) for key, pks in services_at.items()}


# kind (ResourceKind) -> counter() -> [(region or None, count), ...], registered by the app that holds them.
COUNTERS: dict = {}


def register_counter(kind: str, counter) -> None:
    COUNTERS[kind] = counter


def _app_counts() -> dict[tuple[str, str], int]:
    return {(region or NO_REGION, kind): n for kind, counter in COUNTERS.items() for region, n in counter()}


def _opened_counts(records) -> dict[tuple[str, str], int]:
    rows = records.values_list("municipality__region", "kind").annotate(n=Count("pk")).order_by()
    return {(region or NO_REGION, kind): n for region, kind, n in rows}


def gap_rows(records=None) -> list[RegionRow]:
    """One row per region of the prefecture (in municipality-code order), a cell per kind of resource."""
    region_of = _region_of_code()
    regions = list(dict.fromkeys(region_of.values()))
    resources = _directory_counts(region_of)
    resources.update(_app_counts())
    opened = _opened_counts(records if records is not None else DevelopmentRecord.objects.all())
    rows = [RegionRow(region, [GapCell(k.value, k.label, SHORT[k], resources.get((region, k.value), 0),
                                       opened.get((region, k.value), 0)) for k in GRID_KINDS])
            for region in regions]
    _place(rows, region_of)
    for row in rows:
        for i, cell in enumerate(row.cells):
            cell.x, cell.y = row.x + GAP_PX + i * (CELL + GAP_PX), row.y + LABEL_H
    return rows


def _place(rows: list[RegionRow], region_of: dict[str, str]) -> None:
    """Put each region's tile where its municipalities are; without coordinates, in a column."""
    centres = municipality_centres()
    points = defaultdict(list)
    for code, region in region_of.items():
        if code in centres:
            points[region].append(centres[code])
    if len(points) < len(rows) or not rows:
        for i, row in enumerate(rows):
            row.x, row.y = PAD, PAD + i * (TILE_H + GAP_PX)
        return
    means = {r: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) for r, pts in points.items()}
    lats, lons = [m[0] for m in means.values()], [m[1] for m in means.values()]
    span_lat, span_lon = (max(lats) - min(lats)) or 1, (max(lons) - min(lons)) or 1
    for row in rows:
        lat, lon = means[row.region]
        row.x = PAD + (lon - min(lons)) / span_lon * (WIDTH - 2 * PAD - TILE_W)
        row.y = PAD + (max(lats) - lat) / span_lat * (HEIGHT - 2 * PAD - TILE_H)


def chart_size(rows: list[RegionRow]) -> tuple[int, int]:
    bottom = max((r.y for r in rows), default=0) + TILE_H + PAD
    return WIDTH, int(max(bottom, TILE_H + 2 * PAD))
