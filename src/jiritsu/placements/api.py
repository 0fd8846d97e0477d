"""JSON API for work-experience placements (就労体験・訓練先): sites and tasks (read by the developer and every
agency, as the pages), the matching profiles (pseudonymous for the developer), the developer's proposal and
proposing, matches with the agency's confirmation or decline, the first day with accompaniment and its outcome,
what follows on the case, and site tours with one's registration. The same selectors, policies, services and audit as the pages: a
profile or match outside the caller's scope is 404 (before any refusal of the caller's role, 403); a person's name appears only where the page shows it."""
import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema

from jiritsu.audit import log
from jiritsu.cases.api import register_path_guard
from jiritsu.cases.models import Case
from jiritsu.core.api_paging import PageMeta, page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS, UPDATE_ERRORS, LocalTime, RecordId, WarekiDate
from jiritsu.core.etags import check_if_match, expected_version, set_etag

from . import matching, policies, selectors, services
from .matching import STAGES
from .models import FirstUse, FollowUp, Match, Site, Task, Tour
from .proposals import proposal_rows, why_text

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


# ---------------------------------------------------------------- the developer's proposal

class ProposalOption(Schema):
    task_id: int
    task: str = Field(..., examples=["見本農園：野菜の袋詰め"])
    best: bool = Field(..., description="全体の最適案（画面の【最適案】）")
    why: str = Field(..., description="この業務の理由", examples=["距離 3.2 km（上限 10 km）　希望に合う：屋外"])


class ProposalRow(Schema):
    profile_id: int
    code: str = Field(..., description="仮名コード", examples=["P-3F7K2A"])
    agency: str = Field(..., description="担当の自立相談支援機関")
    stage: str
    hours_per_week: float
    municipality: str
    max_travel_km: float
    avoid: list[str]
    prefers: list[str]
    selected_task_id: int | None = Field(..., description="提案する業務（最適案。配置できない人は null）")
    options: list[ProposalOption] = Field(..., description="候補の業務（最適案が先頭）")
    unplaced_reasons: list[str] = Field(..., description="今回は配置できない理由", examples=[["移動できる距離の外"]])


class ProposalPage(PageMeta):
    objective: str = Field(..., description="マッチングの目的（最適化の基準）")
    slot_count: int = Field(..., description="空きのある切り出し業務の人数分")
    items: list[ProposalRow]


def _proposal_row(row: dict) -> dict:
    p = row["profile"]
    return {"profile_id": p.pk, "code": p.code, "agency": p.case.agency.name, "stage": p.stage,
            "hours_per_week": float(p.hours_per_week), "municipality": p.municipality.name,
            "max_travel_km": float(p.max_travel_km), "avoid": list(p.avoid), "prefers": list(p.prefers),
            "selected_task_id": row["selected"], "unplaced_reasons": row["reasons"],
            "options": [{"task_id": o["task"].pk, "task": str(o["task"]), "best": o["best"], "why": o["why"]}
                        for o in row["options"]]}


@router.get("/placements/matching", response={200: ProposalPage, **ERRORS},
            summary="マッチングの提案の案（開拓事業者）")
def matching_proposal(request, page: int = page_param(), per_page: int = per_page_param()):
    """画面「就労体験マッチング」の提案の案と同じ：マッチング待ちの人（仮名）と空きのある業務から計算した全体の最適な
    組み合わせ、各人の候補と理由、配置できない理由。開拓事業者だけ（ほかは 403）。閲覧を記録します。"""
    policies.require_edit(request.user)
    profiles = list(selectors.open_profiles())
    problem, tasks = selectors.matching_problem(timezone.localdate(), profiles)
    meta, rows = paginate(request, proposal_rows(problem, tasks, profiles), page, per_page)
    if rows:
        log.record_query(user=request.user, action="read", what="マッチング用プロフィール（仮名・提案の案・API）",
                         cases=Case.objects.filter(placement_profile__in=[r["profile"].pk for r in rows]))
    return {**meta, "objective": matching.OBJECTIVE, "slot_count": sum(s.capacity for s in problem.slots),
            "items": [_proposal_row(r) for r in rows]}


# ---------------------------------------------------------------- matches

class FirstUseOut(Schema):
    version: int = Field(..., description="更新時に `version` または If-Match で送る版", examples=[1])
    scheduled_on: dt.date = Field(..., description="初回利用日")
    meet_at: dt.time = Field(..., description="集合時刻", examples=["09:30"])
    accompanied_by_id: int = Field(..., description="同行する職員（職員の id）")
    accompanied_by: str = Field(..., examples=["開拓 太郎（NPO法人 しごと体験ネットいばらき（デモ））"])
    site_contact: str = Field(..., description="受入れ先の担当者・連絡先")
    outcome: str = Field(..., description="pending（予定）/ continuing / not_continuing / absent")
    outcome_label: str
    outcome_note: str


