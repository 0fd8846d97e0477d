"""JSON API for 一時生活支援 and the watch-over after it, in the same OpenAPI as the case API (/api/openapi.json).
The same services, policies and audit as the pages: availability is counts only (no person, no audit row); every
stay, move-out and visit is looked up through the policy (404 out of scope) and every read of one is audited.
Errors in the API's one shape (`reason`, `message`, `errors`): a taken room is 409 `room_taken` with the next
free room to offer."""
import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies
from jiritsu.cases.api import register_path_guard
from jiritsu.cases.schemas import WarekiDate, choice
from jiritsu.core.api_paging import PageMeta, page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS, ErrorOut
from jiritsu.orgs.models import Municipality, Organisation
from jiritsu.orgs.policies import role_of

from . import grid, policies, rules, selectors, services, watch
from .models import MoveOut, Room, Stay, WatchVisit

router = Router(tags=["shelter"])
MAX_DAYS = 62


def limited(max_length: int):
    """The type of a string of at most `max_length` characters (control characters are refused for every
    API input: api.inputs)."""
    return Annotated[str, Field(max_length=max_length)]


# ---------------------------------------------------------------- shapes

class DayCount(Schema):
    date: dt.date
    rooms: int = Field(..., description="その夜に使える部屋（利用期間内で使用停止でない）")
    free: int
    occupied: int = Field(..., description="入居確定・超過の部屋")
    requested: int = Field(..., description="依頼中の部屋")
    overstayed: int = Field(..., description="退去予定日を過ぎて入居中（超過）の部屋")


class SiteAvailability(Schema):
    site_id: int
    site: str
    municipality: str
    joined_on: dt.date = Field(..., description="事業への参加日")
    left_on: dt.date | None = Field(None, description="事業からの離脱日")
    days: list[DayCount]


class StayOut(Schema):
    id: int
    case_id: int
    case_number: str
    room_id: int
    room: str
    site_id: int
    start_on: dt.date
    end_on: dt.date = Field(..., description="退去予定日（転居後は退去日）。この日は含みません。")
    people: int
    status: str
    status_label: str = Field(..., description="依頼中・確定・延長・超過・転居済み・取消")
    overstayed: bool
    women_only_reason: str
    late_reason: str
    requested_on: dt.date
    confirmed_on: dt.date | None
    move_out_id: int | None


class StayPage(PageMeta):
    items: list[StayOut]


class RequestIn(Schema):
    room_id: int
    start: WarekiDate
    end: WarekiDate = Field(..., description="退去予定日（この日は含みません）")
    people: int = Field(1, ge=1, le=10)
    women_only_reason: limited(200) = ""
    late_reason: choice(Stay.LateReason, blank=True) = ""
    late_note: limited(200) = ""


class SuggestionOut(Schema):
    room_id: int
    room: str


class RoomTakenOut(ErrorOut):
    suggestion: SuggestionOut | None = Field(None, description="同じ期間に使える次の部屋")


class MoveOutIn(Schema):
    moved_on: WarekiDate
    address: limited(200)
    postal_code: limited(8) = ""
    municipality_code: limited(6) = Field("", description="転居先の全国地方公共団体コード（県外は空）")
    housing_benefit: bool = False
    community_support: bool = Field(False, description="本人が地域居住支援の利用に同意している")
    housing_provider_id: int | None = Field(None, description="地域居住支援の引継ぎ先（同意がある場合）")


class VisitOut(Schema):
    id: int
    due_on: dt.date
    visited_on: dt.date | None
    visitor: str
    condition: str
    notes: str
    concerns: str


class MoveOutOut(Schema):
    id: int
    stay_id: int
    case_id: int
    moved_on: dt.date
    address: str
    housing_benefit: bool
    handoff_id: int | None = Field(None, description="地域居住支援の引継ぎ（同意がある場合）")
    keeper: str = Field(..., description="見守りの担当")
    visits: list[VisitOut]


class MoveOutPage(PageMeta):
    items: list[MoveOutOut]


