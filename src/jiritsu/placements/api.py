"""JSON API for work-experience placements (就労体験・訓練先): sites and tasks (read by the developer and every
agency, as the pages), the matching profiles (pseudonymous for the developer), matches and the agency's
confirmation or decline, and site tours with one's registration. The same selectors, policies, services and audit as the pages: a
profile or match outside the caller's scope is 404; a person's name appears only where the page shows it."""
import datetime as dt

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema

from jiritsu.audit import log
from jiritsu.cases.api import register_path_guard
from jiritsu.cases.models import Case
from jiritsu.core.api_paging import PageMeta, page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS, WarekiDate

from . import policies, selectors, services
from .models import Match, Site, Task, Tour

router = Router(tags=["placements"])


# ---------------------------------------------------------------- sites and tasks

class TaskOut(Schema):
    id: int
    site_id: int
    title: str = Field(..., examples=["野菜の袋詰め"])
    description: str
    min_stage: str = Field(..., description="必要なステージ")
    hours_per_week: float
    physical_load: str
    interpersonal_load: str
    features: list[str]
    capacity: int = Field(..., description="受入れ人数")
    available_from: dt.date | None
    available_until: dt.date | None


class SiteOut(Schema):
    id: int
    name: str = Field(..., examples=["見本農園"])
    kind: str
    kind_label: str
    municipality_code: str = Field(..., examples=["08202"])
    municipality: str = Field(..., examples=["日立市"])
    certification: str = Field(..., description="認定就労訓練事業")
    certified_until: dt.date | None
    hosting_hours: str
    active: bool = Field(..., description="受入れ中")
    contact_name: str
    contact_phone: str
    tasks: list[TaskOut]


class SitePage(PageMeta):
    items: list[SiteOut]


class TaskPage(PageMeta):
    items: list[TaskOut]


def _task_out(t: Task) -> dict:
    return {"id": t.pk, "site_id": t.site_id, "title": t.title, "description": t.description,
            "min_stage": t.min_stage, "hours_per_week": float(t.hours_per_week), "physical_load": t.physical_load,
            "interpersonal_load": t.interpersonal_load, "features": list(t.features), "capacity": t.capacity,
            "available_from": t.available_from, "available_until": t.available_until}


def _site_out(s: Site) -> dict:
    return {"id": s.pk, "name": s.name, "kind": s.kind, "kind_label": s.get_kind_display(),
            "municipality_code": s.municipality.code, "municipality": s.municipality.name,
            "certification": s.certification, "certified_until": s.certified_until, "hosting_hours": s.hosting_hours,
            "active": s.active, "contact_name": s.contact_name, "contact_phone": s.contact_phone,
            "tasks": [_task_out(t) for t in s.tasks.all()]}


@router.get("/placements/sites", response={200: SitePage, **ERRORS}, summary="就労体験・訓練の受入れ先の一覧")
def list_sites(request, active: bool | None = None, page: int = page_param(), per_page: int = per_page_param()):
    """開拓事業者とすべての自立相談支援機関が読めます（情報提供）。県の政策担当者は件数だけ（画面と同じく 403）。"""
    policies.require_read(request.user)
    sites = Site.objects.select_related("municipality").prefetch_related("tasks").order_by("name", "pk")
    if active is not None:
        sites = sites.filter(active=active)
    meta, rows = paginate(request, sites, page, per_page)
    return {**meta, "items": [_site_out(s) for s in rows]}


@router.get("/placements/sites/{site_id}", response={200: SiteOut, **ERRORS}, summary="受入れ先と業務")
def site_detail(request, site_id: int):
    policies.require_read(request.user)
    site = Site.objects.select_related("municipality").prefetch_related("tasks").filter(pk=site_id).first()
    if site is None:
        raise Http404
    return _site_out(site)


@router.get("/placements/tasks", response={200: TaskPage, **ERRORS}, summary="受け入れ可能な業務（日付指定）")
def list_tasks(request, available_on: WarekiDate | None = None, page: int = page_param(),
               per_page: int = per_page_param()):
    """指定日（省略時は今日）に受け入れ可能な、受入れ中の受入れ先の業務（マッチングの対象）。"""
    policies.require_read(request.user)
    meta, rows = paginate(request, selectors.available_tasks(available_on or timezone.localdate()), page, per_page)
    return {**meta, "items": [_task_out(t) for t in rows]}


# ---------------------------------------------------------------- profiles

