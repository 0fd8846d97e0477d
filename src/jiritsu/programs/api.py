"""JSON API for the prefecture's program work: participation by fiscal year, the implementation-status table,
agreements (協定) and contracts (the cost-share computation is stats.api's). Bodies and counts only, never a person (no
audit row). Scoped and written as the pages (programs.policies; the same services and the same computation as
the pages and `jiritsu report cost-share`); outside the scope is 404, a role that may not is 403."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from jiritsu.core.api_paging import PageMeta, page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS, UPDATE_ERRORS, FiscalYear, WarekiDate
from jiritsu.core.etags import expected_version, require_version_given, set_etag
from jiritsu.core.wareki import format_fiscal_year
from jiritsu.orgs.models import Body, Organisation
from jiritsu.orgs.policies import staff_of

from .agreements import save_agreement, save_contract
from .catalog import Program
from .forms import PARTICIPATION_PROGRAMS, current_fiscal_year
from .implementation import build_table
from .models import Agreement, Contract, Method, Participation
from .participation import clear_participation, set_participation
from .policies import require_policy_staff, visible_agreements, visible_contracts
from .standing import implementing

router = Router(tags=["programs"])

ProgramCode = Query(None, description="事業のコード（例：employment_prep）")
FY_QUERY = Query(None, description="年度（省略時は今年度）。2024、R6、令和6年度 など")
FROM_FY_QUERY = Query(None, description="開始年度（省略時は今年度の3年前）")
TO_FY_QUERY = Query(None, description="終了年度（省略時は今年度）")


# ---------------------------------------------------------------- participation

class ParticipationCell(Schema):
    program: str = Field(..., examples=["employment_prep"])
    program_label: str = Field(..., examples=["就労準備支援"])
    method: str = Field(..., description="direct（直営）/ contracted（委託）/ joint（広域委託）/ 空（実施なし）")
    method_label: str = Field(..., examples=["広域委託"])
    since: dt.date | None = Field(None, description="実施開始日（分かる場合）")
    source: str = Field("recorded", description="recorded（記録）/ agreement（記録のない年度：協定から）/ "
                                                "since（記録のない年度：実施開始日から）。画面と同じ規則（programs.standing）")


class ParticipationRow(Schema):
    body_id: int
    body_code: str = Field(..., examples=["08202"])
    body_name: str = Field(..., examples=["日立市"])
    programs: list[ParticipationCell]


class ParticipationPage(PageMeta):
    fiscal_year: int = Field(..., examples=[2024])
    fiscal_year_label: str = Field(..., examples=["令和6年度"])
    items: list[ParticipationRow]


class ParticipationIn(Schema):
    method: Method | None = Field(None, description="実施方法。null（または省略）で「実施なし」")
    since: WarekiDate | None = None


def _participation_program(value: str) -> Program:
    if value not in [p.value for p in PARTICIPATION_PROGRAMS]:
        raise Http404
    return Program(value)


@router.get("/programs/participation", response={200: ParticipationPage, **ERRORS},
            summary="任意事業の実施状況（年度・団体ごと）")
def participation(request, fy: FiscalYear | None = FY_QUERY,
                  page: int = page_param(), per_page: int = per_page_param()):
    """画面「任意事業の実施状況」と同じく、その年度に設置されている団体ごとの実施方法。県の政策担当者のみ。"""
    require_policy_staff(request.user)
    fy = fy or current_fiscal_year()
    meta, bodies = paginate(request, Body.active_in_fiscal_year(fy).order_by("code"), page, per_page)
    recorded = {(p.body_id, p.program): p for p in Participation.objects.filter(fiscal_year=fy, body__in=bodies)}
    known = implementing(b.pk for b in bodies)
    items = []
    for body in bodies:
        cells = []
        for program in PARTICIPATION_PROGRAMS:
            row, standing = recorded.get((body.pk, program.value)), known.bodies(program, fy).get(body.pk)
            cells.append({"program": program.value, "program_label": program.label,
                          "method": standing.method if standing else "",
                          "method_label": standing.method_label if standing else "",
                          "since": row.since if row else None, "source": standing.source if standing else ""})
        items.append({"body_id": body.pk, "body_code": body.code, "body_name": body.name, "programs": cells})
    return {**meta, "fiscal_year": fy, "fiscal_year_label": format_fiscal_year(fy, short=False), "items": items}


@router.put("/programs/participation/{fy}/{body_code}/{program}", response={200: ParticipationCell, **ERRORS},
            summary="実施状況の記録（団体・事業・年度）")
def put_participation(request, fy: int, body_code: str, program: str, payload: ParticipationIn):
    """`method` を省略すると「実施なし」にします（記録を消します）。県の政策担当者のみ。"""
    require_policy_staff(request.user)
    program = _participation_program(program)
    body = Body.active_in_fiscal_year(fy).filter(code=body_code).first() if 2000 <= fy <= 2100 else None
    if body is None:
        raise Http404
    if payload.method is None:
        clear_participation(user=request.user, body=body, program=program, fiscal_year=fy)
        return {"program": program.value, "program_label": program.label, "method": "", "method_label": "",
                "since": None}
    row, _ = set_participation(user=request.user, body=body, program=program, fiscal_year=fy,
                               method=payload.method.value, since=payload.since)
    return {"program": program.value, "program_label": program.label, "method": row.method,
            "method_label": row.get_method_display(), "since": row.since}


# ---------------------------------------------------------------- implementation table

class ImplementationRow(Schema):
    program: str = Field(..., examples=["employment_prep"])
    program_label: str = Field(..., examples=["就労準備支援"])
    method: str = Field(..., description="最も多くの団体が用いた実施方法", examples=["広域委託"])
    since_fiscal_year: int | None = Field(None, description="開始年度")
    since_label: str = Field(..., examples=["H27年度"])
    counts: list[int] = Field(..., description="年度ごとの実施団体数")
    cells: list[str] = Field(..., description="画面・CSV と同じ表記", examples=[["5(15.2%)", "33(100%)"]])


class ImplementationOut(Schema):
    fiscal_years: list[int]
    year_labels: list[str] = Field(..., examples=[["R5年度", "R6年度"]])
    bodies: list[int] = Field(..., description="年度ごとの団体数（率の分母）")
    header: list[str]
    rows: list[ImplementationRow]


@router.get("/programs/implementation", response={200: ImplementationOut, **ERRORS}, summary="任意事業の実施状況表")
def implementation(request, from_fy: FiscalYear | None = FROM_FY_QUERY, to_fy: FiscalYear | None = TO_FY_QUERY):
    """画面・CSV の「実施状況」と同じ表（programs.implementation.build_table）。県の政策担当者のみ。"""
    require_policy_staff(request.user)
    now = current_fiscal_year()
    from_fy = from_fy or now - 3
    to_fy = to_fy or max(now, from_fy)
    if from_fy > to_fy:
        raise ValidationError({"to_fy": "終了年度は開始年度以降にしてください。"})
    table = build_table(from_fy, to_fy)
    rows = [{"program": r.program.value, "program_label": r.program.label, "method": r.method,
             "since_fiscal_year": r.since_fy, "since_label": r.since_label, "counts": r.counts, "cells": r.cells}
            for r in table.rows]
    return {"fiscal_years": table.years, "year_labels": table.year_labels, "bodies": table.bodies,
            "header": table.header(), "rows": rows}


# ---------------------------------------------------------------- writes of agreements and contracts

def _create(request, response, payload, *, prepare, save, out):
    require_policy_staff(request.user)
    record = save(request, None, None, prepare(request, payload.dict()))
    set_etag(response, record)
    return Status(201, out(record))


def _update(request, response, payload, *, find, prepare, save, out):
    """The one update of an agreement or a contract. Everything the body alone decides is answered before the
    record is looked up, as the framework already answers a malformed body (422) before any handler runs: the
    role (403), then the body's references and its version or If-Match (422), then the record (404), If-Match
    against it (412), and the service's own checks (422, 409 on a lost race)."""
    require_policy_staff(request.user)
    data = payload.dict()
    body_version = data.pop("version")
    require_version_given(request, body_version)
    args = prepare(request, data)
    record = find()
    record = save(request, record, expected_version(request, record, body_version), args)
    set_etag(response, record)
    return out(record)


