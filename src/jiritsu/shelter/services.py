"""Every write on stays: request (agency), confirm (provider), cancel, extend (agency), move-out with the
hand-over (either). Keyword-only, transactional, audited.

Double booking, one case in two rooms and a booking into an overstay are refused by the database itself
(migrations 0002 and 0007), not by a check here that a concurrent request could slip past: a refused insert
rolls the booking back and becomes `RoomTaken` (with the next free room to offer) or a message at the field.

`today` is the day the worker acts, timezone.localdate() unless given: the demo replays past days through it.
"""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import BooleanField, Exists, F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases import policies
from jiritsu.cases import services as case_services
from jiritsu.cases.choices import HandoffMode
from jiritsu.cases.models import Handoff
from jiritsu.cases.process import InvalidStep
from jiritsu.core.errors import NotPermitted
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Organisation
from jiritsu.programs.catalog import Program

from . import policies as shelter_policies
from . import rules, selectors, sql
from .models import Extension, Feature, MoveOut, OutOfService, Room, Stay, WatchVisit

CLEANING_REASON = "退去後の清掃・点検"
MOVE_OUT_REASON = "転居（一時生活支援の退去）"


class RoomTaken(Exception):
    """The room is already held for some of these nights. `suggestion` is the next free room, or None."""

    def __init__(self, room: Room, suggestion: Room | None):
        self.room, self.suggestion = room, suggestion
        message = f"{room}は指定の期間にすでに予約されています（入居中・使用停止・利用期間外を含みます）。"
        message += f"次の空き部屋：{suggestion}" if suggestion else "この期間に条件に合う空き部屋はありません。"
        super().__init__(message)
        self.message = message


def _shelter_handoffs():
    """Active 一時生活支援 hand-offs (urgent or regular): a stay is booked under one of these."""
    return Handoff.objects.filter(program=Program.TEMPORARY_SHELTER, ended_on__isnull=True,
                                  mode__in=[HandoffMode.URGENT, HandoffMode.REGULAR])


def shelter_handoff(case) -> Handoff | None:
    """The case's active 一時生活支援 hand-off, the one a stay is booked under."""
    return _shelter_handoffs().filter(case=case).select_related("provider").first()


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _check_request(*, room: Room, sex: str, start: dt.date, end: dt.date, people: int, women_only_reason: str,
                   late_reason: str, late_note: str, today: dt.date) -> None:
    """The request's own rules, each refusal at its field with the dates in 和暦."""
    errors = rules.request_date_errors(start, end, today)
    if start < today and "start" not in errors and late_reason not in Stay.LateReason.values:
        errors["late_reason"] = "入居日が今日より前の場合は、その理由を選んでください（例：土日・祝日の入居）。"
    elif start < today and late_reason == Stay.LateReason.OTHER and not late_note.strip():
        errors["late_note"] = "理由が「その他」の場合は、詳細を入力してください。"
    if people < 1 or people > room.capacity:
        errors["people"] = f"人数は1人から部屋の定員（{room.capacity}人）までにしてください。"
    if Feature.WOMEN_ONLY in room.features and not selectors.women_only_ok(sex) and not women_only_reason.strip():
        errors["women_only_reason"] = ("この部屋は女性専用です。記録上の性別が女性でない方が使う場合は、"
                                       "理由（例：母子での入居）を入力してください。")
    if errors:
        raise ValidationError(errors)


class _Refused(Exception):
    """The room cannot be had for these nights (taken, out of service, or not in use)."""


def request_room(*, user, case, room: Room, start: dt.date, end: dt.date, people: int = 1,
                 women_only_reason: str = "", late_reason: str = "", late_note: str = "",
                 today: dt.date | None = None) -> Stay:
    """Book the room for [start, end) under the case's active 一時生活支援 hand-off.

    A refusal raises RoomTaken with the next free room fit for the person, looked up once the booking's
    transaction has rolled back, so the room's lock is not held during that search.
    """
    today = _today(today)
    try:
        return _book(user=user, case=case, room=room, start=start, end=end, people=people,
                     women_only_reason=women_only_reason.strip(), late_reason=late_reason if start < today else "",
                     late_note=late_note.strip() if start < today else "", today=today)
    except _Refused:
        raise RoomTaken(room, _next_free_room(case, room, start, end, people, today)) from None


