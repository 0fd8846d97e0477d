"""Every write on stays: request (agency), confirm (provider), cancel, extend (agency), move-out (either).
Keyword-only, transactional, audited.

Double booking is refused by the database itself (migration 0002), not by a check here that a concurrent
request could slip past: a refused insert rolls the booking back and becomes `RoomTaken`, which carries
the next free room to offer (see _insert_unless_held).
"""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import BooleanField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases import policies
from jiritsu.cases.choices import HandoffMode
from jiritsu.cases.models import Handoff
from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.programs.catalog import Program

from . import rules, selectors
from .models import (
    Extension,
    FoodSupport,
    MoveOut,
    OutOfService,
    PlaceLink,
    Room,
    Stay,
    SupplyIssue,
    WatchVisit,
)

CLEANING_REASON = "退去後の清掃・点検"


class RoomTaken(Exception):
    """The room is already held for some of these nights. `suggestion` is the next free room, or None."""

    def __init__(self, room: Room, suggestion: Room | None):
        self.room, self.suggestion = room, suggestion
        message = f"{room}は指定の期間にすでに予約されています。"
        message += f"次の空き部屋：{suggestion}" if suggestion else "この期間に空いている部屋はありません。"
        super().__init__(message)
        self.message = message


def _shelter_handoffs():
    """Active 一時生活支援 hand-offs (urgent or regular): a stay is booked under one of these."""
    return Handoff.objects.filter(program=Program.TEMPORARY_SHELTER, ended_on__isnull=True,
                                  mode__in=[HandoffMode.URGENT, HandoffMode.REGULAR])


def shelter_handoff(case) -> Handoff | None:
    """The case's active 一時生活支援 hand-off, the one a stay is booked under."""
    return _shelter_handoffs().filter(case=case).select_related("provider").first()


def _check_dates(start: dt.date, end: dt.date) -> None:
    if end <= start:
        raise ValidationError({"end": "退去予定日は入居日より後の日付にしてください。"})
    if end > rules.principle_end(start):
        raise ValidationError({"end": "入居期間は原則3か月までです（退去予定日は"
                                      f"{rules.principle_end(start):%Y-%m-%d}まで）。3か月を超える場合は、"
                                      "入居後に延長の決定を記録してください。"})
    if start < timezone.localdate():
        raise ValidationError({"start": "入居日に過去の日付は指定できません。"})


class _Refused(Exception):
    """The room cannot be had for these nights (taken, or out of service)."""


def request_room(*, user, case, room: Room, start: dt.date, end: dt.date) -> Stay:
    """Book the room for [start, end) under the case's active 一時生活支援 hand-off.

    A refusal raises RoomTaken with the next free room, looked up once the booking's transaction has
    rolled back, so the room's lock is not held during that search.
    """
    try:
        return _book(user=user, case=case, room=room, start=start, end=end)
    except _Refused:
        raise RoomTaken(room, _next_free_room(case, room, start, end)) from None


@transaction.atomic
def _book(*, user, case, room: Room, start: dt.date, end: dt.date) -> Stay:
    if policies.role_of(user) not in AGENCY_ROLES:
        raise policies.NotPermitted("部屋の依頼ができるのは自立相談支援機関の職員です。")
    # One statement reads all the booking decides on: the case in the user's scope (404 outside it), its
    # hand-off, and whether the room is out of service or already held for these nights. Under load a
    # booking's latency follows its number of statements (BENCHMARKS.md, "Shelter rooms").
    case = policies.get_case_fields_or_404(
        user, case.pk, ("body_id", "client_id", "case_number"),
        shelter_handoff_id=Subquery(_shelter_handoffs().filter(case=OuterRef("pk")).values("pk")[:1]),
        room_taken=_room_taken(room, start, end))
    if case.shelter_handoff_id is None:
        raise policies.NotPermitted("一時生活支援の引継ぎ中のケースだけが部屋を依頼できます。")
    _check_dates(start, end)
    if case.room_taken:  # out of service, or held by a stay committed before this statement began
        raise _Refused
    # The audit row first: a request for overlapping nights waits from the stay's insert to this commit,
    # so nothing else comes between them. A refusal rolls the audit row back with the booking.
    log.record(user=user, action="create", what=f"一時生活支援の部屋を依頼（{room}）", case=case)
    stay = Stay(room=room, case=case, handoff_id=case.shelter_handoff_id, start_on=start, end_on=end,
                requested_by=user)
    if not _insert_unless_held(stay):
        raise _Refused  # leaving this atomic block rolls the booking back (no savepoint needed)
    return stay


