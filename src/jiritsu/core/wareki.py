"""Japanese dates: parsing 和暦 and Western input, formatting 和暦, fiscal years (April to March).

The one home for date rules shared by forms, imports, the API and printed forms.
"""
import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from django.utils import timezone

# (name, short letter, first day). Ordered newest first for formatting.
ERAS = [
    ("令和", "R", dt.date(2019, 5, 1)),
    ("平成", "H", dt.date(1989, 1, 8)),
    ("昭和", "S", dt.date(1926, 12, 25)),
    ("大正", "T", dt.date(1912, 7, 30)),
    ("明治", "M", dt.date(1868, 1, 25)),
]
# The earliest date any field accepts: 明治元年, as ERAS counts it. The latest, unless a field says otherwise:
# twenty years from today, far enough for a contract or a plan's target, near enough that adding a few years
# to it (due dates, terms) can never overflow the calendar.
EARLIEST = ERAS[-1][2]
YEARS_AHEAD = 20
_ERA_BY_KEY = {}
for _name, _letter, _start in ERAS:
    _ERA_BY_KEY[_name] = _start
    _ERA_BY_KEY[_letter] = _start
    _ERA_BY_KEY[_letter.lower()] = _start
    _ERA_BY_KEY[_name[0]] = _start  # 令, 平, 昭 ... as people abbreviate

_ERA_RE = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|明治|[RHSTMrhstm令平昭大明])\s*\.?\s*(?P<y>元|\d{1,2})\s*(?:[年./\-]\s*)"
    r"(?P<m>\d{1,2})\s*(?:[月./\-]\s*)(?P<d>\d{1,2})\s*日?$"
)
_WEST_RE = re.compile(r"^(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*[月./\-]\s*(?P<d>\d{1,2})\s*日?$")
_COMPACT_RE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")


class DateParseError(ValueError):
    """Raised with a Japanese message suitable to show at the field."""


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


Bound = dt.date | Callable[[], dt.date] | None


def default_latest() -> dt.date:
    return dt.date(timezone.localdate().year + YEARS_AHEAD, 12, 31)


def _bound(value: Bound, default: Callable[[], dt.date]) -> dt.date:
    value = default() if value is None else value
    return value() if callable(value) else value


def check_range(day: dt.date, *, earliest: Bound = None, latest: Bound = None, latest_message: str = "") -> dt.date:
    """The date itself, or DateParseError when it lies outside the field's range (明治元年 to twenty years
    ahead unless the field narrows it, e.g. a birth date to today)."""
    first, last = _bound(earliest, lambda: EARLIEST), _bound(latest, default_latest)
    if day < first:
        raise DateParseError(f"{format_wareki(first)}（{first.year}年）以降の日付を入力してください。")
    if day > last:
        raise DateParseError(latest_message or f"{format_wareki(last)}（{last.year}年）以前の日付を入力してください。")
    return day


# The range of a birth date (明治元年 to today): pass as **BIRTH_DATE to parse_date, check_range or a form's
# WarekiDateField.
BIRTH_DATE = {"latest": timezone.localdate, "latest_message": "生年月日に未来の日付は入力できません。"}


def parse_date(text: str, *, earliest: Bound = None, latest: Bound = None, latest_message: str = "") -> dt.date:
    """Parse ISO, slashed Western, 8-digit, or 和暦 (R4.4.1, 令和4年4月1日, 令和元年5月1日), within the range
    of `check_range`."""
    day = _parse(text)
    return check_range(day, earliest=earliest, latest=latest, latest_message=latest_message)


def _parse(text: str) -> dt.date:
    s = _normalise(text or "")
    if not s:
        raise DateParseError("日付を入力してください。")
    m = _WEST_RE.match(s) or _COMPACT_RE.match(s)
    if m:
        return _make(int(m["y"]), int(m["m"]), int(m["d"]), s)
    m = _ERA_RE.match(s)
    if m:
        start = _ERA_BY_KEY[m["era"]]
        era_year = 1 if m["y"] == "元" else int(m["y"])
        if era_year < 1:
            raise DateParseError(f"「{s}」の年が正しくありません。")
        result = _make(start.year + era_year - 1, int(m["m"]), int(m["d"]), s)
        if result < start:
            raise DateParseError(f"「{s}」はその元号の始まりより前の日付です。")
        return result
    raise DateParseError(
        f"「{s}」を日付として読めません。2022-04-01、R4.4.1、令和4年4月1日 のように入力してください。"
    )


def _make(y: int, m: int, d: int, source: str) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError as exc:
        raise DateParseError(f"「{source}」は存在しない日付です。") from exc


def era_of(day: dt.date) -> tuple[str, str, int] | None:
    """(name, letter, year of the era), or None before 明治."""
    for name, letter, start in ERAS:
        if day >= start:
            return name, letter, day.year - start.year + 1
    return None


def _year_text(n: int) -> str:
    return "元" if n == 1 else str(n)


def format_wareki(day: dt.date | None, *, short: bool = False) -> str:
    """令和4年4月1日, or R4.4.1 when short."""
    if day is None:
        return ""
    era = era_of(day)
    if era is None:  # a date stored before the fields refused it (or by hand): shown as it is, never an error
        return f"{day.year}.{day.month}.{day.day}" if short else f"{day.year}年{day.month}月{day.day}日"
    name, letter, year = era
    if short:
        return f"{letter}{year}.{day.month}.{day.day}"
    return f"{name}{_year_text(year)}年{day.month}月{day.day}日"


def format_wareki_month(day: dt.date | None) -> str:
    """令和4年4月: a month (of payments, of a record), named by any of its days."""
    text = format_wareki(day)
    return text[: text.rindex("月") + 1] if text else ""


def age_on(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def fiscal_year(day: dt.date) -> int:
    """The Western year in which the fiscal year (April to March) containing `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fy: int) -> tuple[dt.date, dt.date]:
    return dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)


_FY_ERA_RE = re.compile(r"^(?P<era>令和|平成|[RHrh])\s*(?P<y>元|\d{1,2})\s*(?:年度|年)?$")


def parse_fiscal_year(text: str) -> int:
    """Accept 2022, R4, 令和4年度, H27, 平成27年度."""
    s = _normalise(str(text))
    if re.fullmatch(r"\d{4}(年度)?", s):
        return _check_fiscal_year(int(s[:4]))
    m = _FY_ERA_RE.match(s)
    if m:
        start = _ERA_BY_KEY[m["era"]]
        n = 1 if m["y"] == "元" else int(m["y"])
        return _check_fiscal_year(start.year + n - 1)
    raise DateParseError(f"「{s}」を年度として読めません。2022、R4、令和4年度 のように入力してください。")


def _check_fiscal_year(fy: int) -> int:
    last = default_latest().year
    if not EARLIEST.year <= fy <= last:
        raise DateParseError(f"年度は{EARLIEST.year}年度から{last}年度までで指定してください。")
    return fy


def format_fiscal_year(fy: int, *, short: bool = True) -> str:
    """R元年度, R2年度, H27年度 (short) or 令和2年度. FY starting April 2019 is R元 (令和 began May 2019)."""
    era = era_of(dt.date(fy, 5, 1)) if dt.MINYEAR <= fy < dt.MAXYEAR else None
    if era is None:
        return f"{fy}年度"
    name, letter, year = era
    return f"{letter if short else name}{_year_text(year)}年度"
