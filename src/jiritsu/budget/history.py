"""The 家計改善支援 records in the case's 変更履歴 (registered in apps.py with cases.history): each saved version
of a 家計表, キャッシュフロー表 or 家計再生プラン is one row, with who saved it, when, and what changed from the
version before (a sheet's totals and gap, a cash flow's horizon and its savings at the end, a plan's goals).
Shown only to those who may open the case's 家計改善支援 records; three queries, whatever the number of versions."""
from jiritsu.cases.history import CREATED

from . import policies, selectors
from .models import CashFlow, RecoveryPlan, Sheet


def _yen(value: int) -> str:
    return f"{value:,}円"


def sheet_summary(sheet: Sheet) -> str:
    income, spending, gap = sheet.totals
    return f"{sheet.month.year}年{sheet.month.month}月　収入 {_yen(income)}／支出 {_yen(spending)}／差額 {_yen(gap)}"


def cash_flow_summary(flow: CashFlow) -> str:
    rows = flow.rows()
    end = rows[-1].savings if rows else flow.savings
    return (f"{flow.start_year}年から{flow.years}年　年収入 {_yen(flow.income)}／年支出 {_yen(flow.spending)}"
            f"／ライフイベント {len(flow.events)}件／{flow.start_year + flow.years - 1}年末の貯蓄 {_yen(end)}")


def plan_summary(plan: RecoveryPlan) -> str:
    return plan.goals


def _who(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.display_name if staff else user.username


def _versions(records, label, summary) -> list[dict]:
    """One row per version: the first is the sheet's creation, later ones show the change from the last."""
    rows, previous = [], {}
    for record in records:
        key = getattr(record, "kind", "")
        before = previous.get(key)
        now = summary(record)
        rows.append({"at": record.recorded_at, "user": _who(record.recorded_by),
                     "record": f"{label(record)} 第{record.number}版",
                     "field": "内容" if before is not None else CREATED,
                     "old": before or "", "new": now})
        previous[key] = now
    return rows


def case_rows(user, case) -> list[dict]:
    if not policies.opens_case(user, case):
        return []
    with_author = ("recorded_by__staff",)
    sheets = selectors.sheets(case).select_related(*with_author).order_by("kind", "number")
    flows = selectors.cash_flows(case).select_related(*with_author).order_by("number")
    plans = selectors.plans(case).select_related(*with_author).order_by("number")
    return (_versions(sheets, lambda s: s.get_kind_display(), sheet_summary)
            + _versions(flows, lambda f: "キャッシュフロー表", cash_flow_summary)
            + _versions(plans, lambda p: "家計再生プラン", plan_summary))
