"""Every write in training: keyword-only, transactional, permission-checked, audited where a case is read."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.core.versioning import bump_version
from jiritsu.orgs.policies import staff_of

from . import policies
from .models import ContactCard, Course, Enrolment, Exercise, Lecture, LectureView, Material, TrainingRole

COURSE_FIELDS = ("fiscal_year", "title", "description", "roles")
LECTURE_FIELDS = ("order", "title", "lecturer", "lecturer_org", "theme", "video_url", "available_from",
                  "available_until", "audience")
EXERCISE_FIELDS = ("title", "held_on", "venue", "capacity", "programme")


def _save(obj, fields, data, expected_version, *, creating: bool):
    if not creating:
        bump_version(obj, expected_version)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def save_course(*, user, data: dict, course: Course | None = None, expected_version: int | None = None) -> Course:
    policies.require_organiser(user)
    creating = course is None
    course = Course(prefecture_id=staff_of(user).organisation.prefecture_id) if creating else course
    course = _save(course, COURSE_FIELDS, data, expected_version, creating=creating)
    log.record(user=user, action="create" if creating else "update", what=f"研修：{course.title}")
    return course


@transaction.atomic
def save_lecture(*, user, course: Course, data: dict, lecture: Lecture | None = None,
                 expected_version: int | None = None) -> Lecture:
    policies.require_organiser(user)
    if data.get("available_from") and data.get("available_until") and data["available_until"] < data["available_from"]:
        raise ValidationError({"available_until": "公開終了日は公開開始日以降の日付にしてください。"})
    creating = lecture is None
    lecture = _save(lecture or Lecture(course=course), LECTURE_FIELDS, data, expected_version, creating=creating)
    log.record(user=user, action="create" if creating else "update", what=f"講義：{lecture.title}")
    return lecture


@transaction.atomic
def add_material(*, user, lecture: Lecture, title: str, upload) -> Material:
    policies.require_organiser(user)
    material = Material(lecture=lecture, title=title, file=upload, original_name=upload.name[:200],
                        uploaded_by=user)
    material.save()
    log.record(user=user, action="create", what=f"講義資料：{lecture.title}／{title}")
    return material


@transaction.atomic
def save_exercise(*, user, course: Course, data: dict, exercise: Exercise | None = None,
                  expected_version: int | None = None) -> Exercise:
    policies.require_organiser(user)
    if exercise is not None and "capacity" in data and data["capacity"] < exercise.enrolments.count():
        raise ValidationError({"capacity": f"すでに{exercise.enrolments.count()}名が申し込んでいます。"
                                           "定員はそれより少なくできません。"})
    creating = exercise is None
    exercise = _save(exercise or Exercise(course=course), EXERCISE_FIELDS, data, expected_version,
                     creating=creating)
    log.record(user=user, action="create" if creating else "update", what=f"演習：{exercise.title}")
    return exercise


class Full(ValidationError):
    pass


def _take_seat(exercise: Exercise, today) -> None:
    """Called with the exercise row locked, so two last-seat requests are decided one after the other."""
    if exercise.held_on < today:
        raise ValidationError({"exercise": "この演習はすでに終わっています。"})
    taken = exercise.enrolments.count()
    if taken >= exercise.capacity:
        raise Full({"exercise": f"「{exercise.title}」は定員（{exercise.capacity}名）に達しています。"
                                "別の日程を選ぶか、県の研修担当にご相談ください。"})


@transaction.atomic
def enrol(*, user, staff, course: Course, exercise: Exercise | None, training_role: str) -> Enrolment:
    """Enrol `staff` (the user, or someone they manage) on the course and a seat at one exercise."""
    policies.require_may_enrol(user, staff)
    if training_role not in TrainingRole.values:
        raise ValidationError({"training_role": "研修上の職種を選んでください。"})
    if course.exercises.exists() and exercise is None:
        raise ValidationError({"exercise": "参加する演習の日程を選んでください。"})
    if exercise is not None:
        # Lock the exercise row: the count and the insert below happen with no other enrolment in between.
        exercise = Exercise.objects.select_for_update().get(pk=exercise.pk, course=course)
        _take_seat(exercise, timezone.localdate())
    if Enrolment.objects.filter(course=course, staff=staff).exists():
        raise ValidationError(f"{staff.display_name}さんはこの研修にすでに申し込んでいます。")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(course=course, staff=staff, exercise=exercise,
                                                 training_role=training_role, enrolled_by=user)
    except IntegrityError:
        raise ValidationError(f"{staff.display_name}さんはこの研修にすでに申し込んでいます。") from None
    log.record(user=user, action="create", what=f"受講申込：{course.title}／{staff.display_name}")
    return enrolment


@transaction.atomic
def cancel_enrolment(*, user, enrolment: Enrolment) -> None:
    policies.require_may_enrol(user, enrolment.staff)
    if enrolment.attended or enrolment.views.exists():
        raise ValidationError("受講の記録があるため、申込を取り消せません。")
    log.record(user=user, action="update", what=f"受講申込の取消：{enrolment.course.title}／{enrolment.staff.display_name}")
    enrolment.delete()


@transaction.atomic
def confirm_viewing(*, user, enrolment: Enrolment, lecture: Lecture) -> LectureView:
    """Only the person confirms their own viewing, and only while the lecture is released to them."""
    if staff_of(user) is None or enrolment.staff_id != staff_of(user).pk or lecture.course_id != enrolment.course_id:
        raise ValidationError("この講義の視聴を確認できません。")
    today = timezone.localdate()
    if not policies.in_audience(user, lecture):
        raise ValidationError("この講義はあなたの役割には公開されていません。")
    if not lecture.is_open_on(today):
        raise ValidationError("この講義の公開期間外のため、視聴を確認できません。")
    view, _created = LectureView.objects.get_or_create(enrolment=enrolment, lecture=lecture,
                                                       defaults={"viewed_on": today})
    log.record(user=user, action="create", what=f"講義の視聴確認：{lecture.title}")
    return view


@transaction.atomic
def take_attendance(*, user, exercise: Exercise, present: set[int]) -> int:
    """On the day (or later, to correct it): the prefecture marks who came. Returns the number present."""
    policies.require_organiser(user)
    if exercise.held_on > timezone.localdate():
        raise ValidationError("出席は演習の当日から記録できます。")
    now = timezone.now()
    enrolments = exercise.enrolments.all()
    came = enrolments.filter(pk__in=present).update(attended=True, attendance_by=user, attendance_at=now)
    enrolments.exclude(pk__in=present).update(attended=False, attendance_by=user, attendance_at=now)
    log.record(user=user, action="update", what=f"演習の出席：{exercise.title}（{came}名）")
    return came


@transaction.atomic
def share_card(*, user, exercise: Exercise, data: dict) -> ContactCard:
    """名刺交換 after the exercise: opt-in, among the people who attended it."""
    staff = staff_of(user)
    if not policies.is_participant(user, exercise, attended=True):
        raise ValidationError("名刺を共有できるのは、この演習に出席した方です。")
    card, _ = ContactCard.objects.get_or_create(exercise=exercise, staff=staff, defaults={
        "name": staff.display_name, "organisation": staff.organisation.name, "role": staff.get_role_display()})
    for name in ("name", "organisation", "role", "phone", "email"):
        setattr(card, name, data.get(name, getattr(card, name)))
    card.shared_at, card.withdrawn_at = timezone.now(), None
    card.full_clean()
    card.save()
    log.record(user=user, action="update", what=f"名刺の共有：{exercise.title}")
    return card


@transaction.atomic
def withdraw_card(*, user, exercise: Exercise) -> None:
    updated = ContactCard.objects.filter(exercise=exercise, staff=staff_of(user), withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now())
    if updated:
        log.record(user=user, action="update", what=f"名刺の共有を取りやめ：{exercise.title}")