class VisitIn(Schema):
    visited_on: WarekiDate
    visitor: limited(80)
    condition: choice(WatchVisit.Condition)
    notes: limited(10000) = ""
    concerns: limited(10000) = ""


# ---------------------------------------------------------------- look-ups (through the policies)

def _stay(request, stay_id) -> Stay:
    return selectors.stay_or_404(request.user, stay_id)[0]


def _move_out(request, move_out_id) -> MoveOut:
    return selectors.move_out_or_404(request.user, move_out_id)[0]


def _visit(request, visit_id) -> WatchVisit:
    visit = WatchVisit.objects.filter(pk=visit_id).values_list("move_out_id", flat=True).first()
    move_out = _move_out(request, visit if visit is not None else 0)
    return get_object_or_404(WatchVisit, pk=visit_id, move_out=move_out)


register_path_guard("stay_id", _stay)
register_path_guard("move_out_id", _move_out)
register_path_guard("visit_id", _visit)


def _stay_out(stay: Stay, today: dt.date) -> dict:
    move_out = getattr(stay, "move_out", None) if stay.status == Stay.Status.ENDED else None
    extended = getattr(stay, "extended", None)
    if extended is None:
        extended = stay.extensions.exists()
    return {
        "id": stay.pk, "case_id": stay.case_id, "case_number": stay.case.case_number, "room_id": stay.room_id,
        "room": str(stay.room), "site_id": stay.room.building_id, "start_on": stay.start_on, "end_on": stay.end_on,
        "people": stay.people, "status": stay.status,
        "status_label": rules.status_label(stay, today, extended=extended),
        "overstayed": rules.is_overstay(stay, today), "women_only_reason": stay.women_only_reason,
        "late_reason": stay.late_reason, "requested_on": stay.requested_on, "confirmed_on": stay.confirmed_on,
        "move_out_id": move_out.pk if move_out else None,
    }


def _visits_out(move_out: MoveOut) -> list[dict]:
    return [{"id": v.pk, "due_on": v.due_on, "visited_on": v.visited_on, "visitor": v.visitor,
             "condition": v.condition, "notes": v.notes, "concerns": v.concerns} for v in move_out.visits.all()]


def _move_out_out(move_out: MoveOut) -> dict:
    handoff = move_out.handoff
    return {"id": move_out.pk, "stay_id": move_out.stay_id, "case_id": move_out.stay.case_id,
            "moved_on": move_out.moved_on, "address": move_out.address, "housing_benefit": move_out.housing_benefit,
            "handoff_id": handoff.pk if handoff else None,
            "keeper": handoff.provider.name if handoff else "自立相談支援機関", "visits": _visits_out(move_out)}


# ---------------------------------------------------------------- availability (counts only)

@router.get("/shelter/availability", response={200: list[SiteAvailability], **ERRORS},
            summary="空室状況（拠点・日ごとの件数。個人は含みません）")
def availability(request, start: WarekiDate | None = None, days: int = Query(14, ge=1, le=MAX_DAYS),
                 site_id: int | None = None):
    """指定した日（省略時は今日）から `days` 日分の、拠点ごと・夜ごとの部屋数。超過（退去予定日を過ぎて入居中）の
    部屋は入居中として数えます。"""
    if not policies.can_see_grid(request.user):
        raise case_policies.NotPermitted("空室状況を見る権限がありません。")
    today = timezone.localdate()
    if start is not None and (error := rules.grid_start_error(start, today)):
        raise ValidationError({"start": error})
    dates, sites, _ = grid.occupancy(start or today, days, today)
    result = []
    for site in sites:
        if site_id is not None and site.site.pk != site_id:
            continue
        counts = []
        for i, day in enumerate(dates):
            states = [row.cells[i].state for row in site.rows]
            open_rooms = [s for s in states if s not in ("unavailable", "out_of_service")]
            counts.append({"date": day, "rooms": len(open_rooms), "free": states.count("free"),
                           "occupied": sum(s in grid.OCCUPIED for s in states),
                           "requested": states.count("requested"),
                           "overstayed": sum(s in ("overstay", "clash") for s in states)})
        result.append({"site_id": site.site.pk, "site": site.site.name, "municipality": site.site.municipality.name,
                       "joined_on": site.site.available_from, "left_on": site.site.available_until, "days": counts})
    return result


