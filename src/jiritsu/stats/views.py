"""The monthly survey page, its CSV and Excel downloads, and the cases behind each count.

Who sees what: the prefecture's policy staff choose any reporting unit and see counts only (never a
name); staff of a welfare-office body (agency staff, the body's administrator) see their own body and
open the cases behind each count, through `policies.visible_cases` and audited. Others: 403.
"""
import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiritsu.audit import log
from jiritsu.core.exports import csv_download, xlsx_download
from jiritsu.core.forms import TextField
from jiritsu.core.wareki import fiscal_year, fiscal_year_bounds

from . import exports, selectors
from . import policies as stats_policies
from .policies import unit_choices
from .survey import (
    COUNT_KEYS,
    COUNT_LABELS,
    UnitError,
    cases_behind,
    month_range,
    monthly_survey,
    parse_month,
    resolve_unit,
)

DRILL_PAGE_SIZE = 100


def _month_field(label):
    return TextField(label=label, max_length=7, help_text="例：2024-04",
                     widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class SurveyForm(forms.Form):
    unit = forms.ChoiceField(label="報告単位")
    first = _month_field("開始年月")
    last = _month_field("終了年月")

    def __init__(self, data, *, units):
        super().__init__(data)
        self.fields["unit"].choices = units

    def clean_first(self):
        return self._month("first")

    def clean_last(self):
        return self._month("last")

    def _month(self, name):
        try:
            return parse_month(self.cleaned_data[name])
        except UnitError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", "終了年月は開始年月以降にしてください。")
        return data


def _default_query(units) -> dict:
    today = timezone.localdate()
    fy_start, _end = fiscal_year_bounds(fiscal_year(today))
    return {"unit": units[0][0], "first": f"{fy_start:%Y-%m}", "last": f"{today:%Y-%m}"}


def _bound_form(request):
    units = unit_choices(request.user)
    if not units:
        raise PermissionDenied("支援状況調査を見る権限がありません。")
    data = request.GET if "unit" in request.GET else _default_query(units)
    return SurveyForm(data, units=units)


def _report(form):
    unit = resolve_unit(form.cleaned_data["unit"])
    return monthly_survey(unit, form.cleaned_data["first"], form.cleaned_data["last"])


@require_GET
def survey_page(request):
    form = _bound_form(request)
    ctx = {"form": form}
    if form.is_valid():
        report = _report(form)
        drill = stats_policies.can_drill_down(request.user, report.unit)
        ctx.update(report=report, drill=drill, query=_query(form), table=_table(report),
                   count_keys=COUNT_KEYS, population=_population_note(report))
    return render(request, "stats/monthly.html", ctx)


def _query(form) -> str:
    d = form.cleaned_data
    return urlencode({"unit": d["unit"], "first": f"{d['first']:%Y-%m}", "last": f"{d['last']:%Y-%m}"})


def _table(report):
    """Rows for the template: each count with the month it belongs to (blank for the total)."""
    rows = []
    for row in report.rows:
        month = row.label if len(row.months) == 1 else ""
        rows.append({"label": row.label, "month": month, "total": not month,
                     "counts": [(k, row.counts[k]) for k in COUNT_KEYS], "derived": row.derived})
    return rows


def _population_note(report) -> str:
    values = sorted(set(report.population.values()))
    return "、".join(f"{v:,}" for v in values)


@require_GET
def survey_csv(request):
    form = _bound_form(request)
    if not form.is_valid():
        return render(request, "stats/monthly.html", {"form": form}, status=400)
    report = _report(form)
    return csv_download(f"survey-{report.unit.code}.csv", report.header, (row.cells() for row in report.rows))


@require_GET
def survey_xlsx(request):
    form = _bound_form(request)
    if not form.is_valid():
        return render(request, "stats/monthly.html", {"form": form}, status=400)
    report = _report(form)
    return xlsx_download(f"survey-{report.unit.code}.xlsx", exports.to_xlsx(report))


@require_GET
def survey_cases(request):
    """The cases behind one count (a month's or the total's), for the owner side of the body only."""
    form = _bound_form(request)
    key = request.GET.get("column", "")
    if not form.is_valid() or key not in COUNT_KEYS:
        raise PermissionDenied("集計項目または期間が正しくありません。")
    unit = resolve_unit(form.cleaned_data["unit"])
    if not stats_policies.can_drill_down(request.user, unit):
        raise PermissionDenied("ケースの内訳は、その自治体の相談支援機関・担当課の職員だけが見られます。")
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    month = request.GET.get("month", "")
    try:
        months = _months_for(month, first, last)
    except UnitError as exc:
        raise PermissionDenied(str(exc)) from None
    behind = cases_behind(unit, months, key)
    cases = selectors.openable_cases(user=request.user, among=behind)
    page = Paginator(cases, DRILL_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    label = f"{COUNT_LABELS[key]}（{month or '期間合計'}）"
    if page.object_list:
        log.record_many(user=request.user, action="read", what=f"支援状況調査の内訳：{label}", cases=page.object_list)
    return render(request, "stats/cases.html", {
        "page": page, "label": label, "unit": unit, "query": _query(form), "column": key, "month": month,
    })


def _months_for(month: str, first: dt.date, last: dt.date) -> list[dt.date]:
    if not month:
        return month_range(first, last)
    m = parse_month(month)
    if not first <= m <= last:
        raise UnitError("期間外の年月です。")
    return [m]

