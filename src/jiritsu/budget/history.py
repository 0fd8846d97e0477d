"""The 家計改善支援 records in the case's 変更履歴 (registered in apps.py with cases.history): each saved version
of a 家計表, キャッシュフロー表 or 家計再生プラン is one row, with who saved it, when, and what changed from the
version before (a sheet's totals and gap, a cash flow's horizon and its savings at the end, a plan's goals);
and each change to the debts list, field by field, from its field history. Shown only to those who may open
the case's 家計改善支援 records; four queries, whatever the number of versions."""
from django.contrib.auth import get_user_model

from jiritsu.cases.history import CREATED, DELETED

from . import policies, selectors
from .models import CashFlow, Debt, RecoveryPlan, Sheet
from .services import DEBT_FIELDS


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
            + _versions(plans, lambda p: "家計再生プラン", plan_summary)
            + _debt_rows(case))


def _shown(field, value) -> str:
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return f"{value:,}円" if isinstance(value, int) else str(value)


def _debt_rows(case) -> list[dict]:
    records = list(Debt.history.filter(case_id=case.pk).order_by("id", "history_date", "history_id"))
    users = {u.pk: _who(u) for u in get_user_model().objects.filter(
        pk__in={r.history_user_id for r in records} - {None}).select_related("staff")}
    fields = [Debt._meta.get_field(name) for name in DEBT_FIELDS]
    rows, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        base = {"at": record.history_date, "user": users.get(record.history_user_id, ""),
                "record": f"債務（{record.creditor}）"}
        if record.history_type == "+" or before is None:
            rows.append(base | {"field": CREATED, "old": "", "new": ""})
        elif record.history_type == "-":
            rows.append(base | {"field": DELETED, "old": "", "new": ""})
        else:
            rows.extend(base | {"field": str(f.verbose_name), "old": _shown(f, getattr(before, f.attname)),
                                "new": _shown(f, getattr(record, f.attname))}
                        for f in fields if getattr(before, f.attname) != getattr(record, f.attname))
        previous[record.id] = record
    return rows