def _room_taken(room: Room, start: dt.date, end: dt.date) -> RawSQL:
    """Whether the room is held or closed on some night of [start, end). Plain SQL: as ORM expressions the
    two checks cost more CPU than the whole statement."""
    taken, params = selectors.taken_sql(start, end, alias=Room.objects.db)
    return RawSQL(f"SELECT {taken} FROM shelter_room r WHERE r.id = %s", [*params, room.pk],
                  output_field=BooleanField())


def _insert_unless_held(stay: Stay) -> bool:
    """Insert the stay, or return False when an overlapping active stay holds the room: the database decides.

    PostgreSQL: INSERT ... ON CONFLICT DO NOTHING against the exclusion constraint. Two plain INSERTs of
    overlapping stays made at the same moment each wait inside the constraint for the other, a deadlock
    PostgreSQL breaks only after deadlock_timeout (1 s); the 16-client bench ran into it. A speculative
    insert waits for the other's outcome without that, and requests for other nights of the room do not
    wait at all (a row lock on the room would queue them).
    SQLite runs one writer at a time; its trigger aborts an overlapping insert.
    """
    alias = Stay.objects.db
    connection = connections[alias]
    if connection.vendor != "postgresql":
        try:
            stay.save(force_insert=True, using=alias)
        except DatabaseError:
            return False
        return True
    fields = [f for f in Stay._meta.concrete_fields if not f.primary_key]
    q = connection.ops.quote_name
    sql = (f"INSERT INTO {q(Stay._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING RETURNING {q(Stay._meta.pk.column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [f.get_db_prep_save(f.pre_save(stay, True), connection) for f in fields])
        row = cursor.fetchone()
    if row is None:
        return False
    stay.pk = row[0]
    stay._state.adding, stay._state.db = False, alias
    return True


def _next_free_room(case, room: Room, start: dt.date, end: dt.date) -> Room | None:
    """The room to offer instead: the best free one for the same nights near the person."""
    rooms = selectors.free_rooms(start, end, near=selectors.area_of(case), exclude=[room.pk], limit=1)
    return rooms[0] if rooms else None


def _stay_for_provider(user, stay: Stay) -> Stay:
    staff = policies.staff_of(user)
    if staff is None or staff.role != Role.PROVIDER_STAFF:
        raise policies.NotPermitted("入居を確定できるのは一時生活支援の委託事業者の職員です。")
    policies.get_case_or_404(user, stay.case_id)  # out of scope → 404
    locked = Stay.objects.select_for_update().select_related("handoff", "case", "room__building").get(pk=stay.pk)
    if locked.handoff.provider_id != staff.organisation_id:
        raise policies.NotPermitted("この依頼は他の事業者あてです。")
    return locked


@transaction.atomic
def confirm_stay(*, user, stay: Stay) -> Stay:
    stay = _stay_for_provider(user, stay)
    if stay.status != Stay.Status.REQUESTED:
        raise ValidationError("この依頼は確定できる状態ではありません（" + stay.get_status_display() + "）。")
    stay.status, stay.confirmed_by, stay.confirmed_at = Stay.Status.CONFIRMED, user, timezone.now()
    stay.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    log.record(user=user, action="update", what=f"一時生活支援の入居を確定（{stay.room}）", case=stay.case)
    return stay


@transaction.atomic
def cancel_stay(*, user, stay: Stay) -> Stay:
    """The requesting agency or the provider withdraws a stay that has not started; the room is free again."""
    if policies.role_of(user) == Role.PROVIDER_STAFF:
        stay = _stay_for_provider(user, stay)
    elif policies.role_of(user) in AGENCY_ROLES:
        policies.get_case_or_404(user, stay.case_id)
        stay = Stay.objects.select_for_update().select_related("case", "room__building").get(pk=stay.pk)
    else:
        raise policies.NotPermitted()
    if not stay.is_active:
        raise ValidationError("この入居はすでに取消または終了しています。")
    stay.status = Stay.Status.CANCELLED
    stay.save(update_fields=["status"])
    log.record(user=user, action="update", what=f"一時生活支援の部屋を取消（{stay.room}）", case=stay.case)
    return stay


def _stay_for_agency(user, stay: Stay) -> Stay:
    if policies.role_of(user) not in AGENCY_ROLES:
        raise policies.NotPermitted()
    policies.get_case_or_404(user, stay.case_id)  # out of scope → 404
    return Stay.objects.select_for_update().select_related("case", "room__building").get(pk=stay.pk)


def _stay_for_either(user, stay: Stay) -> Stay:
    """The stay's provider staff or the case's agency staff (each checked as above), the stay locked."""
    if policies.role_of(user) == Role.PROVIDER_STAFF:
        return _stay_for_provider(user, stay)
    return _stay_for_agency(user, stay)


@transaction.atomic
def extend_stay(*, user, stay: Stay, decided_on: dt.date, decided_by: str, reason: str,
                new_end: dt.date) -> Extension:
    """Record the decision to let the stay run longer; the new move-out day is at most 6 months from entry."""
    if policies.role_of(user) not in AGENCY_ROLES:
        raise policies.NotPermitted("延長の決定を記録できるのは自立相談支援機関の職員です。")
    stay = _stay_for_agency(user, stay)
    if not stay.is_active:
        raise ValidationError("終了または取消された入居は延長できません。")
    if new_end <= stay.end_on:
        raise ValidationError({"new_end": "延長後の退去予定日は現在の退去予定日より後にしてください。"})
    if new_end > rules.latest_end(stay.start_on):
        raise ValidationError({"new_end": "延長しても入居期間は最長6か月です（退去予定日は"
                                          f"{rules.latest_end(stay.start_on):%Y-%m-%d}まで）。"})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "決定日に未来の日付は指定できません。"})
    previous = stay.end_on
    try:
        with transaction.atomic():
            Stay.objects.filter(pk=stay.pk).update(end_on=new_end)
    except DatabaseError:  # the next booking of this room starts before the new end
        raise ValidationError({"new_end": "この部屋には延長期間中に次の入居予定があります。"}) from None
    extension = Extension.objects.create(stay=stay, decided_on=decided_on, decided_by=decided_by.strip(),
                                         reason=reason.strip(), previous_end_on=previous, new_end_on=new_end,
                                         recorded_by=user)
    log.record(user=user, action="update", what=f"一時生活支援の入居を延長（{stay.room}、{new_end:%Y-%m-%d}まで）",
               case=stay.case)
    return extension


