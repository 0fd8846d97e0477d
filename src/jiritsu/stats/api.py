"""JSON API for the statistics: the monthly survey of a reporting unit (the figures of the page, its CSV and
`jiritsu report survey`), bodies side by side, and the figures for publication (suppressed by
stats.disclosure exactly as the publication page). Counts only, never a person, so no audit row; the same
readers as the pages (stats.policies): a unit outside the caller's is 404, a role without the survey 403."""
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiritsu.core.api_schemas import ERRORS
from jiritsu.orgs.policies import staff_of

from . import public
from .comparisons import FUNNEL, RATES, compare
from .policies import can_view_survey, sees_small_counts, unit_choices
from .survey import COUNT_COLUMNS, UnitError, month_range, monthly_survey, parse_month, resolve_unit

router = Router(tags=["statistics"])

UNIT = Query(..., max_length=10, description="報告単位：都道府県コード（08）または団体コード（08202）",
             examples=["08202"])
FIRST = Query(..., max_length=7, description="開始年月", examples=["2024-04"])
LAST = Query(..., max_length=7, description="終了年月", examples=["2025-03"])


class SurveyRow(Schema):
    label: str = Field(..., description="年月（2024-04）または「合計」", examples=["2024-04"])
    counts: dict[str, int] = Field(..., description="集計項目のキーごとの件数（`columns` の順）")
    cells: list[int | str] = Field(..., description="CSV・CLI と同じ行（`header` の順）")


class SurveyOut(Schema):
    unit: str = Field(..., examples=["08202"])
    unit_name: str = Field(..., examples=["日立市"])
    months: list[str] = Field(..., examples=[["2024-04", "2024-05"]])
    columns: dict[str, str] = Field(..., description="集計項目のキーと見出し（厚生労働省の様式の順）")
    header: list[str]
    rows: list[SurveyRow] = Field(..., description="月ごとの行と、最後に合計の行")
    population: dict[str, int] = Field(..., description="年月ごとの人口（人口10万人当たりの分母）")


def _months(first: str, last: str) -> tuple[dt.date, dt.date]:
    errors = {}
    parsed = {}
    for name, text in (("first", first), ("last", last)):
        try:
            parsed[name] = parse_month(text)
        except UnitError as exc:
            errors[name] = str(exc)
    if not errors and parsed["last"] < parsed["first"]:
        errors["last"] = "終了年月は開始年月以降にしてください。"
    if errors:
        raise ValidationError(errors)
    return parsed["first"], parsed["last"]


def _readable_unit(user, code: str):
    """The unit `code` names, when it is one of the caller's (the page's choices); 404 otherwise."""
    codes = {c for c, _label in unit_choices(user)}
    if not codes:
        raise PermissionDenied("支援状況調査を見る権限がありません。")
    try:
        unit = resolve_unit(code)
    except UnitError:
        raise Http404 from None
    if unit.code not in codes:
        raise Http404
    return unit


@router.get("/stats/survey", response={200: SurveyOut, **ERRORS}, summary="支援状況調査（月次）")
def survey(request, unit: str = UNIT, first: str = FIRST, last: str = LAST):
    """画面・CSV・`jiritsu report survey` と同じ集計（stats.survey.monthly_survey）。県の政策担当者はすべての
    報告単位、自治体の職員は自らの自治体（他の自治体は 404）。"""
    chosen = _readable_unit(request.user, unit)
    start, end = _months(first, last)
    report = monthly_survey(chosen, start, end)
    return {"unit": chosen.code, "unit_name": chosen.name, "months": [f"{m:%Y-%m}" for m in report.months],
            "columns": dict(COUNT_COLUMNS), "header": report.header,
            "rows": [{"label": r.label, "counts": r.counts, "cells": r.cells()} for r in report.rows],
            "population": {f"{m:%Y-%m}": n for m, n in report.population.items()}}


class ComparisonRow(Schema):
    body_code: str = Field(..., examples=["08202"])
    body_name: str = Field(..., examples=["日立市"])
    population: int
    counts: dict[str, int]
    rates: dict[str, str] = Field(..., description="人口10万人当たり・月（新規相談・プラン作成・就労支援対象）")
    funnel: dict[str, int] = Field(..., description="期間内に受け付けたケースが到達した段階ごとの件数")


class ComparisonOut(Schema):
    months: list[str]
    targets: dict[str, str] = Field(..., description="目安値（期間の平均）")
    funnel_labels: dict[str, str]
    rows: list[ComparisonRow]


@router.get("/stats/comparison", response={200: ComparisonOut, **ERRORS}, summary="自治体の比較（件数・率・支援の流れ）")
def comparison(request, first: str = FIRST, last: str = LAST):
    """画面「比較」と同じ表（stats.comparisons.compare）。県内のすべての自治体の件数で、個人は含みません。
    小さな件数を見られない県の政策担当者は 403：秘匿処理済みの `/api/stats/public` で比較します（画面と同じ規則）。"""
    if not can_view_survey(request.user):
        raise PermissionDenied("比較を見る権限がありません。")
    if not sees_small_counts(request.user):
        raise PermissionDenied("県の政策担当者は、秘匿処理済みの公表用の集計（/api/stats/public）で比較してください。")
    start, end = _months(first, last)
    months = month_range(start, end)
    result = compare(staff_of(request.user).organisation.prefecture, months)
    return {"months": [f"{m:%Y-%m}" for m in months], "targets": result.targets, "funnel_labels": dict(FUNNEL),
            "rows": [{"body_code": r.body.code, "body_name": r.body.name, "population": r.population,
                      "counts": r.counts, "rates": {k: r.rates[k] for k, _i, _l in RATES}, "funnel": r.funnel}
                     for r in result.rows]}


class PublicTable(Schema):
    item: str = Field(..., examples=["new"])
    label: str = Field(..., examples=["新規相談受付件数"])
    columns: list[str] = Field(..., examples=[["2024年4月"]])
    rows: list[list[int | str]] = Field(..., description="団体コード・自治体名・各期間の件数（秘匿は `*`）。最後が県計")


class PublicOut(Schema):
    period: str = Field(..., examples=["2024-04"])
    period_label: str
    rule: str = Field(..., description="秘匿の規則")
    periods: list[str] = Field(..., description="指定できる期間（終わった月・四半期・年度、直近5年度）")
    tables: list[PublicTable]


@router.get("/stats/public", response={200: PublicOut, **ERRORS}, summary="公表用の集計（秘匿処理済み）")
def public_figures(request, period: str = Query("", max_length=20, description="期間のキー（省略時は直近の月）")):
    """画面「公表用の集計」・CSV と同じ表。1〜4件と、そこから計算できてしまう件数は `*` で秘匿します
    （stats.disclosure）。"""
    if not can_view_survey(request.user):
        raise PermissionDenied("公表用の集計を見る権限がありません。")
    periods = {p.key: p for p in public.ended_periods(timezone.localdate())}
    if not period:
        period = next((key for key, p in periods.items() if p.kind == "month"), "")
    if period not in periods:
        raise ValidationError({"period": "公表できるのは、終わった月・四半期・年度（直近5年度）だけです。"})
    chosen = periods[period]
    prefecture = staff_of(request.user).organisation.prefecture
    tables = public.tables(prefecture, chosen, timezone.localdate())
    return {"period": chosen.key, "period_label": chosen.label, "rule": public.SUPPRESSION_RULE,
            "periods": list(periods),
            "tables": [{"item": t.item, "label": t.label, "columns": t.columns,
                        "rows": [[code, name, *cells] for code, name, cells in zip(t.codes, t.names, t.cells,
                                                                                  strict=True)]}
                       for t in tables]}
