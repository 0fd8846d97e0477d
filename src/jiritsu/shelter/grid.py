"""The occupancy grid: sites × rooms × the nights of a chosen period, and each site's occupancy.

A site shows only for periods that meet the time it is in the program (from the day it joined, until the day
it left); a night outside a site's or a room's window is 対象外. A room is occupied on a night by a stay's
planned nights, and by an overstay on every night from its start until its move-out is recorded: on nights
past the planned move-out day it shows as 超過, and two stays on one night (an overstay into the next person's
booking) as 重複, for the provider to resolve. Reads only; the page names and audits who it shows.
"""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from . import rules
from .models import Building, OutOfService, Room, Stay

ONE_DAY = dt.timedelta(days=1)
OCCUPIED = ("confirmed", "overstay", "clash")
LABELS = {"free": "空", "requested": "依", "confirmed": "確", "overstay": "超", "clash": "重",
          "out_of_service": "停", "unavailable": "－"}


@dataclass
class Cell:
    state: str  # a key of LABELS
    stay: Stay | None = None
    who: str = ""  # the person's name, on the first night shown, only for those allowed to see it
    url: str = ""  # the stay's page, only for those allowed to open it

    @property
    def label(self) -> str:
        return LABELS[self.state]


@dataclass
class GridRow:
    room: Room
    cells: list


@dataclass
class Summary:
    """A site's nights in the period: those the rooms were open (in use, not out of service), occupied,
    requested; and tonight's rooms when today is in the period."""

    open_nights: int = 0
    occupied_nights: int = 0
    requested_nights: int = 0
    tonight_open: int | None = None
    tonight_occupied: int | None = None

    @property
    def rate(self) -> float | None:
        return self.occupied_nights / self.open_nights if self.open_nights else None

    def add(self, other: "Summary") -> None:
        self.open_nights += other.open_nights
        self.occupied_nights += other.occupied_nights
        self.requested_nights += other.requested_nights
        if other.tonight_open is not None:
            self.tonight_open = (self.tonight_open or 0) + other.tonight_open
            self.tonight_occupied = (self.tonight_occupied or 0) + other.tonight_occupied


@dataclass
class SiteGrid:
    site: Building
    rows: list[GridRow]
    summary: Summary = field(default_factory=Summary)


def sites_in(start: dt.date, end: dt.date):
    """Sites in the program on some night of [start, end)."""
    return Building.objects.filter(Q(available_until__isnull=True) | Q(available_until__gte=start),
                                   available_from__lt=end)


def occupancy(start: dt.date, days: int, today: dt.date, *, counts_only: bool = False,
              ) -> tuple[list[dt.date], list[SiteGrid], Summary]:
    """Every site in the program during the period, its rooms night by night, and the totals: four queries.
    `counts_only`: the stays come without their cases (for readers who see occupancy, never who stays)."""
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    end = start + dt.timedelta(days=days)
    rooms = list(Room.objects.filter(building__in=sites_in(start, end)).select_related("building__municipality"))
    stays: dict[int, list[Stay]] = {}
    held = Q(end_on__gt=start) | Q(status=Stay.Status.CONFIRMED, end_on__lt=today)
    found = Stay.objects.filter(held, status__in=Stay.ACTIVE, start_on__lt=end)
    if not counts_only:
        found = found.select_related("case__client", "case__body", "handoff")
    for stay in found.order_by("start_on", "pk"):
        stays.setdefault(stay.room_id, []).append(stay)
    closed: dict[int, list[OutOfService]] = {}
    for oos in OutOfService.objects.filter(start_on__lt=end, end_on__gte=start):
        closed.setdefault(oos.room_id, []).append(oos)
    sites: dict[int, SiteGrid] = {}
    total = Summary()
    for room in rooms:
        cells = [cell_of(room, day, stays.get(room.pk, ()), closed.get(room.pk, ()), today) for day in dates]
        site = sites.setdefault(room.building_id, SiteGrid(room.building, []))
        site.rows.append(GridRow(room, cells))
        _count(site.summary, dates, cells, today)
    for site in sites.values():
        total.add(site.summary)
    return dates, list(sites.values()), total


def in_use(room: Room, day: dt.date) -> bool:
    """Within the room's and its site's windows (both days included)."""
    for window in (room, room.building):
        if (window.available_from and day < window.available_from) or (
                window.available_until and day > window.available_until):
            return False
    return True


def cell_of(room: Room, day: dt.date, stays, closed, today: dt.date) -> Cell:
    """What the room is doing on the night of `day`, as of `today`."""
    if not in_use(room, day):
        return Cell("unavailable")
    if any(o.start_on <= day <= o.end_on for o in closed):
        return Cell("out_of_service")
    holding = [s for s in stays if s.start_on <= day and (day < s.end_on or rules.is_overstay(s, today))]
    if len(holding) > 1:
        overstay = next((s for s in holding if rules.is_overstay(s, today)), holding[0])
        return Cell("clash", overstay)
    if holding:
        stay = holding[0]
        return Cell("overstay" if day >= stay.end_on else stay.status, stay)
    return Cell("free")


def _count(summary: Summary, dates, cells, today: dt.date) -> None:
    for day, cell in zip(dates, cells, strict=True):
        if cell.state in ("unavailable", "out_of_service"):
            continue
        summary.open_nights += 1
        summary.occupied_nights += cell.state in OCCUPIED
        summary.requested_nights += cell.state == "requested"
        if day == today:
            summary.tonight_open = (summary.tonight_open or 0) + 1
            summary.tonight_occupied = (summary.tonight_occupied or 0) + (cell.state in OCCUPIED)