# ---------------------------------------------------------------- stays

def _visible_stays(user):
    """Stays the user may open: agency staff their body's; provider staff those booked with them while the
    hand-off runs."""
    stays = selectors.with_extension_flag(Stay.objects.filter(case__in=case_policies.visible_cases(user)))
    if role_of(user) not in policies.MOVE_OUT_ROLES:
        return stays.none()
    if case_policies.is_owner_side(user):
        return stays
    staff = case_policies.staff_of(user)
    return stays.filter(handoff__provider_id=staff.organisation_id, handoff__ended_on__isnull=True)


@router.get("/shelter/stays", response={200: StayPage, **ERRORS}, summary="入居の一覧")
def list_stays(request, status: choice(Stay.Status, blank=True) = "", page: int = page_param(),
               per_page: int = per_page_param()):
    """自立相談支援機関は自らの自治体のケースの入居、委託事業者は自らに引き継がれている入居。`status=requested`
    で確定待ちの依頼（依頼の古い順）。"""
    stays = _visible_stays(request.user)
    if status:
        stays = stays.filter(status=status)
    stays = stays.select_related("room__building", "case", "move_out").order_by("requested_at", "pk")
    meta, rows = paginate(request, stays, page, per_page)
    log.record_many(user=request.user, action="read", what="一時生活支援の入居一覧（API）", cases=[s.case for s in rows])
    today = timezone.localdate()
    return {**meta, "items": [_stay_out(s, today) for s in rows]}


@router.get("/shelter/stays/{stay_id}", response={200: StayOut, **ERRORS}, summary="入居")
def stay_detail(request, stay_id: int):
    stay, case = selectors.stay_or_404(request.user, stay_id)
    log.record(user=request.user, action="read", what="一時生活支援の入居（API）", case=case)
    return _stay_out(stay, timezone.localdate())


@router.post("/cases/{case_id}/shelter-requests", response={201: StayOut, 409: RoomTakenOut,
                                                             **{k: v for k, v in ERRORS.items() if k != 409}},
             summary="部屋の依頼（自立相談支援機関）")
def request_room(request, case_id: int, payload: RequestIn):
    """一時生活支援の引継ぎ中のケースについて、部屋を依頼します。部屋がその期間にふさがっている（超過を含む）・使用停止・
    利用期間外なら 409 `room_taken`（`suggestion` に次の空き部屋）。入居日は7日前まで（理由が必要）。"""
    case = case_policies.get_case_or_404(request.user, case_id)
    data = payload.dict()
    room = Room.objects.select_related("building").filter(pk=data.pop("room_id")).first()
    if room is None:
        raise ValidationError({"room_id": "指定された部屋が見つかりません。"})
    try:
        stay = services.request_room(user=request.user, case=case, room=room, **data)
    except services.RoomTaken as taken:
        suggestion = taken.suggestion
        return Status(409, {"reason": "room_taken", "message": taken.message, "suggestion": {
            "room_id": suggestion.pk, "room": str(suggestion)} if suggestion else None})
    stay.case = case
    return Status(201, _stay_out(stay, timezone.localdate()))


def _stay_step(request, stay_id, action) -> dict:
    stay = _stay(request, stay_id)
    action(user=request.user, stay=stay)
    stay = Stay.objects.select_related("room__building", "case").get(pk=stay.pk)
    return _stay_out(stay, timezone.localdate())


@router.post("/shelter/stays/{stay_id}/confirm", response={200: StayOut, **ERRORS}, summary="入居の確定（委託事業者）")
def confirm_stay(request, stay_id: int):
    """退去予定日を過ぎた依頼や、部屋・本人に超過の入居がある依頼は 422。"""
    return _stay_step(request, stay_id, services.confirm_stay)