class ProfileOut(Schema):
    id: int
    code: str = Field(..., description="仮名コード", examples=["P-3F7K2A"])
    stage: str
    hours_per_week: float
    municipality: str
    max_travel_km: float
    avoid: list[str]
    prefers: list[str]
    status: str
    case_id: int | None = Field(None, description="ケース番号（自立相談支援機関のみ。開拓事業者には null）")
    case_number: str | None = None


class ProfilePage(PageMeta):
    items: list[ProfileOut]


def _profile_out(p, identity: bool) -> dict:
    return {"id": p.pk, "code": p.code, "stage": p.stage, "hours_per_week": float(p.hours_per_week),
            "municipality": p.municipality.name, "max_travel_km": float(p.max_travel_km), "avoid": list(p.avoid),
            "prefers": list(p.prefers), "status": p.status, "case_id": p.case_id if identity else None,
            "case_number": p.case.case_number if identity else None}


@router.get("/placements/profiles", response={200: ProfilePage, **ERRORS}, summary="マッチング用プロフィール")
def list_profiles(request, page: int = page_param(), per_page: int = per_page_param()):
    """開拓事業者には提案を待つ人の仮名のプロフィール（氏名・ケースなし）、自立相談支援機関には自らの自治体の
    ケースのプロフィール。どちらも閲覧を記録します。"""
    user = request.user
    if policies.can_edit(user):
        meta, rows = paginate(request, selectors.open_profiles(), page, per_page)
        if rows:
            log.record_query(user=user, action="read", what="マッチング用プロフィール（仮名・API）",
                             cases=Case.objects.filter(placement_profile__in=[p.pk for p in rows]))
        return {**meta, "items": [_profile_out(p, identity=False) for p in rows]}
    policies.require_agency(user)
    meta, rows = paginate(request, selectors.agency_profiles(user), page, per_page)
    if rows:
        log.record_many(user=user, action="read", what="マッチング用プロフィールの一覧（API）", cases=[p.case for p in rows])
    return {**meta, "items": [_profile_out(p, identity=True) for p in rows]}


# ---------------------------------------------------------------- matches

class MatchOut(Schema):
    id: int
    version: int
    status: str = Field(..., description="proposed / confirmed / declined / withdrawn / ended など")
    status_label: str
    profile_code: str = Field(..., description="仮名コード")
    task_id: int
    task: str
    site: str
    proposed_at: dt.datetime
    consent_on: dt.date | None
    ended_on: dt.date | None
    person: str | None = Field(None, description="氏名（自立相談支援機関、または確定中のマッチングの開拓事業者のみ）")
    case_id: int | None = Field(None, description="ケース（自立相談支援機関のみ）")


class MatchPage(PageMeta):
    items: list[MatchOut]


class ConfirmIn(Schema):
    consent_given: bool = Field(..., description="本人の同意を確認した")
    consent_on: WarekiDate = Field(..., description="同意を得た日")
    note: str = Field("", max_length=2000)


class DeclineIn(Schema):
    note: str = Field(..., min_length=1, max_length=2000, description="見送りの理由")


def _match_out(user, match: Match) -> dict:
    developer = policies.can_edit(user)
    identity = not developer or policies.shows_identity(match)
    case = match.profile.case
    return {"id": match.pk, "version": match.version, "status": match.status,
            "status_label": match.get_status_display(), "profile_code": match.profile.code, "task_id": match.task_id,
            "task": match.task.title, "site": match.task.site.name, "proposed_at": match.proposed_at,
            "consent_on": match.consent_on, "ended_on": match.ended_on,
            "person": case.client.full_name if identity else None, "case_id": None if developer else case.pk}


def _audit_match(user, match: Match) -> None:
    identity = not policies.can_edit(user) or policies.shows_identity(match)
    log.record(user=user, action="read", case=match.profile.case,
               what="マッチング（氏名・連絡先・API）" if identity else "マッチング（仮名・API）")


register_path_guard("match_id", lambda request, pk: selectors.get_match_or_404(request.user, pk))


@router.get("/placements/matches", response={200: MatchPage, **ERRORS}, summary="マッチングの一覧")
def list_matches(request, status: Match.Status | None = None, page: int = page_param(), per_page: int = per_page_param()):
    """開拓事業者は本人同意が続いている人のマッチング、自立相談支援機関は自らの自治体のケースのマッチング。"""
    matches = selectors.visible_matches(request.user).order_by("-proposed_at", "-pk")
    if status:
        matches = matches.filter(status=status)
    meta, rows = paginate(request, matches, page, per_page)
    for match in rows:
        _audit_match(request.user, match)
    return {**meta, "items": [_match_out(request.user, m) for m in rows]}


