"""Figures for publication (counts by body for a month, a quarter or a fiscal year, suppressed): a page and its
CSV and Excel.

Read by the survey's readers (`policies.can_view_survey`); the figures hold no person and are already
suppressed, so every reader gets the same table for the whole prefecture."""
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiritsu.cases import policies
from jiritsu.core.exports import csv_download, xlsx_download

from . import exports, public
from . import policies as stats_policies


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="期間（月・四半期・年度）")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in public.ended_periods(today)}
        self.fields["period"].choices = [(key, p.label) for key, p in self.periods.items()]
        self.fields["period"].error_messages["invalid_choice"] = (
            "公表できるのは、終わった月・四半期・年度（直近5年度）だけです。一覧から選んでください。")

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]


def _form(request):
    if not stats_policies.can_view_survey(request.user):
        raise PermissionDenied("公表用の集計を見る権限がありません。")
    today = timezone.localdate()
    form = PeriodForm(request.GET if "period" in request.GET else None, today=today)
    if form.is_bound:
        return form
    choices = form.fields["period"].choices
    latest_month = next((key for key, p in form.periods.items() if p.kind == "month"), None)
    return PeriodForm({"period": latest_month}, today=today) if choices else form


def _tables(request, form):
    prefecture = policies.staff_of(request.user).organisation.prefecture
    return prefecture, public.tables(prefecture, form.cleaned_data["period"], timezone.localdate())


def _title(prefecture, period) -> str:
    return f"{prefecture.name} 生活困窮者自立支援 相談支援の実績（{period.label}）"


@require_GET
def public_page(request):
    form = _form(request)
    ctx = {"form": form, "rule": public.SUPPRESSION_RULE}
    if form.is_bound and form.is_valid():
        prefecture, tables = _tables(request, form)
        period = form.cleaned_data["period"]
        ctx.update(tables=[(t.label, list(zip(t.names, t.cells, strict=True))) for t in tables],
                   columns=tables[0].columns, title=_title(prefecture, period), query=f"period={period.key}")
    return render(request, "stats/public.html", ctx, status=400 if form.is_bound and form.errors else 200)


def _download(request, make):
    form = _form(request)
    if not (form.is_bound and form.is_valid()):
        return render(request, "stats/public.html", {"form": form, "rule": public.SUPPRESSION_RULE}, status=400)
    prefecture, tables = _tables(request, form)
    return make(prefecture, form.cleaned_data["period"], tables)


@require_GET
def public_csv(request):
    return _download(request, lambda _prefecture, period, tables: csv_download(
        f"public-figures-{period.key}.csv", public.header(tables[0]), public.rows(tables)))


@require_GET
def public_xlsx(request):
    def make(prefecture, period, tables):
        data = exports.public_xlsx(tables, public.header(tables[0]), public.SUPPRESSION_RULE,
                                   _title(prefecture, period))
        return xlsx_download(f"public-figures-{period.key}.xlsx", data)
    return _download(request, make)
