"""Stay rules (DOMAIN.md section 6): 3 months in principle, up to 6 with a recorded extension decision.

Months are calendar months from the first night: a stay starting on 1 April may end (move-out day) on
1 July without an extension, on 1 October at the latest with one. A day that does not exist in the
target month falls back to that month's last day (30 November + 3 months = 28 or 29 February).
"""
import calendar
import datetime as dt

from jiritsu.core.wareki import format_wareki

PRINCIPLE_MONTHS = 3
MAX_MONTHS = 6
WARN_DAYS = 14  # a stay whose move-out day is this close shows on the warning list
LATE_DAYS = 7  # a stay may be recorded as having begun this many days ago (a weekend or holiday admission)
AHEAD_DAYS = 365  # and requested this far ahead at most
GRID_FIRST = dt.date(2000, 4, 1)  # the occupancy grid's earliest night: no site is older than the program
GRID_AHEAD_DAYS = 5 * 365  # and its latest first night from today
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


def request_date_errors(start: dt.date, end: dt.date, today: dt.date) -> dict[str, str]:
    """What is wrong with a request's dates, by field, in 和暦 (the room search and the booking alike)."""
    earliest, latest = today - dt.timedelta(days=LATE_DAYS), today + dt.timedelta(days=AHEAD_DAYS)
    if start < earliest:
        return {"start": f"入居日は{format_wareki(earliest)}（{LATE_DAYS}日前）以降にしてください。"
                         "それより前からの入居は、事業者と相談のうえ記録してください。"}
    if start > latest:
        return {"start": f"入居日は{format_wareki(latest)}（1年先）までにしてください。"}
    limit = principle_end(start)
    if end <= start:
        return {"end": "退去予定日は入居日より後の日付にしてください。"}
    if end <= today:
        return {"end": f"退去予定日は今日（{format_wareki(today)}）より後の日付にしてください。"}
    if end > limit:
        return {"end": f"入居期間は原則3か月までです（退去予定日は{format_wareki(limit)}まで）。"
                       "3か月を超える場合は、入居後に延長の決定を記録してください。"}
    return {}


def grid_start_error(start: dt.date, today: dt.date) -> str:
    """Why the grid (or the availability API) cannot start on `start`, or ""."""
    last = today + dt.timedelta(days=GRID_AHEAD_DAYS)
    if GRID_FIRST <= start <= last:
        return ""
    return f"表示の始めは{format_wareki(GRID_FIRST)}から{format_wareki(last)}までの日付にしてください。"


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