@router.get("/placements/matches/{match_id}", response={200: MatchOut, **ERRORS}, summary="マッチング")
def match_detail(request, match_id: int):
    match = selectors.get_match_or_404(request.user, match_id)
    _audit_match(request.user, match)
    return _match_out(request.user, match)


@router.post("/placements/matches/{match_id}/confirm", response={200: MatchOut, **ERRORS},
             summary="マッチングの確定（自立相談支援機関、本人同意）")
def confirm(request, match_id: int, payload: ConfirmIn):
    """受入れ人数に達している・同意がない・未来の同意日・提案中でないマッチングは 422（何も記録しません）。"""
    policies.require_agency(request.user)
    match = selectors.get_match_or_404(request.user, match_id)
    services.confirm_match(user=request.user, match=match, **payload.dict())
    return _match_out(request.user, selectors.get_match_or_404(request.user, match_id))


@router.post("/placements/matches/{match_id}/decline", response={200: MatchOut, **ERRORS},
             summary="マッチングの見送り（自立相談支援機関）")
def decline(request, match_id: int, payload: DeclineIn):
    policies.require_agency(request.user)
    match = selectors.get_match_or_404(request.user, match_id)
    services.decline_match(user=request.user, match=match, note=payload.note)
    return _match_out(request.user, selectors.get_match_or_404(request.user, match_id))


# ---------------------------------------------------------------- tours

class TourOut(Schema):
    id: int
    site_id: int
    site: str
    municipality: str
    held_on: dt.date
    starts_at: dt.time
    capacity: int
    registered: int = Field(..., description="申込み数")
    note: str


class TourPage(PageMeta):
    items: list[TourOut]


@router.get("/placements/tours", response={200: TourPage, **ERRORS}, summary="見学会の一覧")
def list_tours(request, page: int = page_param(), per_page: int = per_page_param()):
    policies.require_tours(request.user)
    meta, rows = paginate(request, _tours().order_by("-held_on", "-starts_at", "-pk"), page, per_page)
    return {**meta, "items": [_tour_out(t) for t in rows]}


def _tours():
    return Tour.objects.select_related("site__municipality").annotate(registered=Count("registrations"))


def _tour_out(t) -> dict:
    return {"id": t.pk, "site_id": t.site_id, "site": t.site.name, "municipality": t.site.municipality.name,
            "held_on": t.held_on, "starts_at": t.starts_at, "capacity": t.capacity, "registered": t.registered,
            "note": t.note}


def _tour_or_404(pk) -> Tour:
    tour = _tours().filter(pk=pk).first()
    if tour is None:
        raise Http404("見学会が見つかりません。")
    return tour


class RegistrationOut(Schema):
    tour: TourOut
    registered: bool = Field(..., description="自分が申し込んでいる")
    attended: bool | None = Field(None, description="出欠（記録前は null）")


def _registration_out(user, tour_id: int) -> dict:
    tour = _tour_or_404(tour_id)
    mine = tour.registrations.filter(staff=user.staff).first()
    return {"tour": _tour_out(tour), "registered": mine is not None, "attended": mine.attended if mine else None}


@router.post("/placements/tours/{tour_id}/registration", response={201: RegistrationOut, **ERRORS},
             summary="見学会への申込み（支援機関・事業者・自治体の職員）")
def register_for_tour(request, tour_id: int):
    """画面「見学会」の申込みと同じ（placements.services.register_for_tour）：先着順。定員に達した・終了した・申込み済みの
    見学会は 422（何も記録しません）。開拓事業者など申し込めない役割は 403。"""
    policies.require_tour_guest(request.user)
    services.register_for_tour(user=request.user, tour=_tour_or_404(tour_id))
    return 201, _registration_out(request.user, tour_id)


@router.delete("/placements/tours/{tour_id}/registration", response={200: RegistrationOut, **ERRORS},
               summary="見学会の申込みの取消し")
def cancel_tour_registration(request, tour_id: int):
    """出欠を記録する前の自分の申込みだけを取り消せます（ほかは 422）。"""
    policies.require_tour_guest(request.user)
    services.cancel_registration(user=request.user, tour=_tour_or_404(tour_id))
    return _registration_out(request.user, tour_id)