# ---------------------------------------------------------------- agreements

class AgreementOut(Schema):
    id: int
    version: int = Field(..., description="更新時に `version` または If-Match で送る版", examples=[1])
    body_id: int
    body_code: str = Field(..., examples=["08202"])
    body_name: str = Field(..., examples=["日立市"])
    program: str = Field(..., examples=["temporary_shelter"])
    program_label: str = Field(..., examples=["一時生活支援"])
    term_from: dt.date
    term_to: dt.date
    signed_on: dt.date
    data_sharing: bool = Field(..., description="情報共有（個人情報の提供）条項がある")
    data_sharing_text: str
    in_force: bool = Field(..., description="今日が協定期間内")


class AgreementPage(PageMeta):
    items: list[AgreementOut]


class AgreementIn(Schema):
    body_id: int
    program: Program
    term_from: WarekiDate
    term_to: WarekiDate
    signed_on: WarekiDate
    data_sharing: bool = False
    data_sharing_text: str = Field("", max_length=10000)


class AgreementPatch(AgreementIn):
    version: int | None = Field(None, ge=0, description="読み込んだ版（省略時は If-Match ヘッダー）")


def _agreement_out(a: Agreement) -> dict:
    today = timezone.localdate()
    return {"id": a.pk, "version": a.version, "body_id": a.body_id, "body_code": a.body.code,
            "body_name": a.body.name, "program": a.program, "program_label": Program(a.program).label,
            "term_from": a.term_from, "term_to": a.term_to, "signed_on": a.signed_on,
            "data_sharing": a.data_sharing, "data_sharing_text": a.data_sharing_text,
            "in_force": a.term_from <= today <= a.term_to}