@transaction.atomic
def record_move_out(*, user, stay: Stay, moved_on: dt.date, address: str, municipality=None,
                    housing_benefit: bool = False) -> MoveOut:
    """転居: the stay ends on the move-out day and the room rests for the building's cleaning interval.
    Community residence support's watch-over visits are scheduled from the move-out day."""
    stay = _stay_for_either(user, stay)
    if stay.status != Stay.Status.CONFIRMED:
        raise ValidationError("転居を記録できるのは入居が確定した方だけです（" + stay.get_status_display() + "）。")
    if not stay.start_on < moved_on <= timezone.localdate():
        raise ValidationError({"moved_on": "退去日は入居日より後、今日までの日付にしてください。"})
    if not address.strip():
        raise ValidationError({"address": "転居先の住所を入力してください。"})
    move_out = MoveOut.objects.create(stay=stay, moved_on=moved_on, address=address.strip(),
                                      municipality=municipality, housing_benefit=housing_benefit,
                                      recorded_by=user)
    stay.status, stay.end_on = Stay.Status.ENDED, moved_on
    stay.save(update_fields=["status", "end_on"])
    days = stay.room.building.cleaning_days
    if days:
        OutOfService.objects.create(room=stay.room, start_on=moved_on, end_on=moved_on + dt.timedelta(days=days - 1),
                                    reason=CLEANING_REASON)
    WatchVisit.objects.bulk_create(WatchVisit(move_out=move_out, case=stay.case, due_on=day)
                                   for day in rules.watch_schedule(moved_on))
    log.record(user=user, action="create", what=f"一時生活支援の転居を記録（{stay.room}）", case=stay.case)
    return move_out