@transaction.atomic
def _book(*, user, case, room: Room, start: dt.date, end: dt.date, people: int, women_only_reason: str,
          late_reason: str, late_note: str, today: dt.date) -> Stay:
    shelter_policies.require(user, "request_room")
    # One statement reads all the booking decides on: the case in the user's scope (404 outside it), its
    # hand-off, its person's sex, and whether the room can be had for these nights. Under load a booking's
    # latency follows its number of statements (BENCHMARKS.md, "Shelter rooms").
    taken_sql, taken_params = sql.room_taken(room.pk, start, end, today, alias=Room.objects.db)
    case = policies.get_case_fields_or_404(
        user, case.pk, ("body_id", "client_id", "case_number"), client_sex=F("client__sex"),
        shelter_handoff_id=Subquery(_shelter_handoffs().filter(case=OuterRef("pk")).values("pk")[:1]),
        room_taken=RawSQL(taken_sql, taken_params, output_field=BooleanField()),
        case_busy=Exists(_holding(start, end, today).filter(case_id=OuterRef("pk"))))
    if case.shelter_handoff_id is None:
        raise NotPermitted("一時生活支援の引継ぎ中のケースだけが部屋を依頼できます。")
    _check_request(room=room, sex=case.client_sex, start=start, end=end, people=people,
                   women_only_reason=women_only_reason, late_reason=late_reason, late_note=late_note, today=today)
    if case.case_busy:
        raise _case_busy(case.pk, start, end, today)
    if case.room_taken:
        raise _Refused
    # The audit row first: a request for overlapping nights waits from the stay's insert to this commit,
    # so nothing else comes between them. A refusal rolls the audit row back with the booking.
    log.record(user=user, action="create", what=f"一時生活支援の部屋を依頼（{room}）", case=case)
    stay = Stay(room=room, case=case, handoff_id=case.shelter_handoff_id, start_on=start, end_on=end,
                people=people, women_only_reason=women_only_reason if Feature.WOMEN_ONLY in room.features else "",
                late_reason=late_reason, late_note=late_note, requested_by=user, requested_on=today)
    if not _insert_unless_held(stay):
        if _holding(start, end, today).filter(case_id=case.pk).exists():
            raise _case_busy(case.pk, start, end, today)  # a concurrent request for the same person won
        raise _Refused  # leaving this atomic block rolls the booking back (no savepoint needed)
    return stay


def _holding(start: dt.date, end: dt.date, today: dt.date):
    """Active stays holding some night of [start, end): planned nights, or an overstay from its start on."""
    held = Q(end_on__gt=start) | Q(status=Stay.Status.CONFIRMED, end_on__lt=today)
    return Stay.objects.filter(held, status__in=Stay.ACTIVE, start_on__lt=end)


def _case_busy(case_id: int, start: dt.date, end: dt.date, today: dt.date) -> ValidationError:
    stay = selectors.active_stay_of(case_id, start, end, today)
    where = (f"{stay.room}（{format_wareki(stay.start_on)}〜{format_wareki(stay.end_on)}、"
             f"{rules.status_label(stay, today, extended=False)}）") if stay else "別の部屋"
    return ValidationError({"start": f"この方はこの期間にすでに{where}を依頼・入居しています。"
                                     "一人（一世帯）が同じ夜に使える部屋は一つです。世帯で入居する場合は人数を指定してください。"})


def _insert_unless_held(stay: Stay) -> bool:
    """Insert the stay, or return False when the database refuses it (an overlapping active stay holds the room
    or the case, or an overstay does): the database decides. PostgreSQL: sql.insert_unless_held. SQLite runs
    one writer at a time; its triggers abort a refused insert."""
    alias = Stay.objects.db
    try:
        if connections[alias].vendor != "postgresql":
            stay.save(force_insert=True, using=alias)
            return True
        pk = sql.insert_unless_held(stay, alias)
    except DatabaseError:
        return False
    if pk is None:
        return False
    stay.pk = pk
    return True


def _next_free_room(case, room: Room, start: dt.date, end: dt.date, people: int, today: dt.date) -> Room | None:
    """The room to offer instead: the best free one for the same nights near the person, fit for them."""
    rooms = selectors.free_rooms(start, end, near=selectors.area_of(case), people=people, exclude=[room.pk],
                                 women_only_ok=selectors.women_only_ok(case.client.sex), limit=1, today=today)
    return rooms[0] if rooms else None


def _stay_for_provider(user, stay: Stay) -> Stay:
    shelter_policies.require(user, "confirm_stay")
    policies.get_case_or_404(user, stay.case_id)  # out of scope → 404
    locked = Stay.objects.select_for_update().select_related("handoff", "case", "room__building").get(pk=stay.pk)
    if not shelter_policies.opens_stay(user, locked):
        raise NotPermitted("この入居は他の事業者あてです。")
    return locked


