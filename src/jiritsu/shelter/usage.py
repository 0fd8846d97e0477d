"""Use of 一時生活支援 by welfare-office body and month: bed-nights, stays, average length, outcomes.

Counts only, never people: the prefecture's page and cost sharing's actual-use basis (利用実績割, for
一時生活支援 the bed-nights; specs/cost-share.md) both read from here.

A bed-night is one person's night in a room on a stay the provider confirmed (so requests never confirmed and
cancelled stays do not count; a household of three is three a night), up to the move-out day (exclusive) and
never a night that has not begun. A stay not moved out counts every night up to tonight, its planned move-out
day or not: an overstay's nights are nights in the room. One person never counts twice for a night (one case,
one room a night: the database's rule). Average length is over the stays that ended by a move-out in the month,
in nights.
"""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from jiritsu.core.wareki import fiscal_year_bounds
from jiritsu.orgs.models import Body

from .models import Stay

ONE_DAY = dt.timedelta(days=1)
USED = (Stay.Status.CONFIRMED, Stay.Status.ENDED)


@dataclass
class Month:
    first: dt.date
    bed_nights: int = 0
    in_room: int = 0  # stays with at least one night in the month
    started: int = 0
    moved_out: int = 0
    housing_benefit: int = 0
    lengths: list = field(default_factory=list)

    @property
    def average_length(self) -> float | None:
        return sum(self.lengths) / len(self.lengths) if self.lengths else None


@dataclass
class BodyUse:
    body: Body
    months: list[Month]

    @property
    def total(self) -> Month:
        total = Month(self.months[0].first)
        for m in self.months:
            total.bed_nights += m.bed_nights
            total.started += m.started
            total.moved_out += m.moved_out
            total.housing_benefit += m.housing_benefit
            total.lengths += m.lengths
        total.in_room = None  # a stay spans months: the year's figure is not the sum
        return total


def _months(fy: int) -> list[dt.date]:
    return [dt.date(fy + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def _used_stays(bodies, start: dt.date, end: dt.date, today: dt.date):
    """(body id, first night, nights end, people, move-out day, housing benefit) of stays with a night in
    [start, end]. A stay still in the room runs to tonight."""
    rows = (Stay.objects.filter(Q(end_on__gt=start) | Q(status=Stay.Status.CONFIRMED), status__in=USED,
                                case__body__in=bodies, start_on__lte=end)
            .values_list("case__body_id", "start_on", "end_on", "status", "people", "move_out__moved_on",
                         "move_out__housing_benefit").order_by())
    for body_id, first, stop, status, people, moved_on, benefit in rows:
        stop = today + ONE_DAY if status == Stay.Status.CONFIRMED else min(stop, today + ONE_DAY)
        yield body_id, first, stop, people, moved_on, benefit


def _nights(first: dt.date, stop: dt.date, start: dt.date, end_exclusive: dt.date) -> int:
    """Nights of [first, stop) that fall in [start, end_exclusive)."""
    return max(0, (min(stop, end_exclusive) - max(first, start)).days)


def use_by_body(bodies, fy: int, today: dt.date | None = None) -> list[BodyUse]:
    today = today or timezone.localdate()
    start, end = fiscal_year_bounds(fy)
    firsts = _months(fy)
    table = {b.pk: BodyUse(b, [Month(f) for f in firsts]) for b in bodies}
    for body_id, first, stop, people, moved_on, benefit in _used_stays(bodies, start, end, today):
        for month in table[body_id].months:
            month_end = (month.first + dt.timedelta(days=32)).replace(day=1)
            nights = _nights(first, stop, month.first, month_end)
            month.bed_nights += nights * people
            month.in_room += nights > 0
            month.started += month.first <= first < month_end
            if moved_on and month.first <= moved_on < month_end:
                month.moved_out += 1
                month.housing_benefit += bool(benefit)
                month.lengths.append((moved_on - first).days)
    return list(table.values())


def bed_nights_by_body(bodies, fy: int) -> dict[str, int]:
    """Body code → bed-nights in the fiscal year: cost sharing's actual-use basis for 一時生活支援."""
    start, end = fiscal_year_bounds(fy)
    totals = {b.code: 0 for b in bodies}
    codes = {b.pk: b.code for b in bodies}
    for body_id, first, stop, people, _, _ in _used_stays(bodies, start, end, timezone.localdate()):
        totals[codes[body_id]] += _nights(first, stop, start, end + ONE_DAY) * people
    return totals