class MatchOut(Schema):
    id: int
    version: int = Field(..., description="If-Match で送る版（`ETag`）", examples=[1])
    status: str = Field(..., description="proposed / confirmed / declined / withdrawn / ended")
    status_label: str = Field(..., examples=["提案中（機関の確認待ち）"])
    profile_id: int
    profile_code: str = Field(..., description="仮名コード")
    agency: str = Field(..., description="担当の自立相談支援機関")
    task_id: int
    task: str
    site: str
    why: str = Field(..., description="この業務の理由（提案時の計算）")
    proposed_at: dt.datetime
    consent_on: dt.date | None
    decision_note: str = Field(..., description="機関のメモ（確定・見送り）")
    ended_on: dt.date | None
    end_reason: str = Field(..., description="ケースの終結・同意撤回などで終わった理由")
    person: str | None = Field(None, description="氏名（自立相談支援機関、または確定中のマッチングの開拓事業者のみ）")
    contact: str | None = Field(None, description="連絡先（氏名と同じ条件）")
    case_id: int | None = Field(None, description="ケース（自立相談支援機関のみ）")
    case_number: str | None = Field(None, description="ケース番号（自立相談支援機関のみ）")
    first_use: FirstUseOut | None = Field(None, description="初回利用（同行）。予定前は null")


class MatchPage(PageMeta):
    items: list[MatchOut]


class ConfirmIn(Schema):
    consent_given: bool = Field(..., description="本人の同意を確認した")
    consent_on: WarekiDate = Field(..., description="同意を得た日")
    note: str = Field("", max_length=2000)


class DeclineIn(Schema):
    note: str = Field(..., min_length=1, max_length=2000, description="見送りの理由")


class PairIn(Schema):
    profile_id: RecordId = Field(..., description="マッチング待ちの人のプロフィール（仮名）", examples=[12])
    task_id: RecordId = Field(..., description="提案する業務", examples=[3])


class ProposeIn(Schema):
    pairs: list[PairIn] = Field(..., max_length=1000, description="提案する組み合わせ（一人一件）")


VERSION = Field(None, ge=0, description="読み込んだ版。省略する場合は If-Match ヘッダー（ETag）で指定します。",
                examples=[1])


class FirstUseIn(Schema):
    scheduled_on: WarekiDate = Field(..., description="初回利用日（本人同意の日以降）")
    meet_at: LocalTime = Field(..., description="集合時刻")
    accompanied_by_id: RecordId = Field(..., description="同行する職員の id（開拓事業者または担当機関の職員）")
    site_contact: str = Field(..., min_length=1, max_length=120, description="受入れ先の担当者・連絡先",
                              examples=["農園 次郎　0294-00-1111"])
    version: int | None = VERSION


OUTCOMES = tuple(v for v in FirstUse.Outcome.values if v != FirstUse.Outcome.PENDING)


class FirstUseOutcomeIn(Schema):
    outcome: Literal[OUTCOMES] = Field(..., description="continuing（実施・継続利用へ）/ not_continuing（実施・継続しない）"
                                                        " / absent（欠席・延期）")  # type: ignore[valid-type]
    note: str = Field("", max_length=2000, description="結果の内容")
    version: int | None = VERSION


class FollowUpIn(Schema):
    kind: Literal[tuple(FollowUp.values)] = Field(  # type: ignore[valid-type]
        ..., description="continuing（継続利用）/ stage（ステージの変化）/ work（就労）/ ended（利用終了）")
    occurred_on: WarekiDate = Field(..., description="日付（今日まで）")
    stage: Literal[("", *STAGES)] = Field("", description="変化後のステージ（kind が stage のとき）")  # type: ignore[valid-type]
    note: str = Field("", max_length=2000, description="内容")


def _first_use_out(first: FirstUse | None) -> dict | None:
    if first is None:
        return None
    return {"version": first.version, "scheduled_on": first.scheduled_on, "meet_at": first.meet_at,
            "accompanied_by_id": first.accompanied_by_id, "accompanied_by": str(first.accompanied_by),
            "site_contact": first.site_contact, "outcome": first.outcome,
            "outcome_label": first.get_outcome_display(), "outcome_note": first.outcome_note}


