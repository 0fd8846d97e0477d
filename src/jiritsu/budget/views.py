"""家計改善支援 pages of a case: the overview of its sheets, the forms that save each sheet's next version, the
debts list, the before/after comparison, and the A4 prints (家計表, キャッシュフロー表 with its chart, the
貸付あっせん書). Every page reads the case through policies (404 out of scope) and records its read."""
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.core.forms import save_or_render
from jiritsu.core.text import names_line
from jiritsu.documents.views import print_response

from . import policies, rules, selectors, services
from .forms import CashFlowForm, DebtForm, PlanForm, SheetForm
from .models import Sheet


def _read(request, case, what):
    log.record(user=request.user, action="read", what=what, case=case)


def overview(request, pk):
    case = policies.case_or_404(request.user, pk)
    _read(request, case, "家計改善支援（家計表・債務一覧）")
    debts = selectors.debts(case)
    by_kind = {kind: [] for kind in Sheet.Kind.values}
    for sheet in selectors.sheets(case):
        by_kind[sheet.kind].append(sheet)
    return render(request, "budget/overview.html", {
        "case": case, "sheet_groups": [(Sheet.Kind(k).label, k, v) for k, v in by_kind.items()],
        "cash_flows": list(selectors.cash_flows(case)), "plans": list(selectors.plans(case)), "debts": debts,
        "arrears_total": sum(d.arrears for d in debts),
        "repayment_total": sum(d.monthly_repayment for d in debts), "debt_form": DebtForm()})


def sheet_new(request, pk):
    case = policies.case_or_404(request.user, pk)
    kind = request.POST.get("kind") or request.GET.get("kind") or Sheet.Kind.CONSULTATION
    if kind not in Sheet.Kind.values:
        raise Http404("家計表の種類が見つかりません。")
    latest = selectors.latest_sheet(case, kind)
    today = timezone.localdate()
    initial = {"kind": kind, "made_on": today, "month": today, "based_on": latest.number if latest else 0}
    if latest:  # the next version starts from the last one
        initial.update(latest.amounts, note=latest.note, month=latest.month)
    form = SheetForm(request.POST or None, initial=initial)

    def context():
        _read(request, case, "家計表の作成")
        return {"case": case, "latest": latest, "kind_label": Sheet.Kind(kind).label}

    if request.method == "POST":
        saved, page = save_or_render(
            request, form, lambda data, _v: services.save_sheet(
                user=request.user, case=case, kind=data["kind"], made_on=data["made_on"], month=data["month"],
                amounts=form.amounts(), note=data["note"], based_on=data["based_on"]),
            "budget/sheet_form.html", context, lambda s: f"{s.get_kind_display()}（第{s.number}版）を保存しました。")
        return page or redirect("budget_sheet_print", case.pk, saved.pk)
    return render(request, "budget/sheet_form.html", {**context(), "form": form})


def _print(request, case, template, title, slug, **ctx):
    ctx.update(case=case, client=case.client, title=title, body_name=case.body.name,
               organisation_line=names_line(case.body.name, case.agency.name))

    def audit(what):
        log.record(user=request.user, action="print", what=what, case=case)

    return print_response(request, template, ctx, audit=audit, slug=f"{slug}-{case.body.code}-{case.case_number}")


def sheet_print(request, pk, sheet_pk):
    case = policies.case_or_404(request.user, pk)
    sheet = selectors.sheet_or_404(case, sheet_pk)
    income, spending, gap = sheet.totals
    return _print(request, case, "budget/sheet_print.html", sheet.get_kind_display(), f"budget-sheet-{sheet.pk}",
                  sheet=sheet, income_lines=[(label, int(sheet.amounts.get(code) or 0)) for code, label in rules.INCOME],
                  spending_lines=[(label, int(sheet.amounts.get(code) or 0)) for code, label in rules.SPENDING],
                  income=income, spending=spending, gap=gap)


def compare(request, pk):
    case = policies.case_or_404(request.user, pk)
    before, after = selectors.comparison_pair(case, request.GET.get("before"), request.GET.get("after"))
    _read(request, case, "家計表の比較（モニタリング）")
    rows = rules.compare(before.amounts, after.amounts) if before and after else []
    totals = [(label, b, a, a - b) for label, b, a in zip(("収入合計", "支出合計", "収支差"),
                                                        before.totals if before else (), after.totals if after else (),
                                                        strict=False)]
    return render(request, "budget/compare.html", {"case": case, "before": before, "after": after, "rows": rows,
                                                   "totals": totals, "sheets": list(selectors.sheets(case))})


