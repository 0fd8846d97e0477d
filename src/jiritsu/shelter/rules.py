"""Stay rules (DOMAIN.md section 6): 3 months in principle, up to 6 with a recorded extension decision.

Months are calendar months from the first night: a stay starting on 1 April may end (move-out day) on
1 July without an extension, on 1 October at the latest with one. A day that does not exist in the
target month falls back to that month's last day (30 November + 3 months = 28 or 29 February).
"""
import calendar
import datetime as dt

PRINCIPLE_MONTHS = 3
MAX_MONTHS = 6
WARN_DAYS = 14  # a stay whose move-out day is this close shows on the warning list
LATE_DAYS = 7  # a stay may be recorded as having begun this many days ago (a weekend or holiday admission)
WATCH_MONTHS = 12  # 地域居住支援 follows the person for up to a year after the move-out
VISIT_WARN_DAYS = 7  # watch-over visits due this soon show on the visitor's list


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def principle_end(start: dt.date) -> dt.date:
    return add_months(start, PRINCIPLE_MONTHS)


def latest_end(start: dt.date) -> dt.date:
    return add_months(start, MAX_MONTHS)


def is_overstay(stay, today: dt.date) -> bool:
    """超過: confirmed, its planned move-out day past, no move-out recorded. The person is still in the room,
    which the stay holds until the move-out is recorded (the database's rule too: migration 0007)."""
    return stay.status == stay.Status.CONFIRMED and stay.end_on < today


def held_until(stay, today: dt.date) -> dt.date | None:
    """The first night the stay no longer holds its room: its planned move-out day, or None (not known) for an
    overstay, which holds the room until its move-out is recorded."""
    return None if is_overstay(stay, today) else stay.end_on


def last_day_in_room(stay, today: dt.date) -> dt.date:
    """The last day meals or supplies may be for: the move-out day, or today while an overstay goes on."""
    return max(stay.end_on, today) if is_overstay(stay, today) else stay.end_on


def needs_extension(stay, today: dt.date, *, extended: bool) -> bool:
    """No extension decision yet, 3 months reached within WARN_DAYS (or passed), and the stay runs to them:
    planned to the limit (to move out or to extend, a decision is due), or still in the room past it."""
    if extended or not stay.is_active or stay.start_on > today:
        return False
    limit = principle_end(stay.start_on)
    runs_to_limit = stay.end_on >= limit or (is_overstay(stay, today) and today >= limit)
    return limit <= today + dt.timedelta(days=WARN_DAYS) and runs_to_limit


def is_overdue(stay, today: dt.date, *, extended: bool) -> bool:
    """Still in the room after its move-out day, or past 3 months with no extension decision."""
    if not stay.is_active or stay.start_on > today:
        return False
    return is_overstay(stay, today) or (not extended and principle_end(stay.start_on) < today)


def status_label(stay, today: dt.date, *, extended: bool) -> str:
    """依頼中 / 確定 / 延長 / 超過 / 終了 / 取消, as the case page and the warning list show it."""
    if is_overdue(stay, today, extended=extended):
        return "超過"
    if stay.status == stay.Status.CONFIRMED and extended:
        return "延長"
    if stay.status == stay.Status.ENDED and hasattr(stay, "move_out"):
        return "転居済み"
    return stay.get_status_display()


def watch_schedule(moved_on: dt.date) -> list[dt.date]:
    """The default 見守り schedule: one visit a month after the move-out, for a year (editable afterwards)."""
    return [add_months(moved_on, k) for k in range(1, WATCH_MONTHS + 1)]


def watch_period_end(moved_on: dt.date) -> dt.date:
    return add_months(moved_on, WATCH_MONTHS)