def _match_out(user, match: Match, first: FirstUse | None) -> dict:
    developer = policies.can_edit(user)
    identity = not developer or policies.shows_identity(match)
    case = match.profile.case
    client = case.client
    return {"id": match.pk, "version": match.version, "status": match.status,
            "status_label": match.get_status_display(), "profile_id": match.profile_id,
            "profile_code": match.profile.code, "agency": case.agency.name, "task_id": match.task_id,
            "task": match.task.title, "site": match.task.site.name,
            "why": why_text(match.reasons) if match.reasons else "", "proposed_at": match.proposed_at,
            "consent_on": match.consent_on, "decision_note": match.decision_note, "ended_on": match.ended_on,
            "end_reason": match.end_reason, "person": client.full_name if identity else None,
            "contact": (client.phone_mobile or client.phone_home) if identity else None,
            "case_id": None if developer else case.pk, "case_number": None if developer else case.case_number,
            "first_use": _first_use_out(first)}


def _listed_first_use(match: Match) -> FirstUse | None:
    return getattr(match, "first_use", None)  # read with the list (selectors.visible_matches_with_first_use)


def _audit_match(user, match: Match) -> None:
    identity = not policies.can_edit(user) or policies.shows_identity(match)
    log.record(user=user, action="read", case=match.profile.case,
               what="マッチング（氏名・連絡先・API）" if identity else "マッチング（仮名・API）")


def _answer(request, response: HttpResponse, match_id: int) -> dict:
    """A match after a step, re-read as the caller sees it, with its new version as ETag."""
    match = selectors.get_match_or_404(request.user, match_id)
    set_etag(response, match)
    return _match_out(request.user, match, selectors.first_use_of(match))


register_path_guard("match_id", lambda request, pk: selectors.get_match_or_404(request.user, pk))


@router.get("/placements/matches", response={200: MatchPage, **ERRORS}, summary="マッチングの一覧")
def list_matches(request, status: Match.Status | None = None, page: int = page_param(), per_page: int = per_page_param()):
    """開拓事業者は本人同意が続いている人のマッチング、自立相談支援機関は自らの自治体のケースのマッチング。
    氏名は画面と同じ条件でだけ返し、閲覧を記録します。"""
    matches = selectors.visible_matches_with_first_use(request.user).order_by("-proposed_at", "-pk")
    if status:
        matches = matches.filter(status=status)
    meta, rows = paginate(request, matches, page, per_page)
    for match in rows:
        _audit_match(request.user, match)
    return {**meta, "items": [_match_out(request.user, m, _listed_first_use(m)) for m in rows]}


@router.post("/placements/matches", response={201: list[MatchOut], **ERRORS},
             summary="マッチングの提案（開拓事業者）")
def propose(request, payload: ProposeIn):
    """画面「就労体験マッチング」の「選んだ組み合わせを提案する」と同じ（placements.services.propose_matches）。
    各組み合わせが合い（ステージ・時間・距離・避けたい作業）、業務の空きを超えないこと。一つでも満たさなければ
    422 で何も提案しません。提案は各機関の確認を待ちます。"""
    policies.require_edit(request.user)
    choices = {}
    for pair in payload.pairs:
        if pair.profile_id in choices:
            raise ValidationError({"pairs": "同じ人（profile_id）が2回含まれています。一人に一件だけ提案できます。"})
        choices[pair.profile_id] = pair.task_id
    made = services.propose_matches(user=request.user, choices=choices, on_date=timezone.localdate())
    return 201, [_match_out(request.user, m, None) for m in selectors.visible_matches(request.user)
                 .filter(pk__in=[m.pk for m in made]).order_by("pk")]


@router.get("/placements/matches/{match_id}", response={200: MatchOut, **ERRORS}, summary="マッチング")
def match_detail(request, match_id: int, response: HttpResponse):
    """画面「マッチング」と同じ内容。`ETag` はマッチングの版（`version`）です。"""
    match = selectors.get_match_or_404(request.user, match_id)
    _audit_match(request.user, match)
    set_etag(response, match)
    return _match_out(request.user, match, selectors.first_use_of(match))


@router.post("/placements/matches/{match_id}/confirm", response={200: MatchOut, **UPDATE_ERRORS},
             summary="マッチングの確定（自立相談支援機関、本人同意）")
def confirm(request, match_id: int, payload: ConfirmIn, response: HttpResponse):
    """受入れ人数に達している・同意がない・未来の同意日・提案中でないマッチングは 422（何も記録しません）。
    If-Match を送る場合はマッチングの現在の版でなければ 412。"""
    match = selectors.get_match_or_404(request.user, match_id)
    policies.require_agency(request.user)
    check_if_match(request, match)
    services.confirm_match(user=request.user, match=match, **payload.dict())
    return _answer(request, response, match_id)


