"""For `jiritsu setup-demo` (idempotent): 家計改善支援 sheets for a few people handed to the 家計改善 provider —
a 相談時家計表 and 家計計画表, debts, a キャッシュフロー表 with life events and a 家計再生プラン; the first also a
monitoring month to compare."""
import datetime as dt

from jiritsu.cases.models import Handoff
from jiritsu.programs.catalog import Program

from . import rules, services
from .models import Sheet

PEOPLE = 3
CONSULTATION = {"wages": 98_000, "housing": 45_000, "utilities": 12_000, "food": 52_000, "phone": 14_000,
                "daily": 8_000, "repayment": 20_000, "leisure": 9_000}
PLAN = {**CONSULTATION, "food": 40_000, "phone": 4_000, "leisure": 3_000, "repayment": 10_000}
MONITORING = {**PLAN, "wages": 112_000, "food": 43_000}


def load_demo_budgets(cases, staff, today: dt.date) -> int:
    """Sheets for up to PEOPLE of `cases` handed to `staff`'s organisation for 家計改善支援 and without any yet."""
    handed = (Handoff.objects.filter(case__in=cases, provider_id=staff.staff.organisation_id,
                                     program=Program.HOUSEHOLD_BUDGET, ended_on__isnull=True)
              .values_list("case_id", flat=True))
    done = set(Sheet.objects.filter(case_id__in=handed).values_list("case_id", flat=True))
    made = 0
    for case in cases.filter(pk__in=handed).order_by("pk"):
        if made + len(done) >= PEOPLE:
            break
        if case.pk in done:
            continue
        _sheets(case, staff, today, monitoring=made == 0)
        made += 1
    return made


def _sheets(case, staff, today: dt.date, *, monitoring: bool) -> None:
    month = today.replace(day=1)
    for kind, amounts in (("consultation", CONSULTATION), ("plan", PLAN)):
        services.save_sheet(user=staff, case=case, kind=kind, made_on=today, month=month, amounts=amounts,
                            note="", based_on=0)
    if monitoring:
        services.save_sheet(user=staff, case=case, kind="monitoring", made_on=today, month=month, amounts=MONITORING,
                            note="食費と通信費を見直した。", based_on=0)
    for creditor, kind, arrears, repayment, state, arrangement in (
            ("デモ市 税務課", "tax", 180_000, 10_000, "instalments", "月1万円で18回（架空）"),
            ("デモ信販（架空）", "loan", 420_000, 0, "legal", "法テラスの相談を予約")):
        services.save_debt(user=staff, case=case, debt=None, version=None, data={
            "creditor": creditor, "kind": kind, "arrears": arrears, "monthly_repayment": repayment, "state": state,
            "arrangement": arrangement})
    services.save_cash_flow(user=staff, case=case, made_on=today, start_year=today.year, years=10, savings=30_000,
                            income=1_344_000, spending=1_284_000, based_on=0,
                            events=[rules.Event(today.year + 1, "冷蔵庫の買い替え", -60_000),
                                    rules.Event(today.year + 3, "更新料", -45_000)])
    services.save_plan(user=staff, case=case, made_on=today, goals="税の滞納を分納で解消し、毎月1万円を貯蓄する。",
                       actions="本人：家計簿をつける。支援員：毎月の面談で家計表を確認する。",
                       next_monitoring_on=today + dt.timedelta(days=30), based_on=0)
