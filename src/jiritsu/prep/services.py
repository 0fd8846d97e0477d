"""Writes of 就労準備支援: the menu, enrolment, bookings (within capacity and the person's period), attendance
for a whole session at once, evaluations, the body's extension past one year, and the end with its outcome.
Keyword-only, transactional, audited; a version field refuses a save over someone else's."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases.policies import NotPermitted
from jiritsu.core.versioning import bump_version
from jiritsu.core.wareki import format_wareki

from . import policies, rules
from .models import Booking, Enrolment, Evaluation, Session

SESSION_FIELDS = ("stage", "title", "held_on", "time_slot", "place", "capacity")


def save_session(*, user, session: Session | None, data: dict, version: int | None) -> Session:
    provider_id = policies.require_runs_program(user)
    values = {name: data[name] for name in SESSION_FIELDS}
    with transaction.atomic():
        if session is None:
            session = Session.objects.create(provider_id=provider_id, **values)
        else:
            current = Session.objects.select_for_update().get(pk=session.pk, provider_id=provider_id)
            bump_version(current, version)
            booked = current.bookings.count()
            if values["capacity"] < booked:
                raise ValidationError({"capacity": f"すでに{booked}人が予定しています。定員はそれ以上にしてください。"})
            for name, value in values.items():
                setattr(current, name, value)
            current.save(update_fields=list(SESSION_FIELDS))
            session = current
    return session


def start(*, user, case, started_on: dt.date, stage: str) -> Enrolment:
    provider_id = policies.require_runs_program(user)
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "利用開始日に未来の日付は入力できません。"})
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(case=case, provider_id=provider_id, started_on=started_on,
                                                 stage=stage, limit_on=rules.limit_of(started_on), recorded_by=user)
            log.record(user=user, action="create", what="就労準備支援の利用開始", case=case)
    except IntegrityError:
        raise ValidationError("この方の就労準備支援はすでに利用中です。") from None
    return enrolment


def book(*, user, session: Session, enrolment: Enrolment) -> Booking:
    """Put the person on the session: same provider, within their period (the one-year limit or the body's
    extension) and within the session's capacity (counted under the session's row lock)."""
    if enrolment.provider_id != session.provider_id or enrolment.ended_on is not None:
        raise ValidationError("このプログラムの事業者で利用中の方ではありません。")
    if not enrolment.started_on <= session.held_on <= enrolment.limit_on:
        raise ValidationError(f"実施日が利用期間（{format_wareki(enrolment.started_on)}～"
                              f"{format_wareki(enrolment.limit_on)}）の外です。1年を超える利用には自治体の延長の決定が必要です。")
    try:
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=session.pk)
            if locked.bookings.count() >= locked.capacity:
                raise ValidationError(f"定員（{locked.capacity}人）に達しています。")
            booking = Booking.objects.create(session=locked, enrolment=enrolment)
            log.record(user=user, action="create", what=f"就労準備支援の予定（{locked.title}、"
                                                         f"{format_wareki(locked.held_on)}）", case=enrolment.case)
    except IntegrityError:
        raise ValidationError("この方はすでにこのプログラムに予定されています。") from None
    return booking


def take_attendance(*, user, session: Session, bookings: list[Booking], present: set[int]) -> None:
    """Attendance for the whole session at once: each shown booking present or absent. Sending the same
    form twice records the same thing."""
    if session.held_on > timezone.localdate():
        raise ValidationError("実施日より前に出欠は記録できません。")
    with transaction.atomic():
        for booking in bookings:
            Booking.objects.filter(pk=booking.pk, session=session).update(attended=booking.pk in present)
        Session.objects.filter(pk=session.pk).update(attendance_taken=True)
        log.record_many(user=user, action="update", what=f"就労準備支援の出欠（{session.title}、"
                                                         f"{format_wareki(session.held_on)}）",
                        cases=[b.enrolment.case for b in bookings])


def evaluate(*, user, enrolment: Enrolment, evaluated_on: dt.date, scores: dict, note: str,
             next_stage: str | None) -> Evaluation:
    if not policies.can_record(user):
        raise NotPermitted("評価を記録する権限がありません。")
    if evaluated_on < enrolment.started_on:
        raise ValidationError({"evaluated_on": "評価日は利用開始日以降にしてください。"})
    items = {code for code, _label in rules.ITEMS[rules.Stage(enrolment.stage)]}
    if set(scores) != items:
        raise ValidationError("この段階の評価項目をすべて評価してください。")
    with transaction.atomic():
        evaluation = Evaluation.objects.create(enrolment=enrolment, evaluated_on=evaluated_on, stage=enrolment.stage,
                                               scores=scores, note=note.strip(), recorded_by=user)
        if next_stage and next_stage != enrolment.stage:
            Enrolment.objects.filter(pk=enrolment.pk).update(stage=next_stage)
        log.record(user=user, action="create", what=f"就労準備支援の段階評価（{rules.Stage(enrolment.stage).label}）",
                   case=enrolment.case)
    return evaluation


def extend(*, user, enrolment: Enrolment, limit_on: dt.date, reason: str, version: int | None) -> Enrolment:
    """The body's decision to let the person stay past the one-year limit."""
    policies.require_extend(user)
    if not reason.strip():
        raise ValidationError({"reason": "延長の理由を入力してください。"})
    with transaction.atomic():
        current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        bump_version(current, version)
        if current.ended_on is not None:
            raise ValidationError("終了した利用は延長できません。")
        if limit_on <= current.limit_on:
            raise ValidationError({"limit_on": f"延長後の期限は現在の期限（{format_wareki(current.limit_on)}）より後にしてください。"})
        current.limit_on, current.extension_reason, current.extended_by = limit_on, reason.strip(), user
        current.save(update_fields=["limit_on", "extension_reason", "extended_by"])
        log.record(user=user, action="update", case=current.case,
                   what=f"就労準備支援の利用期間を延長（{format_wareki(limit_on)}まで）")
    return current


def end(*, user, enrolment: Enrolment, ended_on: dt.date, outcome: str, version: int | None) -> Enrolment:
    if not policies.can_record(user):
        raise NotPermitted("終了を記録する権限がありません。")
    with transaction.atomic():
        current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        bump_version(current, version)
        if current.ended_on is not None:
            raise ValidationError("すでに終了しています。")
        if ended_on < current.started_on:
            raise ValidationError({"ended_on": "終了日は利用開始日以降にしてください。"})
        current.ended_on, current.outcome = ended_on, outcome
        current.save(update_fields=["ended_on", "outcome"])
        log.record(user=user, action="update", case=current.case,
                   what=f"就労準備支援の終了（{rules.Outcome(outcome).label}）")
    return current
