"""Bodies side by side: per-100k figures beside the 目安値, trends, the funnel of the support process.

Same readers as the survey (`policies.can_view_survey`): a body's staff see every body's counts, with their own
body highlighted, and its owner side opens the cases behind its own counts (`policies.can_drill_down`, the
survey's rule), audited. The prefecture's policy staff, who must not see small counts
(`policies.sees_small_counts`), compare the published figures instead: fixed periods (a month, a quarter, a
fiscal year) with the public tables' suppression (stats.public, stats.disclosure), so the comparison gives away
nothing the published tables do not; no funnel (cohort counts outside the published grid).
"""
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiritsu.audit import log
from jiritsu.cases import policies

from . import charts, public, selectors
from . import policies as stats_policies
from .comparisons import FUNNEL, FUNNEL_KEYS, FUNNEL_LABELS, RATES, body_populations, compare, funnel_cases
from .public_views import PeriodForm
from .survey import COUNT_LABELS, Targets, UnitError, month_range, per_100k, resolve_unit
from .views import DRILL_PAGE_SIZE, SurveyForm, _default_query

TREND_KEYS = ["new", "plans", "employed"]
FUNNEL_NOTE = ("各段階に到達したケースの数です。緊急の一時生活支援などはプランの前に引き継ぐため、"
               "引継ぎがプランより多いことがあります。")
TABLE_KEYS = ["new", "plans", "work_support", "employed", "income"]


class CompareForm(SurveyForm):
    """The survey's month range; `unit` is the body the trend and funnel charts follow ("08": all bodies)."""

    def __init__(self, data, *, units):
        super().__init__(data, units=units)
        self.fields["unit"].label = "グラフの対象"


def _units(user) -> list[tuple[str, str]]:
    if not stats_policies.can_view_survey(user):
        raise PermissionDenied("比較を見る権限がありません。")
    staff = policies.staff_of(user)
    if stats_policies.sees_every_unit(user):
        pref = staff.organisation.prefecture
        return [(pref.code, f"{pref.name} 全体")] + [(b.code, b.name) for b in selectors.bodies_of(prefecture=pref)]
    body = staff.organisation.body
    return [(body.code, body.name)]


def _form(request) -> CompareForm:
    units = _units(request.user)
    return CompareForm(request.GET if "unit" in request.GET else _default_query(units), units=units)


def _query(form, unit=None) -> str:
    d = form.cleaned_data
    return urlencode({"unit": unit or d["unit"], "first": f"{d['first']:%Y-%m}", "last": f"{d['last']:%Y-%m}"})


@require_GET
def compare_page(request):
    if not stats_policies.sees_small_counts(request.user):
        return _published_page(request)
    form = _form(request)
    ctx = {"form": form}
    if form.is_valid():
        d = form.cleaned_data
        staff = policies.staff_of(request.user)
        months = month_range(d["first"], d["last"])
        comparison = compare(staff.organisation.prefecture, months)
        focus = resolve_unit(d["unit"]).body
        ctx.update(_context(request.user, form, comparison, focus))
    return render(request, "stats/compare.html", ctx)


def _context(user, form, comparison, focus) -> dict:
    own_body_id = policies.staff_of(user).organisation.body_id
    rows = [{
        "body": r.body, "own": r.body.pk == own_body_id, "population": r.population,
        "counts": [(k, r.counts[k]) for k in TABLE_KEYS], "rates": [r.rates[k] for k, _i, _l in RATES],
        "funnel": [(k, r.funnel[k]) for k in FUNNEL_KEYS],
        "drill": stats_policies.can_drill_down(user, resolve_unit(r.body.code)),
        "query": _query(form, r.body.code),
    } for r in comparison.rows]
    highlight = focus.name if focus else None
    rate_charts = [
        charts.hbar(f"{label}（人口10万人当たり・月）", [(r.body.name, float(r.rates[key] or 0)) for r in comparison.rows],
                    target=float(comparison.targets[key]) if comparison.targets[key] else None, highlight=highlight,
                    axis="人口10万人当たり・月（件）")
        for key, _item, label in RATES
    ]
    partial = comparison.months[-1] == timezone.localdate().replace(day=1)
    month_labels = [f"{m:%Y-%m}" for m in comparison.months]
    trend = [(str(COUNT_LABELS[k]), comparison.trend(k, focus)) for k in TREND_KEYS]
    focus_name = focus.name if focus else f"{comparison.prefecture.name} 全体"
    funnel = comparison.row_of(focus).funnel if focus else comparison.funnel_total()
    return {
        "rows": rows, "drill_any": any(r["drill"] for r in rows), "table_headers": [COUNT_LABELS[k] for k in TABLE_KEYS], "rates": RATES,
        "targets": [comparison.targets[k] for k, _i, _l in RATES], "funnel_headers": [lbl for _k, lbl in FUNNEL],
        "rate_charts": rate_charts, "focus_name": focus_name,
        "trend_chart": charts.lines(f"月別の推移：{focus_name}", month_labels, trend, partial_last=partial),
        "partial_month": month_labels[-1] if partial else "",
        "trend_rows": [(label, *[values[i] for _n, values in trend]) for i, label in enumerate(month_labels)],
        "trend_headers": [name for name, _v in trend],
        "funnel_chart": charts.funnel(f"支援の流れ：{focus_name}（期間内に受け付けたケース）",
                                      [(FUNNEL_LABELS[k], funnel[k]) for k in FUNNEL_KEYS], note=FUNNEL_NOTE),
        "funnel_table": [(FUNNEL_LABELS[k], funnel[k]) for k in FUNNEL_KEYS],
    }