@transaction.atomic
def confirm_stay(*, user, stay: Stay, today: dt.date | None = None) -> Stay:
    """The provider accepts the request. Refused when the planned move-out day has passed, or when an overstay
    still holds the room or the person's other room (the database's rule too)."""
    today = _today(today)
    stay = _stay_for_provider(user, stay)
    if stay.status != Stay.Status.REQUESTED:
        raise ValidationError("この依頼は確定できる状態ではありません（" + stay.get_status_display() + "）。")
    if stay.end_on < today:
        raise ValidationError(f"退去予定日（{format_wareki(stay.end_on)}）を過ぎた依頼は確定できません。"
                              "取り消して、入居の実態に合わせて依頼し直してください。")
    blocking = selectors.overstays_in(stay.room_id, today).filter(start_on__lt=stay.end_on).exclude(pk=stay.pk)
    if blocking.exists():
        raise ValidationError("この部屋には退去予定日を過ぎても転居が記録されていない方（超過）がいるため、確定できません。"
                              "その方の転居または延長を記録するか、別の部屋で依頼し直してください。")
    stay.status, stay.confirmed_by, stay.confirmed_on = Stay.Status.CONFIRMED, user, today
    try:
        with transaction.atomic():
            stay.save(update_fields=["status", "confirmed_by", "confirmed_on"])
    except DatabaseError:  # an overstay of the same person in another room (migration 0007)
        raise ValidationError("この方には退去予定日を過ぎても転居が記録されていない入居（超過）があるため、確定できません。"
                              ) from None
    log.record(user=user, action="update", what=f"一時生活支援の入居を確定（{stay.room}）", case=stay.case)
    return stay


@transaction.atomic
def cancel_stay(*, user, stay: Stay, today: dt.date | None = None) -> Stay:
    """The requesting agency or the provider withdraws a request, or a confirmed stay that has not begun; the
    room is free again. A stay that has begun ends with its move-out, never by cancelling it."""
    today = _today(today)
    shelter_policies.require(user, "cancel_stay")
    if shelter_policies.is_provider_staff(user):
        stay = _stay_for_provider(user, stay)
    else:
        policies.get_case_or_404(user, stay.case_id)
        stay = Stay.objects.select_for_update().select_related("case", "room__building").get(pk=stay.pk)
    if not stay.is_active:
        raise ValidationError("この入居はすでに取消または終了しています。")
    if stay.status == Stay.Status.CONFIRMED and stay.start_on <= today:
        raise ValidationError("入居が始まっているため取り消せません。退去は「転居を記録」から記録してください"
                              "（入居日当日の退去も記録できます）。")
    stay.status = Stay.Status.CANCELLED
    stay.save(update_fields=["status"])
    log.record(user=user, action="update", what=f"一時生活支援の部屋を取消（{stay.room}）", case=stay.case)
    return stay


def _stay_for_agency(user, stay: Stay) -> Stay:
    shelter_policies.require(user, "act_for_case")
    policies.get_case_or_404(user, stay.case_id)  # out of scope → 404
    return Stay.objects.select_for_update().select_related("case__client", "room__building", "handoff").get(pk=stay.pk)


def stay_for_either(user, stay: Stay) -> Stay:
    """The stay locked, for its provider's staff or the case's agency staff (each checked as above)."""
    if shelter_policies.is_provider_staff(user):
        return _stay_for_provider(user, stay)
    return _stay_for_agency(user, stay)


@transaction.atomic
def extend_stay(*, user, stay: Stay, decided_on: dt.date, decided_by: str, reason: str,
                new_end: dt.date, today: dt.date | None = None) -> Extension:
    """Record the decision to let the stay run longer; the new move-out day is at most 6 months from entry."""
    today = _today(today)
    shelter_policies.require(user, "extend_stay")
    stay = _stay_for_agency(user, stay)
    if not stay.is_active:
        raise ValidationError("終了または取消された入居は延長できません。")
    errors = {}
    latest = rules.latest_end(stay.start_on)
    if new_end <= stay.end_on:
        errors["new_end"] = f"延長後の退去予定日は現在の退去予定日（{format_wareki(stay.end_on)}）より後にしてください。"
    elif new_end <= today:
        errors["new_end"] = f"延長後の退去予定日は今日（{format_wareki(today)}）より後にしてください。"
    elif new_end > latest:
        errors["new_end"] = f"延長しても入居期間は最長6か月です（退去予定日は{format_wareki(latest)}まで）。"
    if decided_on > today:
        errors["decided_on"] = "決定日に未来の日付は指定できません。"
    elif decided_on < stay.start_on:
        errors["decided_on"] = f"決定日は入居日（{format_wareki(stay.start_on)}）以降にしてください。"
    if not decided_by.strip():
        errors["decided_by"] = "決定した者を入力してください。"
    if not reason.strip():
        errors["reason"] = "延長の理由を入力してください。"
    if errors:
        raise ValidationError(errors)
    previous = stay.end_on
    try:
        with transaction.atomic():
            Stay.objects.filter(pk=stay.pk).update(end_on=new_end)
    except DatabaseError:  # the next booking of this room starts before the new end
        raise ValidationError({"new_end": "この部屋には延長期間中に次の入居予定があります。"
                                          "次の方の部屋を変更するか、その予定の前日までの延長にしてください。"}) from None
    extension = Extension.objects.create(stay=stay, decided_on=decided_on, decided_by=decided_by.strip(),
                                         reason=reason.strip(), previous_end_on=previous, new_end_on=new_end,
                                         recorded_by=user)
    log.record(user=user, action="update",
               what=f"一時生活支援の入居を延長（{stay.room}、{format_wareki(new_end)}まで）", case=stay.case)
    return extension


