"""Every write on stays: request (agency), confirm (provider), cancel, extend (agency), move-out (either).
Keyword-only, transactional, audited.

Double booking is refused by the database itself (migration 0002), not by a check here that a concurrent
request could slip past: the insert runs in a savepoint and a refusal becomes `RoomTaken`, which carries
the next free room to offer.
"""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases import policies
from jiritsu.cases.choices import HandoffMode
from jiritsu.cases.models import Handoff
from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.programs.catalog import Program

from . import rules, selectors
from .models import Extension, MoveOut, OutOfService, Room, Stay

CLEANING_REASON = "退去後の清掃・点検"


class RoomTaken(Exception):
    """The room is already held for some of these nights. `suggestion` is the next free room, or None."""

    def __init__(self, room: Room, suggestion: Room | None):
        self.room, self.suggestion = room, suggestion
        message = f"{room}は指定の期間にすでに予約されています。"
        message += f"次の空き部屋：{suggestion}" if suggestion else "この期間に空いている部屋はありません。"
        super().__init__(message)
        self.message = message


def shelter_handoff(case) -> Handoff | None:
    """The case's active 一時生活支援 hand-off (urgent or regular), the one a stay is booked under."""
    return (case.handoffs.filter(program=Program.TEMPORARY_SHELTER, ended_on__isnull=True,
                                 mode__in=[HandoffMode.URGENT, HandoffMode.REGULAR])
            .select_related("provider").first())


def _check_dates(start: dt.date, end: dt.date) -> None:
    if end <= start:
        raise ValidationError({"end": "退去予定日は入居日より後の日付にしてください。"})
    if end > rules.principle_end(start):
        raise ValidationError({"end": "入居期間は原則3か月までです（退去予定日は"
                                      f"{rules.principle_end(start):%Y-%m-%d}まで）。3か月を超える場合は、"
                                      "入居後に延長の決定を記録してください。"})
    if start < timezone.localdate():
        raise ValidationError({"start": "入居日に過去の日付は指定できません。"})


@transaction.atomic
def request_room(*, user, case, room: Room, start: dt.date, end: dt.date) -> Stay:
    if policies.role_of(user) not in AGENCY_ROLES:
        raise policies.NotPermitted("部屋の依頼ができるのは自立相談支援機関の職員です。")
    case = policies.get_case_or_404(user, case.pk)
    handoff = shelter_handoff(case)
    if handoff is None:
        raise policies.NotPermitted("一時生活支援の引継ぎ中のケースだけが部屋を依頼できます。")
    _check_dates(start, end)
    if OutOfService.objects.filter(room=room, start_on__lt=end, end_on__gte=start).exists():
        suggestions = selectors.free_rooms(start, end, near=selectors.area_of(case), exclude=[room.pk])
        raise RoomTaken(room, suggestions[0] if suggestions else None)
    try:
        with transaction.atomic():
            stay = Stay.objects.create(room=room, case=case, handoff=handoff, start_on=start, end_on=end,
                                       requested_by=user)
    except DatabaseError:  # the exclusion constraint (PostgreSQL) or the trigger (SQLite) refused it
        suggestions = selectors.free_rooms(start, end, near=selectors.area_of(case), exclude=[room.pk])
        raise RoomTaken(room, suggestions[0] if suggestions else None) from None
    log.record(user=user, action="create", what=f"一時生活支援の部屋を依頼（{room}）", case=case)
    return stay


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
    """転居: the stay ends on the move-out day and the room rests for the building's cleaning interval."""
    if policies.role_of(user) == Role.PROVIDER_STAFF:
        stay = _stay_for_provider(user, stay)
    else:
        stay = _stay_for_agency(user, stay)
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
    log.record(user=user, action="create", what=f"一時生活支援の転居を記録（{stay.room}）", case=stay.case)
    return move_out
