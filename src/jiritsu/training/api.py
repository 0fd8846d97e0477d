"""JSON API for the training (人材養成研修): the courses of the caller's prefecture with their lectures and
exercise sessions, and the caller's own enrolments with their progress (lectures viewed, attendance) and the
link to the certificate (修了証書, PDF) once complete. Scoped as the pages (training.policies): a course of
another prefecture is 404; roles outside the training 403."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema

from jiritsu.cases.api import register_path_guard
from jiritsu.core.api_paging import PageMeta, page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS, RecordId
from jiritsu.orgs.policies import staff_of

from . import policies, selectors, services
from .models import TrainingRole

router = Router(tags=["training"])
# A refused body (api.inputs) answers 404 first when the path names a course or exercise outside the scope.
register_path_guard("course_id", lambda request, pk: policies.get_course_or_404(request.user, pk))
register_path_guard("exercise_id", lambda request, pk: policies.get_exercise_or_404(request.user, pk))


class LectureOut(Schema):
    id: int
    order: int
    title: str = Field(..., examples=["制度の理念と基本姿勢"])
    lecturer: str
    theme: str
    available_from: dt.date
    available_until: dt.date
    audience: list[str] = Field(..., description="視聴できる役割（空はすべて）")


class ExerciseOut(Schema):
    id: int
    title: str = Field(..., examples=["演習（県北会場）"])
    held_on: dt.date
    venue: str
    capacity: int


class CourseOut(Schema):
    id: int
    fiscal_year: int = Field(..., examples=[2024])
    title: str = Field(..., examples=["人材養成研修（基礎）"])
    description: str
    roles: list[str] = Field(..., description="対象となる職種")
    lectures: list[LectureOut]
    exercises: list[ExerciseOut]


class CoursePage(PageMeta):
    items: list[CourseOut]


class EnrolmentOut(Schema):
    id: int
    course_id: int
    course: str
    training_role: str
    exercise_id: int | None
    attended: bool = Field(..., description="演習に出席")
    lectures_required: list[int]
    lectures_viewed: dict[str, dt.date] = Field(..., description="講義の番号 → 視聴確認日")
    complete: bool = Field(..., description="修了")
    completed_on: dt.date | None
    certificate_url: str | None = Field(None, description="修了証書（PDF）。修了していなければ null",
                                        examples=["/training/enrolments/12/certificate?format=pdf"])


class EnrolmentPage(PageMeta):
    items: list[EnrolmentOut]


def _course_out(c) -> dict:
    return {"id": c.pk, "fiscal_year": c.fiscal_year, "title": c.title, "description": c.description,
            "roles": list(c.roles),
            "lectures": [{"id": lec.pk, "order": lec.order, "title": lec.title, "lecturer": lec.lecturer,
                          "theme": lec.theme, "available_from": lec.available_from,
                          "available_until": lec.available_until, "audience": list(lec.audience)}
                         for lec in c.lectures.all()],
            "exercises": [{"id": e.pk, "title": e.title, "held_on": e.held_on, "venue": e.venue, "capacity": e.capacity}
                          for e in c.exercises.all()]}


@router.get("/training/courses", response={200: CoursePage, **ERRORS}, summary="研修の一覧")
def list_courses(request, fiscal_year: int | None = None, page: int = page_param(), per_page: int = per_page_param()):
    """県内の研修（講義・演習つき）。受講する職員と県の研修担当（政策担当者）が読めます。"""
    policies.require_use(request.user)
    courses = policies.courses(request.user).prefetch_related("lectures", "exercises")
    if fiscal_year is not None:
        courses = courses.filter(fiscal_year=fiscal_year) if 1900 <= fiscal_year <= 2200 else courses.none()
    meta, rows = paginate(request, courses.order_by("-fiscal_year", "title", "pk"), page, per_page)
    return {**meta, "items": [_course_out(c) for c in rows]}


@router.get("/training/courses/{course_id}", response={200: CourseOut, **ERRORS}, summary="研修")
def course_detail(request, course_id: int):
    policies.require_use(request.user)
    return _course_out(policies.get_course_or_404(request.user, course_id))


@router.get("/training/enrolments", response={200: EnrolmentPage, **ERRORS}, summary="自分の受講記録と修了証書")
def my_enrolments(request, page: int = page_param(), per_page: int = per_page_param()):
    """画面「受講記録」と同じ進み具合（training.selectors.my_record）。修了した研修は修了証書（PDF）へのリンク。"""
    policies.require_use(request.user)
    staff = staff_of(request.user)
    meta, rows = paginate(request, selectors.my_record(staff), page, per_page)
    return {**meta, "items": [_enrolment_out(p) for p in rows]}


def _enrolment_out(p) -> dict:
    e = p.enrolment
    url = reverse("training_certificate", args=[e.pk]) + "?format=pdf" if p.complete else None
    return {"id": e.pk, "course_id": e.course_id, "course": e.course.title, "training_role": e.training_role,
            "exercise_id": e.exercise_id, "attended": e.attended, "lectures_required": [lec.pk for lec in p.required],
            "lectures_viewed": {str(k): v for k, v in p.viewed.items()}, "complete": p.complete,
            "completed_on": p.completed_on, "certificate_url": url}


class EnrolIn(Schema):
    staff_id: RecordId | None = Field(None, description="受講する職員（省略は自分。職員を管理する方は管理する職員も）")
    exercise_id: RecordId | None = Field(None, description="参加する演習の日程（演習のある研修では必須）")
    training_role: TrainingRole | None = Field(None, description="研修上の職種（省略は役割からの既定）")


@router.post("/training/courses/{course_id}/enrolments", response={201: EnrolmentOut, **ERRORS},
             summary="受講の申込（本人、または職員を管理する方）")
def enrol(request, course_id: int, payload: EnrolIn):
    """画面「研修」の申込と同じ規則（training.services.enrol）：演習の定員・終わった演習・二重の申込は 422 で、何も記録しません。
    管理していない職員は 404、受講者でない役割は 403。"""
    policies.require_use(request.user)
    course = policies.get_course_or_404(request.user, course_id)
    staff = staff_of(request.user)
    if payload.staff_id is not None and payload.staff_id != getattr(staff, "pk", None):
        staff = policies.enrollable_staff(request.user).filter(pk=payload.staff_id).first()
        if staff is None:
            raise Http404("職員が見つかりません。")
    exercise = None
    if payload.exercise_id is not None:
        exercise = course.exercises.filter(pk=payload.exercise_id).first()
        if exercise is None:
            raise ValidationError({"exercise_id": "この研修の演習から選んでください。"})
    role = payload.training_role or (policies.default_training_role(staff) if staff else TrainingRole.OTHER)
    enrolment = services.enrol(user=request.user, staff=staff, course=course, exercise=exercise, training_role=role)
    return 201, _enrolment_out(selectors.progress(enrolment))


class AttendanceIn(Schema):
    present: list[RecordId] = Field(..., max_length=10_000, description="出席した受講（受講記録の id）。ほかは欠席になります",
                               examples=[[12, 15]])


class RosterRow(Schema):
    enrolment_id: int
    staff: str = Field(..., examples=["日立 太郎"])
    organisation: str
    attended: bool


class AttendanceOut(Schema):
    exercise_id: int
    present: int = Field(..., description="出席の人数")
    roster: list[RosterRow]


@router.post("/training/exercises/{exercise_id}/attendance", response={200: AttendanceOut, **ERRORS},
             summary="演習の出席の記録（県の研修担当）")
def take_attendance(request, exercise_id: int, payload: AttendanceIn):
    """画面「演習」の出席簿と同じ（training.services.take_attendance）：演習の当日から記録でき、前日までは 422。
    ほかの県の演習は 404、研修担当でない役割は 403。"""
    exercise = policies.get_exercise_or_404(request.user, exercise_id)
    count = services.take_attendance(user=request.user, exercise=exercise, present=set(payload.present))
    roster = exercise.enrolments.select_related("staff__organisation").order_by(
        "staff__organisation__name", "staff__display_name", "pk")
    return {"exercise_id": exercise.pk, "present": count,
            "roster": [{"enrolment_id": e.pk, "staff": e.staff.display_name, "organisation": e.staff.organisation.name,
                        "attended": e.attended} for e in roster]}