@transaction.atomic
def record_move_out(*, user, stay: Stay, moved_on: dt.date, address: str, postal_code: str = "",
                    municipality=None, housing_benefit: bool = False, community_support: bool = False,
                    housing_provider: Organisation | None = None, today: dt.date | None = None) -> MoveOut:
    """転居, in one step: the stay ends on the move-out day (which may be the day of the move-in) and the room
    rests for the site's cleaning interval; the person's address becomes the new one (the old kept in the field
    history); the 一時生活支援 hand-off ends; when the person agreed, 地域居住支援 starts with the housing
    provider (checked against the 協定, contract and consent as any hand-off is), who then keeps the watch-over
    schedule, else the agency keeps it. Watch-over visits are scheduled monthly for a year."""
    today = _today(today)
    stay = stay_for_either(user, stay)
    if stay.status != Stay.Status.CONFIRMED:
        raise ValidationError("転居を記録できるのは入居が確定した方だけです（" + stay.get_status_display() + "）。")
    errors = {}
    if not stay.start_on <= moved_on <= today:
        errors["moved_on"] = (f"退去日は入居日（{format_wareki(stay.start_on)}）から今日（{format_wareki(today)}）"
                              "までの日付にしてください。")
    if not address.strip():
        errors["address"] = "転居先の住所を入力してください。"
    if community_support and housing_provider is None:
        errors["housing_provider"] = "地域居住支援を引き継ぐ事業者を選んでください。"
    if errors:
        raise ValidationError(errors)
    case = stay.case
    case_services.record_move(user=user, case=case, address=address, postal_code=postal_code, why=MOVE_OUT_REASON)
    handoff = _hand_over(user, stay, moved_on, housing_provider if community_support else None)
    move_out = MoveOut.objects.create(stay=stay, moved_on=moved_on, postal_code=postal_code.strip(),
                                      address=address.strip(), municipality=municipality,
                                      housing_benefit=housing_benefit, handoff=handoff, recorded_by=user)
    stay.status, stay.end_on = Stay.Status.ENDED, moved_on
    stay.save(update_fields=["status", "end_on"])
    _rest_room(user, stay, moved_on)
    WatchVisit.objects.bulk_create(WatchVisit(move_out=move_out, case=case, due_on=day)
                                   for day in rules.watch_schedule(moved_on))
    log.record(user=user, action="create", what=f"一時生活支援の転居を記録（{stay.room}）", case=case)
    return move_out


def _hand_over(user, stay: Stay, moved_on: dt.date, provider: Organisation | None) -> Handoff | None:
    """End the stay's hand-off (unless another stay of the person still runs under it) and start 地域居住支援."""
    others = Stay.objects.filter(handoff_id=stay.handoff_id, status__in=Stay.ACTIVE).exclude(pk=stay.pk)
    handoff = Handoff.objects.get(pk=stay.handoff_id)
    if handoff.ended_on is not None or others.exists():
        if provider is None:
            return None
        raise ValidationError({"community_support": "一時生活支援の引継ぎが続いているため、ここでは地域居住支援へ"
                                                    "引き継げません。ケースの画面から引継ぎを記録してください。"})
    try:
        return case_services.hand_over(user=user, handoff=handoff, ended_on=moved_on, reason=MOVE_OUT_REASON,
                                       provider=provider, program=Program.COMMUNITY_LIVING)
    except InvalidStep as refused:  # no 協定 or contract that day, or consent not covering the provider
        raise ValidationError({"housing_provider": refused.message}) from None


def _rest_room(user, stay: Stay, moved_on: dt.date) -> None:
    """The cleaning interval after the move-out, cut short of the next booking of the room (if one starts
    within it, the room is cleaned before that person arrives)."""
    days = stay.room.building.cleaning_days
    if not days:
        return
    last = moved_on + dt.timedelta(days=days - 1)
    nxt = (Stay.objects.filter(room_id=stay.room_id, status__in=Stay.ACTIVE, start_on__gte=moved_on)
           .order_by("start_on").values_list("start_on", flat=True).first())
    if nxt is not None:
        last = min(last, nxt - dt.timedelta(days=1))
    if last >= moved_on:
        OutOfService.objects.create(room=stay.room, start_on=moved_on, end_on=last, reason=CLEANING_REASON,
                                    recorded_by=user)