# ---- meals and daily necessities during a stay ----

def _stay_in_use(user, stay: Stay) -> Stay:
    stay = _stay_for_either(user, stay)
    if stay.status not in (Stay.Status.CONFIRMED, Stay.Status.ENDED):
        raise ValidationError("食事や日用品を記録できるのは入居が確定した方だけです（" + stay.get_status_display() + "）。")
    return stay


def _within_stay(stay: Stay, day: dt.date, field: str) -> None:
    if not stay.start_on <= day <= stay.end_on:
        raise ValidationError({field: f"入居期間（{stay.start_on:%Y-%m-%d}〜{stay.end_on:%Y-%m-%d}）の日付にしてください。"})


@transaction.atomic
def order_food(*, user, stay: Stay, kind: str, partner, start_on: dt.date, end_on: dt.date | None, meals: int,
               allergies: str = "", diet: str = "", note: str = "") -> FoodSupport:
    """A meal-service order or a food-bank delivery. Allergies and diet are health data: the audit row says so."""
    stay = _stay_in_use(user, stay)
    if kind not in FoodSupport.Kind.values:
        raise ValidationError({"kind": "種別を選んでください。"})
    if not selectors.food_partners().filter(pk=partner.pk).exists():
        raise ValidationError({"partner": "食料支援の社会資源（提供中）から選んでください。"})
    _within_stay(stay, start_on, "start_on")
    if end_on is not None:
        if end_on < start_on:
            raise ValidationError({"end_on": "終了日は開始日以降にしてください。"})
        _within_stay(stay, end_on, "end_on")
    if meals < 1:
        raise ValidationError({"meals": "食数は1以上にしてください。"})
    food = FoodSupport.objects.create(stay=stay, kind=kind, partner=partner, start_on=start_on, end_on=end_on,
                                      meals=meals, allergies=allergies.strip(), diet=diet.strip(),
                                      note=note.strip(), recorded_by=user)
    log.record(user=user, action="create",
               what=f"一時生活支援の食事の手配（{food.get_kind_display()}、アレルギー・食事制限を含む）", case=stay.case)
    return food


@transaction.atomic
def issue_supplies(*, user, stay: Stay, issued_on: dt.date, item: str, quantity: int) -> SupplyIssue:
    stay = _stay_in_use(user, stay)
    _within_stay(stay, issued_on, "issued_on")
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": "支給日に未来の日付は指定できません。"})
    if not item.strip():
        raise ValidationError({"item": "品目を入力してください。"})
    if quantity < 1:
        raise ValidationError({"quantity": "数量は1以上にしてください。"})
    supply = SupplyIssue.objects.create(stay=stay, issued_on=issued_on, item=item.strip(), quantity=quantity,
                                        recorded_by=user)
    log.record(user=user, action="create", what=f"一時生活支援の日用品の支給（{supply.item}）", case=stay.case)
    return supply


# ---- 地域居住支援: the watch-over schedule, visit records, places to belong ----

def _move_out_for(user, move_out: MoveOut) -> MoveOut:
    stay = _stay_for_either(user, move_out.stay)
    return MoveOut.objects.select_related("stay__case").get(pk=move_out.pk, stay=stay)