def _agreement(request, agreement_id) -> Agreement:
    agreement = visible_agreements(request.user).select_related("body").filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    return agreement


def _prefecture_id(request) -> int:
    return staff_of(request.user).organisation.prefecture_id


def _body_in_prefecture(request, body_id, field: str = "body_id") -> Body:
    """A body of the caller's prefecture (the policy staff's): another's is refused at the field."""
    body = Body.objects.filter(pk=body_id, prefecture_id=_prefecture_id(request)).first()
    if body is None:
        raise ValidationError({field: "指定された団体が見つかりません。"})
    return body


@router.get("/agreements", response={200: AgreementPage, **ERRORS}, summary="協定の一覧")
def list_agreements(request, program: Program | None = ProgramCode, page: int = page_param(),
                    per_page: int = per_page_param()):
    """県の政策担当者は県内のすべて、自治体の職員は自らの自治体の協定。"""
    rows = visible_agreements(request.user).select_related("body")
    if program:
        rows = rows.filter(program=program)
    meta, items = paginate(request, rows.order_by("body__code", "program", "term_from", "pk"), page, per_page)
    return {**meta, "items": [_agreement_out(a) for a in items]}


@router.get("/agreements/{agreement_id}", response={200: AgreementOut, **ERRORS}, summary="協定")
def agreement_detail(request, agreement_id: int, response: HttpResponse):
    agreement = _agreement(request, agreement_id)
    set_etag(response, agreement)
    return _agreement_out(agreement)


def _agreement_args(request, data: dict) -> dict:
    body = _body_in_prefecture(request, data.pop("body_id"))
    return {**data, "body": body, "program": data["program"].value}


def _save_agreement(request, agreement: Agreement | None, version: int | None, args: dict) -> Agreement:
    return save_agreement(user=request.user, agreement=agreement, expected_version=version, **args)


@router.post("/agreements", response={201: AgreementOut, **ERRORS}, summary="協定の登録（県の政策担当者）")
def create_agreement(request, payload: AgreementIn, response: HttpResponse):
    """期間の重なり・対象外の事業・締結日などは 422 で項目ごとに返します（画面と同じ検査）。"""
    return _create(request, response, payload, prepare=_agreement_args, save=_save_agreement, out=_agreement_out)


@router.put("/agreements/{agreement_id}", response={200: AgreementOut, **UPDATE_ERRORS},
            summary="協定の修正（県の政策担当者）")
def update_agreement(request, agreement_id: int, payload: AgreementPatch, response: HttpResponse):
    """`version` または If-Match が古ければ 409 / 412。本文の誤り（団体・版の指定なし）は、協定が見つからない
    場合でも 422 です。"""
    return _update(request, response, payload, find=lambda: _agreement(request, agreement_id),
                   prepare=_agreement_args, save=_save_agreement, out=_agreement_out)


