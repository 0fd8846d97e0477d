"""Reads of a case's 家計改善支援 records. Callers audit what they show."""
from django.http import Http404

from .models import CashFlow, Debt, RecoveryPlan, Sheet


def sheets(case, kind: str | None = None):
    found = Sheet.objects.filter(case_id=case.pk)
    return found.filter(kind=kind) if kind else found.order_by("kind", "number")


def latest_sheet(case, kind: str) -> Sheet | None:
    return Sheet.objects.filter(case_id=case.pk, kind=kind).order_by("-number").first()


def sheet_or_404(case, pk) -> Sheet:
    sheet = Sheet.objects.filter(case_id=case.pk, pk=pk).first()
    if sheet is None:
        raise Http404("家計表が見つかりません。")
    return sheet


def cash_flows(case):
    return CashFlow.objects.filter(case_id=case.pk)


def latest_cash_flow(case) -> CashFlow | None:
    return CashFlow.objects.filter(case_id=case.pk).order_by("-number").first()


def cash_flow_or_404(case, pk) -> CashFlow:
    found = CashFlow.objects.filter(case_id=case.pk, pk=pk).first()
    if found is None:
        raise Http404("キャッシュフロー表が見つかりません。")
    return found


def plans(case):
    return RecoveryPlan.objects.filter(case_id=case.pk)


def latest_plan(case) -> RecoveryPlan | None:
    return RecoveryPlan.objects.filter(case_id=case.pk).order_by("-number").first()


def debts(case):
    return list(Debt.objects.filter(case_id=case.pk))


def debt_or_404(case, pk) -> Debt:
    found = Debt.objects.filter(case_id=case.pk, pk=pk).first()
    if found is None:
        raise Http404("債務が見つかりません。")
    return found


def comparison_pair(case, before_pk=None, after_pk=None) -> tuple[Sheet | None, Sheet | None]:
    """The sheets to compare at monitoring: those chosen, else the first 相談時家計表 and the latest monitoring
    sheet (or, before any monitoring, the latest 家計計画表)."""
    all_sheets = {s.pk: s for s in Sheet.objects.filter(case_id=case.pk)}
    try:
        before = all_sheets.get(int(before_pk)) if before_pk else None
        after = all_sheets.get(int(after_pk)) if after_pk else None
    except ValueError:
        before = after = None
    ordered = sorted(all_sheets.values(), key=lambda s: (s.made_on, s.number, s.pk))
    if before is None:
        before = next((s for s in ordered if s.kind == Sheet.Kind.CONSULTATION), None)
    if after is None:
        after = next((s for s in reversed(ordered) if s.kind == Sheet.Kind.MONITORING), None) or next(
            (s for s in reversed(ordered) if s.kind == Sheet.Kind.PLAN), None)
    return before, after


def case_summary(case) -> dict:
    """What the case page shows of the sheets, in one query: the latest one saved (of any kind) and how many
    versions of the sheets there are."""
    found = list(Sheet.objects.filter(case_id=case.pk).order_by("-made_on", "-recorded_at", "-pk"))
    return {"latest_sheet": found[0] if found else None, "sheet_count": len(found)}