@router.post("/shelter/stays/{stay_id}/cancel", response={200: StayOut, **ERRORS}, summary="依頼・入居前の取消")
def cancel_stay(request, stay_id: int):
    """入居が始まった確定済みの入居は取り消せません（転居を記録します）。"""
    return _stay_step(request, stay_id, services.cancel_stay)


@router.post("/shelter/stays/{stay_id}/move-out", response={201: MoveOutOut, **ERRORS},
             summary="転居の記録（地域居住支援への引継ぎを含む）")
def move_out(request, stay_id: int, payload: MoveOutIn):
    """入居と一時生活支援の引継ぎを終了し、本人の住所を転居先に変えます。`community_support` が true なら同時に
    `housing_provider_id` の事業者へ地域居住支援を引き継ぎます（協定・委託契約・本人同意を確認し、だめなら 422 で何も
    記録しません）。"""
    stay = _stay(request, stay_id)
    data = payload.dict()
    code, provider_id = data.pop("municipality_code"), data.pop("housing_provider_id")
    municipality = Municipality.objects.filter(code=code).first() if code else None
    if code and municipality is None:
        raise ValidationError({"municipality_code": "指定された市町村コードが見つかりません。"})
    provider = Organisation.objects.filter(pk=provider_id).first() if provider_id else None
    if provider_id and provider is None:
        raise ValidationError({"housing_provider_id": "指定された事業者が見つかりません。"})
    done = services.record_move_out(user=request.user, stay=stay, municipality=municipality,
                                    housing_provider=provider, **data)
    done = MoveOut.objects.select_related("stay", "handoff__provider").get(pk=done.pk)
    return Status(201, _move_out_out(done))


# ---------------------------------------------------------------- the watch-over after the move-out

@router.get("/shelter/move-outs", response={200: MoveOutPage, **ERRORS}, summary="見守り中の転居の一覧")
def list_move_outs(request, page: int = page_param(), per_page: int = per_page_param()):
    """地域居住支援の引継ぎ先は自らに引き継がれた方、自立相談支援機関は自らの自治体の方の、転居と見守りの予定・記録。"""
    user = request.user
    move_outs = MoveOut.objects.filter(stay__case__in=case_policies.visible_cases(user))
    if not case_policies.is_owner_side(user):
        staff = case_policies.staff_of(user)
        move_outs = move_outs.filter(handoff__provider_id=staff.organisation_id, handoff__ended_on__isnull=True)
    meta, rows = paginate(request, move_outs.select_related("stay__case", "handoff__provider")
                          .prefetch_related("visits").order_by("-moved_on", "-pk"), page, per_page)
    log.record_many(user=user, action="read", what="地域居住支援の見守り一覧（API）", cases=[m.stay.case for m in rows])
    return {**meta, "items": [_move_out_out(m) for m in rows]}


@router.get("/shelter/move-outs/{move_out_id}", response={200: MoveOutOut, **ERRORS}, summary="転居と見守りの予定・記録")
def move_out_detail(request, move_out_id: int):
    done, case = selectors.move_out_or_404(request.user, move_out_id)
    log.record(user=request.user, action="read", what="地域居住支援の見守り（API）", case=case)
    return _move_out_out(done)


@router.post("/shelter/visits/{visit_id}/record", response={200: VisitOut, **ERRORS}, summary="見守り訪問の記録")
def record_visit(request, visit_id: int, payload: VisitIn):
    """すでに記録された訪問は 422（他の人が先に記録した場合も）。"""
    visit = watch.record_visit(user=request.user, visit=_visit(request, visit_id), **payload.dict())
    return {"id": visit.pk, "due_on": visit.due_on, "visited_on": visit.visited_on, "visitor": visit.visitor,
            "condition": visit.condition, "notes": visit.notes, "concerns": visit.concerns}
