"""JSON API for the statistics: the monthly survey of a reporting unit (the figures of the page, its CSV and
`jiritsu report survey`), bodies side by side, and the figures for publication (suppressed by
stats.disclosure exactly as the publication page). Counts only, never a person, so no audit row; the same
readers as the pages (stats.policies): a unit outside the caller's is 404, a role without the survey 403.
Also the cost-share computation of the program reports (policy staff only, as the page)."""
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiritsu.core.api_schemas import ERRORS, FiscalYear
from jiritsu.orgs.policies import staff_of
from jiritsu.programs.catalog import Program
from jiritsu.programs.policies import require_policy_staff

from . import public
from .comparisons import FUNNEL, RATES, compare
from .costshare import CostShareError, compute
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


# ---------------------------------------------------------------- cost share

class CostShareIn(Schema):
    program: Program = Field(..., examples=["employment_prep"])
    fy: FiscalYear = Field(..., description="年度", examples=["R6"])
    amount: int = Field(..., ge=0, le=10**15, description="契約額（円）", examples=[10000000])
    key: str = Field(..., max_length=200, description="按分キー「要素:重み」（合計100）",
                     examples=["均等割:70,人口割:30"])
    ratios: str = Field("", max_length=2000, description="定率の割合「団体コード=割合」（定率を使うときだけ）",
                        examples=["08201=40,08202=60"])


class ComponentShare(Schema):
    component: str = Field(..., examples=["均等割"])
    basis: int | str = Field(..., description="基礎（団体・人・件・%）。小数の定率は文字列")
    share: int = Field(..., description="負担額（円）")


class CostShareRow(Schema):
    body_code: str = Field(..., examples=["08202"])
    body_name: str = Field(..., examples=["日立市"])
    components: list[ComponentShare]
    total: int = Field(..., description="負担額合計（円）")
    percent: str = Field(..., description="契約額に占める割合（%、小数2桁）", examples=["33.33"])
    subsidy: int | None = Field(None, description="国庫補助の見込み（円）")
    explanations: list[str] = Field(..., description="画面と同じ、負担額の説明")


class CostShareOut(Schema):
    program: str
    program_label: str
    fiscal_year: int
    fiscal_year_label: str = Field(..., examples=["R6年度"])
    amount: int
    participants_basis: str = Field(..., description="参加団体の決め方（画面と同じ文）")
    header: list[str] = Field(..., description="CLI・Excel と同じ列")
    lines: list[list[int | str]] = Field(..., description="CLI（`jiritsu report cost-share`）と同じ行。最後が合計行")
    rows: list[CostShareRow]


@router.post("/programs/cost-share", response={200: CostShareOut, **ERRORS}, summary="費用負担の按分（計算のみ）")
def cost_share(request, payload: CostShareIn):
    """`jiritsu report cost-share` と画面と同じ計算（stats.costshare.compute）。何も記録しません。
    按分キー・定率・参加団体の誤りは 422 で項目ごとに返します。県の政策担当者のみ。"""
    require_policy_staff(request.user)
    try:
        result = compute(program=payload.program.value, fy=payload.fy, amount=payload.amount, key=payload.key,
                         ratios=payload.ratios)
    except CostShareError as exc:
        raise ValidationError({exc.field or "__all__": str(exc)}) from None
    rows = []
    for r in result.rows:
        line = next(line for line in result.lines() if line[0] == r.body.code)
        bases = line[2:-2:2]
        rows.append({"body_code": r.body.code, "body_name": r.body.name, "total": r.total, "percent": line[-1],
                     "components": [{"component": c.name, "basis": b, "share": s}
                                    for c, b, s in zip(result.components, bases, r.shares, strict=True)],
                     "subsidy": r.subsidy, "explanations": r.explanations})
    return {"program": result.program.value, "program_label": result.program.label,
            "fiscal_year": result.fiscal_year, "fiscal_year_label": result.fiscal_year_label,
            "amount": result.amount, "participants_basis": result.participants_basis, "header": result.header(),
            "lines": result.lines(), "rows": rows}