def cash_flow_new(request, pk):
    case = policies.case_or_404(request.user, pk)
    latest = selectors.latest_cash_flow(case)
    today = timezone.localdate()
    initial = {"made_on": today, "start_year": today.year, "years": 10, "based_on": latest.number if latest else 0}
    if latest:
        initial.update(start_year=latest.start_year, years=latest.years, savings=latest.savings,
                       income=latest.income, spending=latest.spending, events=rules.events_text(latest.events))
    form = CashFlowForm(request.POST or None, initial=initial)

    def context():
        _read(request, case, "キャッシュフロー表の作成")
        return {"case": case, "latest": latest}

    if request.method == "POST":
        saved, page = save_or_render(
            request, form, lambda data, _v: services.save_cash_flow(user=request.user, case=case, **data),
            "budget/cash_flow_form.html", context, lambda s: f"キャッシュフロー表（第{s.number}版）を保存しました。")
        return page or redirect("budget_cash_flow_print", case.pk, saved.pk)
    return render(request, "budget/cash_flow_form.html", {**context(), "form": form})


def cash_flow_print(request, pk, flow_pk):
    case = policies.case_or_404(request.user, pk)
    flow = selectors.cash_flow_or_404(case, flow_pk)
    rows = flow.rows()
    return _print(request, case, "budget/cash_flow_print.html", "キャッシュフロー表", f"budget-cash-flow-{flow.pk}",
                  flow=flow, rows=rows, chart=rules.chart(rows))


def plan_new(request, pk):
    case = policies.case_or_404(request.user, pk)
    latest = selectors.latest_plan(case)
    initial = {"made_on": timezone.localdate(), "based_on": latest.number if latest else 0}
    if latest:
        initial.update(goals=latest.goals, actions=latest.actions)
    form = PlanForm(request.POST or None, initial=initial)

    def context():
        _read(request, case, "家計再生プランの作成")
        return {"case": case, "latest": latest}

    if request.method == "POST":
        saved, page = save_or_render(
            request, form, lambda data, _v: services.save_plan(user=request.user, case=case, **data),
            "budget/plan_form.html", context, lambda s: f"家計再生プラン（第{s.number}版）を保存しました。")
        return page or redirect("budget_overview", case.pk)
    return render(request, "budget/plan_form.html", {**context(), "form": form})


def debt_edit(request, pk, debt_pk=None):
    case = policies.case_or_404(request.user, pk)
    debt = selectors.debt_or_404(case, debt_pk) if debt_pk else None
    initial = {name: getattr(debt, name) for name in services.DEBT_FIELDS} if debt else {}
    form = DebtForm(request.POST or None, initial={**initial, "version": debt.version if debt else None})

    def context():
        _read(request, case, "債務一覧")
        return {"case": case, "debt": debt}

    if request.method == "POST":
        saved, page = save_or_render(
            request, form, lambda data, version: services.save_debt(user=request.user, case=case, debt=debt,
                                                                    data=data, version=version),
            "budget/debt_form.html", context, "債務一覧を保存しました。")
        return page or redirect("budget_overview", case.pk)
    return render(request, "budget/debt_form.html", {**context(), "form": form})


def loan_referral(request, pk):
    """貸付あっせん書: the budget and the plan handed to the 生活福祉資金 lender to speed its screening."""
    case = policies.case_or_404(request.user, pk)
    consultation = selectors.latest_sheet(case, Sheet.Kind.CONSULTATION)
    plan_sheet = selectors.latest_sheet(case, Sheet.Kind.PLAN)
    rows = rules.compare(consultation.amounts if consultation else {}, plan_sheet.amounts if plan_sheet else {})
    debts = selectors.debts(case)
    return _print(request, case, "budget/loan_referral.html", "貸付あっせん書", "budget-loan-referral",
                  consultation=consultation, plan_sheet=plan_sheet, rows=rows, debts=debts,
                  arrears_total=sum(d.arrears for d in debts), plan=selectors.latest_plan(case),
                  flow=selectors.latest_cash_flow(case),
                  totals=[(label, (consultation.totals[i] if consultation else 0),
                           (plan_sheet.totals[i] if plan_sheet else 0))
                          for i, label in enumerate(("収入合計", "支出合計", "収支差"))])
