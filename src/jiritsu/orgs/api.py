"""JSON API for organisations, welfare-office bodies and the caller's own staff record (no personal data of
cases, so no audit row). Scoped as the organisations page (orgs.policies): outside the scope is 404."""
import datetime as dt

from django.db.models import Prefetch, Q
from django.http import Http404
from ninja import Field, Query, Router, Schema

from jiritsu.core.api_paging import PageMeta, page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS

from . import policies
from .models import Body, Municipality, Organisation

router = Router(tags=["organisations"])


class BodyRef(Schema):
    id: int
    code: str = Field(..., examples=["08202"], description="団体コード（5桁）")
    name: str = Field(..., examples=["日立市"])


class OrganisationOut(Schema):
    id: int = Field(..., description="引継ぎ（`provider_id`）などで指定する組織の番号", examples=[12])
    name: str = Field(..., examples=["就労・家計サポートセンターいばらき（デモ）"])
    kind: str = Field(..., description="prefecture / body_office / agency / provider / placement / audit",
                      examples=["provider"])
    kind_label: str = Field(..., examples=["広域実施委託事業者"])
    body: BodyRef | None = Field(None, description="福祉事務所設置自治体（自治体の組織・自立相談支援機関のみ）")
    operation: str = Field(..., description="direct（直営）/ contracted（委託）/ 空", examples=["contracted"])
    operator_name: str = Field(..., description="受託法人名", examples=["日立市社会福祉協議会"])
    programs: list[str] = Field(..., description="提供事業のコード", examples=[["employment_prep"]])
    program_labels: list[str] = Field(..., examples=[["就労準備支援"]])
    catchment: list[str] = Field(..., description="所管区域の市町村コード（福祉事務所）", examples=[["08202"]])
    phone: str


class OrganisationPage(PageMeta):
    items: list[OrganisationOut]


class MunicipalityOut(Schema):
    code: str = Field(..., examples=["08202"])
    name: str = Field(..., examples=["日立市"])
    kind: str
    population: int


class BodyOut(BodyRef):
    kind: str = Field(..., description="city / town / prefecture", examples=["city"])
    kind_label: str = Field(..., examples=["市"])
    survey_unit: str = Field(..., description="統計上の報告単位", examples=["general"])
    active_from: dt.date
    active_until: dt.date | None
    monitoring_interval_days: int
    evaluation_interval_days: int
    municipalities: list[MunicipalityOut]


class BodyPage(PageMeta):
    items: list[BodyOut]


class MeOut(Schema):
    user_id: int
    username: str = Field(..., examples=["hitachi_worker"])
    display_name: str = Field(..., examples=["日立 相談員"])
    role: str = Field(..., examples=["support_worker"])
    role_label: str = Field(..., examples=["相談支援員"])
    manages_staff: bool
    organisation: OrganisationOut


def _organisation_out(org: Organisation) -> dict:
    body = org.body
    return {"id": org.pk, "name": org.name, "kind": org.kind, "kind_label": org.get_kind_display(),
            "body": body and {"id": body.pk, "code": body.code, "name": body.name}, "operation": org.operation,
            "operator_name": org.operator_name, "programs": list(org.programs), "program_labels": org.program_labels(),
            "catchment": [m.code for m in org.catchment.all()], "phone": org.phone}


def _with_related(orgs):
    return orgs.select_related("body").prefetch_related(
        Prefetch("catchment", queryset=Municipality.objects.order_by("code")))


def _body_out(body: Body) -> dict:
    return {"id": body.pk, "code": body.code, "name": body.name, "kind": body.kind,
            "kind_label": body.get_kind_display(), "survey_unit": body.survey_unit,
            "active_from": body.active_from, "active_until": body.active_until,
            "monitoring_interval_days": body.monitoring_interval_days,
            "evaluation_interval_days": body.evaluation_interval_days,
            "municipalities": [{"code": m.code, "name": m.name, "kind": m.kind, "population": m.population}
                               for m in body.municipalities.all()]}


@router.get("/organisations", response={200: OrganisationPage, **ERRORS}, summary="組織の一覧（事業者の番号を含む）")
def list_organisations(request, kind: Organisation.Kind | None = None,
                       program: str = Query("", max_length=40, description="提供事業のコード（例：temporary_shelter）"),
                       q: str = Query("", max_length=80, description="名称・受託法人名の一部"),
                       page: int = page_param(), per_page: int = per_page_param()):
    """組織ページと同じ範囲（自らの自治体の組織。県の政策担当者は県内の全組織）と、県内の広域実施委託事業者。
    `kind=provider&program=temporary_shelter` で一時生活支援の委託事業者（急迫時の `provider_id`）が分かります。"""
    orgs = policies.api_organisations(request.user)
    if kind:
        orgs = orgs.filter(kind=kind)
    if program:
        orgs = orgs.filter(programs__icontains=f'"{program}"')  # the JSON list's text holds the quoted code
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(operator_name__icontains=q))
    meta, rows = paginate(request, _with_related(orgs).order_by("kind", "name", "pk"), page, per_page)
    return {**meta, "items": [_organisation_out(o) for o in rows]}



@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS}, summary="組織")
def organisation_detail(request, organisation_id: int):
    org = _with_related(policies.api_organisations(request.user)).filter(pk=organisation_id).first()
    if org is None:
        raise Http404
    return _organisation_out(org)


@router.get("/bodies", response={200: BodyPage, **ERRORS}, summary="福祉事務所設置自治体の一覧")
def list_bodies(request, page: int = page_param(), per_page: int = per_page_param()):
    """自らの自治体。県の政策担当者は県内のすべての福祉事務所設置自治体（廃止されたものを含む）。"""
    bodies = policies.visible_bodies(request.user).prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("code"))).order_by("code")
    meta, rows = paginate(request, bodies, page, per_page)
    return {**meta, "items": [_body_out(b) for b in rows]}


@router.get("/bodies/{body_id}", response={200: BodyOut, **ERRORS}, summary="福祉事務所設置自治体")
def body_detail(request, body_id: int):
    body = policies.visible_bodies(request.user).filter(pk=body_id).prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("code"))).first()
    if body is None:
        raise Http404
    return _body_out(body)


@router.get("/me", response={200: MeOut, **ERRORS}, summary="自分の職員情報")
def me(request):
    """トークン（またはログイン）の職員の所属・役割。職員として登録されていない利用者は 404。"""
    staff = policies.staff_of(request.user)
    if staff is None:
        raise Http404
    org = _with_related(Organisation.objects.filter(pk=staff.organisation_id)).get()
    return {"user_id": request.user.pk, "username": request.user.get_username(), "display_name": staff.display_name,
            "role": staff.role, "role_label": staff.get_role_display(), "manages_staff": staff.manages_staff,
            "organisation": _organisation_out(org)}