@require_GET
def compare_funnel_cases(request):
    """The cases behind one step of the owner's own body's funnel."""
    form = _form(request)
    stage = request.GET.get("stage", "")
    if not form.is_valid() or stage not in FUNNEL_KEYS:
        raise PermissionDenied("集計項目または期間が正しくありません。")
    try:
        unit = resolve_unit(form.cleaned_data["unit"])
    except UnitError as exc:
        raise PermissionDenied(str(exc)) from None
    if not stats_policies.can_drill_down(request.user, unit):
        raise PermissionDenied("ケースの内訳は、その自治体の相談支援機関・担当課の職員だけが見られます。")
    behind = funnel_cases(unit.body, form.cleaned_data["first"], form.cleaned_data["last"], stage)
    cases = selectors.openable_cases(user=request.user, among=behind)
    page = Paginator(cases, DRILL_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    label = f"支援の流れ：{FUNNEL_LABELS[stage]}（期間内に受け付けたケース）"
    if page.object_list:
        log.record_many(user=request.user, action="read", what=f"比較の内訳：{label}", cases=page.object_list)
    return render(request, "stats/cases.html", {
        "page": page, "label": label, "unit": unit, "query": _query(form), "column": "", "month": "",
        "stage": stage, "back": "survey_compare",
    })


# ---- the published comparison (readers who must not see small counts) ----

class PublishedCompareForm(PeriodForm):
    """A fixed period of the published figures and the body the trend follows ("08": all bodies)."""

    unit = forms.ChoiceField(label="推移の対象")
    field_order = ["unit", "period"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units


def _published_form(request) -> PublishedCompareForm:
    units = _units(request.user)
    today = timezone.localdate()
    form = PublishedCompareForm(request.GET if "period" in request.GET else None, today=today, units=units)
    if form.is_bound:
        return form
    latest = next((key for key, p in form.periods.items() if p.kind == "month"), None)
    return PublishedCompareForm({"period": latest, "unit": units[0][0]}, today=today, units=units) if latest else form


def _published_page(request):
    form = _published_form(request)
    ctx = {"form": form, "rule": public.SUPPRESSION_RULE}
    if form.is_bound and form.is_valid():
        prefecture = policies.staff_of(request.user).organisation.prefecture
        ctx.update(published_comparison(prefecture, form.cleaned_data["period"], form.cleaned_data["unit"],
                                        timezone.localdate()))
    return render(request, "stats/compare_published.html", ctx,
                  status=400 if form.is_bound and form.errors else 200)


def published_comparison(prefecture, period, unit_code: str, today) -> dict:
    """The comparison page's tables from the published figures: each body's count for the period and its
    per-100k rate ("*" where the count is suppressed), and the focus's months, each as published."""
    tables = {t.item: t for t in public.tables(prefecture, period, today)}
    first = next(iter(tables.values()))
    months = _months_of(period)
    pops = body_populations(prefecture)
    keys = [k for k in TABLE_KEYS if k in tables]
    rate_keys = [(k, label) for k, _item, label in RATES if k in tables]
    rows = []
    for r, (code, name) in enumerate(zip(first.codes, first.names, strict=True)):
        population = pops.get(code, 0) if code else sum(pops.values())
        rows.append({
            "name": name, "code": code, "population": population, "total": not code,
            "counts": [tables[k].cells[r][-1] for k in keys],
            "rates": [_rate(tables[k].cells[r][-1], population, len(months)) for k, _label in rate_keys],
            "focus": code == unit_code or (not code and unit_code == prefecture.code)})
    focus = next(r for r, row in enumerate(rows) if row["focus"])
    trend = []
    for month in months:
        month_tables = {t.item: t for t in public.tables(prefecture, month, today)}
        trend.append([month.key, *[month_tables[k].cells[focus][0] for k in TREND_KEYS]])
    month_days = [public.fy_month(m.fiscal_year, m.number) for m in months]
    targets = Targets()
    rate_charts = [
        charts.hbar(f"{label}（人口10万人当たり・月）",
                    [(row["name"], float(row["rates"][i])) for row in rows
                     if not row["total"] and row["rates"][i] not in (public.SUPPRESSED, "—")],
                    target=float(t) if (t := targets.for_months(item, month_days)) else None,
                    highlight=rows[focus]["name"], axis="人口10万人当たり・月（件）")
        for i, (_key, item, label) in enumerate(r for r in RATES if r[0] in tables)]
    return {"rows": rows, "table_headers": [COUNT_LABELS[k] for k in keys], "rate_charts": rate_charts,
            "rate_headers": [label for _k, label in rate_keys], "period": period,
            "trend_rows": trend, "trend_headers": [COUNT_LABELS[k] for k in TREND_KEYS],
            "focus_name": rows[focus]["name"]}


def _months_of(period) -> list:
    return [public.Period("month", period.fiscal_year, c) for c in period.columns if c < public.MONTHS] or \
        [public.Period("month", period.fiscal_year, n) for n in range(public.MONTHS)]


def _rate(count, population: int, n_months: int) -> str:
    if count == public.SUPPRESSED:
        return public.SUPPRESSED
    return per_100k(count, population * n_months) or "—"
