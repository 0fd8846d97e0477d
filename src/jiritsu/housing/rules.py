"""The rules of 住居確保給付金 (DOMAIN.md section 12), as plain functions of figures: no database here.

- Income: the household's monthly income at most 基準額 + rent, the rent counted up to the body's 家賃上限
  for the household size.
- Assets: at most 基準額 × 6 and never above 1,000,000 yen.
- Cause: the main earner left a job or closed a business within 2 years before the application, or their
  income fell to an equivalent level (or, since 2025, a move to cheaper housing to mend the budget).
- Registered with Hello Work.
- Amount: the rent (up to the cap) when income is at most 基準額; else 基準額 + rent − income, up to the cap.
- Period: 3 months, extendable by 3 months at a time up to 9.
- Duties each month since 2023-04: at least 4 interviews with the 相談支援員, at least 2 Hello Work
  counselling sessions, at least one application or job interview a week.
"""
import datetime as dt
from dataclasses import dataclass

from jiritsu.core.wareki import format_wareki

ASSET_CEILING = 1_000_000
ASSET_MONTHS = 6
LOSS_WITHIN_YEARS = 2
PERIOD_MONTHS = 3
MAX_MONTHS = 9
MAX_PERIODS = MAX_MONTHS // PERIOD_MONTHS
WORKER_INTERVIEWS = 4
HELLOWORK_SESSIONS = 2
APPLICATIONS_PER_WEEK = 1


@dataclass(frozen=True)
class Limits:
    """The body's amounts for one household size."""

    household_size: int
    base_amount: int
    rent_cap: int

    @property
    def asset_limit(self) -> int:
        return min(self.base_amount * ASSET_MONTHS, ASSET_CEILING)


@dataclass(frozen=True)
class Figures:
    """What the application states."""

    received_on: dt.date
    household_size: int
    monthly_income: int
    assets: int
    rent: int
    cause: str
    lost_on: dt.date | None
    hellowork_registered: bool


# Causes that date from a loss (離職・廃業) and so must fall within LOSS_WITHIN_YEARS.
DATED_CAUSES = {"left_job", "closed_business"}


def counted_rent(figures: Figures, limits: Limits) -> int:
    return min(figures.rent, limits.rent_cap)


def income_limit(figures: Figures, limits: Limits) -> int:
    return limits.base_amount + counted_rent(figures, limits)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def refusal_reasons(figures: Figures, limits: Limits | None) -> list[str]:
    """Why the application cannot be granted, in the words of a refusal notice; empty when it can."""
    if limits is None:
        return [f"世帯人数{figures.household_size}人の基準額・家賃上限が設定されていません（自治体担当者が設定します）。"]
    reasons = []
    if figures.rent <= 0:
        reasons.append("家賃額が記録されていません。")
    ceiling = income_limit(figures, limits)
    if figures.monthly_income > ceiling:
        reasons.append(f"世帯の収入月額 {figures.monthly_income:,}円 が収入基準額 {ceiling:,}円"
                       f"（基準額 {limits.base_amount:,}円 ＋ 家賃 {counted_rent(figures, limits):,}円）を超えています。")
    if figures.assets > limits.asset_limit:
        reasons.append(f"世帯の金融資産 {figures.assets:,}円 が資産基準額 {limits.asset_limit:,}円 を超えています。")
    if figures.cause in DATED_CAUSES:
        earliest = years_before(figures.received_on, LOSS_WITHIN_YEARS)
        if figures.lost_on is None:
            reasons.append("離職・廃業の日が記録されていません。")
        elif figures.lost_on < earliest:
            reasons.append(f"離職・廃業の日（{format_wareki(figures.lost_on)}）が申請日の2年前"
                           f"（{format_wareki(earliest)}）より前です。")
    if not figures.hellowork_registered:
        reasons.append("ハローワークへの求職の申込みがされていません。")
    return reasons


def monthly_amount(figures: Figures, limits: Limits) -> int:
    """The month's benefit: the counted rent, less what income exceeds 基準額 by; never below 0."""
    rent = counted_rent(figures, limits)
    if figures.monthly_income <= limits.base_amount:
        return rent
    return max(0, min(rent, limits.base_amount + figures.rent - figures.monthly_income))


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_from(first: dt.date, count: int) -> list[dt.date]:
    return [add_months(first, i) for i in range(count)]


def weeks_in(month: dt.date) -> int:
    """The weeks (Monday to Sunday) that begin in the month, 4 or 5: the applications the month owes."""
    first_monday = month + dt.timedelta(days=(7 - month.weekday()) % 7)
    return (add_months(month, 1) - first_monday - dt.timedelta(days=1)).days // 7 + 1


def shortfalls(month: dt.date, *, interviews: int, hellowork: int, applications: int) -> list[str]:
    """What the month's job-search record falls short of (empty when every duty is met)."""
    short = []
    if interviews < WORKER_INTERVIEWS:
        short.append(f"相談支援員との面談が{interviews}回です（月{WORKER_INTERVIEWS}回以上）。")
    if hellowork < HELLOWORK_SESSIONS:
        short.append(f"ハローワークでの職業相談が{hellowork}回です（月{HELLOWORK_SESSIONS}回以上）。")
    owed = weeks_in(month) * APPLICATIONS_PER_WEEK
    if applications < owed:
        short.append(f"応募・面接が{applications}回です（週1回以上：この月は{owed}回以上）。")
    return short