def _check_due(move_out: MoveOut, due_on: dt.date) -> None:
    last = rules.watch_period_end(move_out.moved_on)
    if not move_out.moved_on < due_on <= last:
        raise ValidationError({"due_on": f"見守りは転居後1年以内です（{move_out.moved_on:%Y-%m-%d}の翌日から"
                                         f"{last:%Y-%m-%d}まで）。"})


@transaction.atomic
def add_visit(*, user, move_out: MoveOut, due_on: dt.date) -> WatchVisit:
    move_out = _move_out_for(user, move_out)
    _check_due(move_out, due_on)
    visit = WatchVisit.objects.create(move_out=move_out, case=move_out.stay.case, due_on=due_on)
    log.record(user=user, action="create", what="地域居住支援の見守り予定を追加", case=move_out.stay.case)
    return visit


def _open_visit(user, visit: WatchVisit) -> WatchVisit:
    move_out = _move_out_for(user, visit.move_out)
    visit = WatchVisit.objects.select_for_update().get(pk=visit.pk, move_out=move_out)
    visit.move_out = move_out
    if visit.done:
        raise ValidationError("この見守りはすでに記録されています（他の方が記録した可能性があります）。")
    return visit


@transaction.atomic
def reschedule_visit(*, user, visit: WatchVisit, due_on: dt.date) -> WatchVisit:
    visit = _open_visit(user, visit)
    _check_due(visit.move_out, due_on)
    visit.due_on = due_on
    visit.save(update_fields=["due_on"])
    log.record(user=user, action="update", what="地域居住支援の見守り予定を変更", case=visit.move_out.stay.case)
    return visit


@transaction.atomic
def remove_visit(*, user, visit: WatchVisit) -> None:
    visit = _open_visit(user, visit)
    case = visit.move_out.stay.case
    visit.delete()
    log.record(user=user, action="delete", what="地域居住支援の見守り予定を削除", case=case)


@transaction.atomic
def record_visit(*, user, visit: WatchVisit, visited_on: dt.date, visitor: str, condition: str, notes: str = "",
                 concerns: str = "") -> WatchVisit:
    visit = _open_visit(user, visit)
    if not visit.move_out.moved_on <= visited_on <= timezone.localdate():
        raise ValidationError({"visited_on": "訪問日は転居日から今日までの日付にしてください。"})
    if not visitor.strip():
        raise ValidationError({"visitor": "訪問した者を入力してください。"})
    if condition not in WatchVisit.Condition.values:
        raise ValidationError({"condition": "本人の様子を選んでください。"})
    visit.visited_on, visit.visitor, visit.condition = visited_on, visitor.strip(), condition
    visit.notes, visit.concerns = notes.strip(), concerns.strip()
    visit.recorded_by, visit.recorded_at = user, timezone.now()
    visit.save()
    log.record(user=user, action="update", what="地域居住支援の見守り訪問を記録", case=visit.move_out.stay.case)
    return visit


@transaction.atomic
def link_place(*, user, move_out: MoveOut, place, linked_on: dt.date, note: str = "") -> PlaceLink:
    move_out = _move_out_for(user, move_out)
    if not selectors.places_to_belong().filter(pk=place.pk).exists():
        raise ValidationError({"place": "居場所の社会資源（提供中）から選んでください。"})
    if linked_on > timezone.localdate():
        raise ValidationError({"linked_on": "つないだ日に未来の日付は指定できません。"})
    case = move_out.stay.case
    if PlaceLink.objects.filter(case=case, place=place, ended_on__isnull=True).exists():
        raise ValidationError({"place": "この居場所にはすでにつないでいます。"})
    link = PlaceLink.objects.create(case=case, place=place, linked_on=linked_on, note=note.strip(), recorded_by=user)
    log.record(user=user, action="create", what=f"地域居住支援：居場所につないだ（{place}）", case=case)
    return link
