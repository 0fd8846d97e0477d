"""Figures for publication (counts by body and month, small counts suppressed): a page and its CSV and Excel.

Read by the survey's readers (`policies.can_view_survey`); the figures hold no person and are already
suppressed, so every reader gets the same table for the whole prefecture."""
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiritsu.cases import policies
from jiritsu.core.exports import csv_download, xlsx_download

from . import exports, public
from . import policies as stats_policies
from .survey import UnitError, month_range, parse_month
from .views import _default_query, _month_field


class PeriodForm(forms.Form):
    first = _month_field("開始年月")
    last = _month_field("終了年月")

    def _month(self, name):
        try:
            return parse_month(self.cleaned_data[name])
        except UnitError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_first(self):
        return self._month("first")

    def clean_last(self):
        return self._month("last")

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last"):
            try:
                data["months"] = month_range(data["first"], data["last"])
            except UnitError as exc:
                self.add_error("last", str(exc))
        return data


def _form(request):
    if not stats_policies.can_view_survey(request.user):
        raise PermissionDenied("公表用の集計を見る権限がありません。")
    data = request.GET if "first" in request.GET else _default_query([("", "")])
    return PeriodForm(data)


def _tables(request, form):
    prefecture = policies.staff_of(request.user).organisation.prefecture
    return prefecture, public.tables(prefecture, form.cleaned_data["months"])


def _title(prefecture, form) -> str:
    d = form.cleaned_data
    return f"{prefecture.name} 生活困窮者自立支援 相談支援の実績（{d['first']:%Y-%m}〜{d['last']:%Y-%m}）"


@require_GET
def public_page(request):
    form = _form(request)
    ctx = {"form": form, "rule": public.SUPPRESSION_RULE}
    if form.is_valid():
        prefecture, tables = _tables(request, form)
        d = form.cleaned_data
        ctx.update(tables=[(t.label, list(zip([*[b.name for b in t.bodies], public.PREF_TOTAL_LABEL], t.shown(),
                                              strict=True))) for t in tables],
                   months=[f"{m:%Y-%m}" for m in d["months"]], title=_title(prefecture, form),
                   query=f"first={d['first']:%Y-%m}&last={d['last']:%Y-%m}")
    return render(request, "stats/public.html", ctx)


def _download_or_400(request):
    form = _form(request)
    if not form.is_valid():
        return form, None
    return form, _tables(request, form)


@require_GET
def public_csv(request):
    form, found = _download_or_400(request)
    if found is None:
        return render(request, "stats/public.html", {"form": form, "rule": public.SUPPRESSION_RULE}, status=400)
    _prefecture, tables = found
    return csv_download("public-figures.csv", public.header(form.cleaned_data["months"]), public.rows(tables))


@require_GET
def public_xlsx(request):
    form, found = _download_or_400(request)
    if found is None:
        return render(request, "stats/public.html", {"form": form, "rule": public.SUPPRESSION_RULE}, status=400)
    prefecture, tables = found
    data = exports.public_xlsx(tables, public.header(form.cleaned_data["months"]), public.SUPPRESSION_RULE,
                               _title(prefecture, form))
    return xlsx_download("public-figures.xlsx", data)