# ---------------------------------------------------------------- contracts

class ContractOut(Schema):
    id: int
    version: int
    provider_id: int
    provider_name: str = Field(..., examples=["一時生活支援センターいばらき（デモ）"])
    title: str = Field(..., examples=["令和7年度 一時生活支援事業 広域実施委託"])
    programs: list[str] = Field(..., examples=[["temporary_shelter"]])
    term_from: dt.date
    term_to: dt.date
    amount: int = Field(..., description="契約額（円）", examples=[10000000])
    body_codes: list[str] = Field(..., description="対象の福祉事務所設置自治体", examples=[["08201", "08202"]])


class ContractPage(PageMeta):
    items: list[ContractOut]


class ContractIn(Schema):
    provider_id: int
    title: str = Field(..., min_length=1, max_length=100)
    programs: list[Program] = Field(..., description="委託事業のコード")
    term_from: WarekiDate
    term_to: WarekiDate
    amount: int = Field(..., ge=0, le=10**15, description="契約額（円）")
    body_ids: list[int] = Field(..., max_length=500)


class ContractPatch(ContractIn):
    version: int | None = Field(None, ge=0, description="読み込んだ版（省略時は If-Match ヘッダー）")


def _contract_out(c: Contract) -> dict:
    return {"id": c.pk, "version": c.version, "provider_id": c.provider_id, "provider_name": c.provider.name,
            "title": c.title, "programs": list(c.programs), "term_from": c.term_from, "term_to": c.term_to,
            "amount": c.amount, "body_codes": sorted(b.code for b in c.bodies.all())}


def _contract(request, contract_id) -> Contract:
    contract = visible_contracts(request.user).select_related("provider").filter(pk=contract_id).first()
    if contract is None:
        raise Http404
    return contract


def _contract_args(request, data: dict) -> dict:
    provider = Organisation.objects.filter(pk=data.pop("provider_id"), kind=Organisation.Kind.PROVIDER,
                                           prefecture_id=_prefecture_id(request)).first()
    if provider is None:
        raise ValidationError({"provider_id": "指定された委託事業者が見つかりません。"})
    bodies = [_body_in_prefecture(request, pk, "body_ids") for pk in sorted(set(data.pop("body_ids")))]
    return {**data, "provider": provider, "bodies": bodies, "programs": [p.value for p in data["programs"]]}


@router.get("/contracts", response={200: ContractPage, **ERRORS}, summary="委託契約の一覧（県の政策担当者）")
def list_contracts(request, page: int = page_param(), per_page: int = per_page_param()):
    rows = visible_contracts(request.user).select_related("provider").prefetch_related("bodies")
    meta, items = paginate(request, rows.order_by("-term_from", "pk"), page, per_page)
    return {**meta, "items": [_contract_out(c) for c in items]}


@router.get("/contracts/{contract_id}", response={200: ContractOut, **ERRORS}, summary="委託契約")
def contract_detail(request, contract_id: int, response: HttpResponse):
    contract = _contract(request, contract_id)
    set_etag(response, contract)
    return _contract_out(contract)


def _save_contract(request, contract: Contract | None, version: int | None, args: dict) -> Contract:
    return save_contract(user=request.user, contract=contract, expected_version=version, **args)


@router.post("/contracts", response={201: ContractOut, **ERRORS}, summary="委託契約の登録（県の政策担当者）")
def create_contract(request, payload: ContractIn, response: HttpResponse):
    """事業者の提供事業にない事業・期間の前後・対象団体なしは 422 で項目ごとに返します。"""
    return _create(request, response, payload, prepare=_contract_args, save=_save_contract, out=_contract_out)


@router.put("/contracts/{contract_id}", response={200: ContractOut, **UPDATE_ERRORS},
            summary="委託契約の修正（県の政策担当者）")
def update_contract(request, contract_id: int, payload: ContractPatch, response: HttpResponse):
    """`version` または If-Match が古ければ 409 / 412。本文の誤り（事業者・団体・版の指定なし）は、契約が
    見つからない場合でも 422 です。"""
    return _update(request, response, payload, find=lambda: _contract(request, contract_id),
                   prepare=_contract_args, save=_save_contract, out=_contract_out)
