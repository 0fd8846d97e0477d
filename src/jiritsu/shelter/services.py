"""Every write on stays: request (agency), confirm (provider), cancel. Keyword-only, transactional, audited.

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

from . import selectors
from .models import Room, Stay

MAX_PLANNED_DAYS = 183  # 3 months in principle, up to 6 with an extension decision (DOMAIN.md section 6)


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
    if (end - start).days > MAX_PLANNED_DAYS:
        raise ValidationError({"end": "入居期間は最長6か月です。"})
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
