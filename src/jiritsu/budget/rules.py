"""The 家計改善支援 method's arithmetic (DOMAIN.md section 12), as plain functions: the household budget's
categories and totals, the before/after comparison, the キャッシュフロー表 year by year, and its chart's
geometry (drawn as SVG by the template). No database here."""
import re
import unicodedata
from dataclasses import dataclass

INCOME = [
    ("wages", "就労収入"), ("pension", "年金"), ("allowance", "手当（児童手当など）"), ("other_income", "その他の収入"),
]
SPENDING = [
    ("housing", "住居費（家賃・ローン）"), ("utilities", "水道光熱費"), ("food", "食費"), ("phone", "通信費"),
    ("daily", "日用品"), ("medical", "医療費"), ("education", "教育費"), ("transport", "交通費"),
    ("insurance", "保険料"), ("tax", "税・社会保険料"), ("repayment", "借金の返済"),
    ("leisure", "娯楽・交際費"), ("other_spending", "その他の支出"),
]
CATEGORIES = INCOME + SPENDING
LABELS = dict(CATEGORIES)
MAX_YEARS = 40


def totals(amounts: dict) -> tuple[int, int, int]:
    """(income, spending, gap: income − spending) of a month's amounts by category code."""
    income = sum(int(amounts.get(code) or 0) for code, _label in INCOME)
    spending = sum(int(amounts.get(code) or 0) for code, _label in SPENDING)
    return income, spending, income - spending


@dataclass
class CompareRow:
    code: str
    label: str
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


def compare(before: dict, after: dict) -> list[CompareRow]:
    return [CompareRow(code, label, int(before.get(code) or 0), int(after.get(code) or 0))
            for code, label in CATEGORIES]


# ---- ライフイベント and キャッシュフロー ----

@dataclass(frozen=True)
class Event:
    year: int
    label: str
    amount: int  # + income (a lump sum), − spending


class EventError(ValueError):
    pass


_LINE = re.compile(r"^(?P<year>\d{4})\s+(?P<label>.+?)\s+(?P<amount>[+-−]?[\d,]+)円?$")


def parse_events(text: str, first_year: int, last_year: int, *, max_amount: int) -> list[Event]:
    """One event a line: 「2028 長男の高校入学 -300,000」 (full-width digits accepted; + for income)."""
    events = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).strip().replace("−", "-")
        if not line:
            continue
        m = _LINE.match(line)
        if not m:
            raise EventError(f"{number}行目「{raw.strip()}」を読めません。「2028 長男の高校入学 -300000」の形で入力してください。")
        year, amount = int(m["year"]), int(m["amount"].replace(",", ""))
        if not first_year <= year <= last_year:
            raise EventError(f"{number}行目：{year}年は表の期間（{first_year}年～{last_year}年）の外です。")
        if abs(amount) > max_amount:
            raise EventError(f"{number}行目：金額は{max_amount:,}円以内で入力してください。")
        events.append(Event(year, m["label"].strip(), amount))
    return events


def events_text(events: list[dict]) -> str:
    return "\n".join(f"{e['year']} {e['label']} {e['amount']}" for e in events)


@dataclass
class Year:
    year: int
    income: int
    spending: int
    events: list[Event]

    @property
    def event_total(self) -> int:
        return sum(e.amount for e in self.events)

    @property
    def balance(self) -> int:
        return self.income - self.spending + self.event_total

    savings: int = 0


def cash_flow(*, start_year: int, years: int, savings: int, income: int, spending: int,
              events: list[Event]) -> list[Year]:
    """Year by year to the horizon: that year's income, spending and events, the balance and the savings at
    its end (the savings carried from the year before plus the balance)."""
    rows = []
    for year in range(start_year, start_year + years):
        row = Year(year, income, spending, [e for e in events if e.year == year])
        savings += row.balance
        row.savings = savings
        rows.append(row)
    return rows


@dataclass
class Chart:
    """The chart's geometry in SVG user units: a bar per year for the balance, a line for the savings."""

    width: int
    height: int
    zero_y: float
    bars: list[dict]
    points: str
    top_label: int
    bottom_label: int


def chart(rows: list[Year], *, width: int = 640, height: int = 240, margin: int = 24) -> Chart:
    values = [r.balance for r in rows] + [r.savings for r in rows] + [0]
    top, bottom = max(values), min(values)
    span = (top - bottom) or 1
    inner_h, step = height - 2 * margin, (width - 2 * margin) / max(len(rows), 1)

    def y(value):
        return round(margin + (top - value) * inner_h / span, 1)

    zero = y(0)
    bars, points = [], []
    for i, r in enumerate(rows):
        x = margin + i * step
        top_y = min(y(r.balance), zero)
        bars.append({"x": round(x + step * 0.2, 1), "y": top_y, "w": round(step * 0.6, 1),
                     "h": round(abs(y(r.balance) - zero), 1), "negative": r.balance < 0, "year": r.year,
                     "label_x": round(x + step / 2, 1), "show_label": len(rows) <= 12 or i % 5 == 0})
        points.append(f"{round(x + step / 2, 1)},{y(r.savings)}")
    return Chart(width, height, zero, bars, " ".join(points), top, bottom)