@router.post("/placements/matches/{match_id}/decline", response={200: MatchOut, **UPDATE_ERRORS},
             summary="マッチングの見送り（自立相談支援機関）")
def decline(request, match_id: int, payload: DeclineIn, response: HttpResponse):
    """提案中のマッチングだけ（ほかは 422）。If-Match を送る場合は現在の版でなければ 412。"""
    match = selectors.get_match_or_404(request.user, match_id)
    policies.require_agency(request.user)
    check_if_match(request, match)
    services.decline_match(user=request.user, match=match, note=payload.note)
    return _answer(request, response, match_id)


@router.post("/placements/matches/{match_id}/withdraw", response={200: MatchOut, **UPDATE_ERRORS},
             summary="マッチングの提案の取り下げ（開拓事業者）")
def withdraw(request, match_id: int, response: HttpResponse):
    """機関がまだ答えていない提案だけを取り下げられます（ほかは 422）。If-Match を送る場合は現在の版でなければ 412。"""
    match = selectors.get_match_or_404(request.user, match_id)
    policies.require_edit(request.user)
    check_if_match(request, match)
    services.withdraw_match(user=request.user, match=match)
    return _answer(request, response, match_id)


@router.put("/placements/matches/{match_id}/first-use", response={200: FirstUseOut, 201: FirstUseOut, **UPDATE_ERRORS},
            summary="初回利用（同行）の予定・変更（開拓事業者）")
def schedule_first_use(request, match_id: int, payload: FirstUseIn, response: HttpResponse):
    """確定したマッチングの初回利用日・集合時刻・同行する職員・受入れ先の担当者。初めての予定は 201、変更は 200 で、
    変更には初回利用の `version` または If-Match（この答えの `ETag`）が必要です（古ければ 409 / 412）。"""
    match = selectors.get_match_or_404(request.user, match_id)
    policies.require_edit(request.user)
    first = selectors.first_use_of(match)
    version = expected_version(request, first, payload.version) if first is not None else None
    staff = selectors.accompanying_staff(match=match).filter(pk=payload.accompanied_by_id).first()
    if staff is None:
        raise ValidationError({"accompanied_by_id": "同行できるのは開拓事業者または担当機関の職員です。"})
    services.schedule_first_use(user=request.user, match=match, scheduled_on=payload.scheduled_on,
                                meet_at=payload.meet_at, accompanied_by=staff, site_contact=payload.site_contact,
                                expected_version=version)
    saved = selectors.first_use_of(match)
    set_etag(response, saved)
    return (201 if first is None else 200), _first_use_out(saved)


@router.put("/placements/matches/{match_id}/first-use/outcome", response={200: FirstUseOut, **UPDATE_ERRORS},
            summary="初回利用の結果の記録（開拓事業者）")
def record_first_use_outcome(request, match_id: int, payload: FirstUseOutcomeIn, response: HttpResponse):
    """初回利用日以降に記録できます。初回利用の `version` または If-Match が必要です（古ければ 409 / 412）。"""
    match = selectors.get_match_or_404(request.user, match_id)
    policies.require_edit(request.user)
    first = services.scheduled_first_use(match)
    version = expected_version(request, first, payload.version)
    services.record_first_use_outcome(user=request.user, first_use=first, outcome=payload.outcome,
                                      note=payload.note, expected_version=version)
    saved = selectors.first_use_of(match)
    set_etag(response, saved)
    return _first_use_out(saved)


@router.post("/placements/matches/{match_id}/follow-ups", response={201: MatchOut, **UPDATE_ERRORS},
             summary="その後の経過をケースに記録（自立相談支援機関）")
def record_follow_up(request, match_id: int, payload: FollowUpIn, response: HttpResponse):
    """画面「その後の経過（ケースに記録）」と同じ（placements.services.record_follow_up）：継続利用・ステージの変化・
    就労・利用終了を支援経過に記録し、就労は支援状況調査の就労者に数えます。就労・利用終了でマッチングは終わります。
    確定中のマッチングだけ（ほかは 422）。If-Match を送る場合は現在の版でなければ 412。"""
    match = selectors.get_match_or_404(request.user, match_id)
    policies.require_agency(request.user)
    check_if_match(request, match)
    services.record_follow_up(user=request.user, match=match, **payload.dict())
    return 201, _answer(request, response, match_id)


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
