"""Courses, lectures, materials, exercises and enrolment pages."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.core.errors import NotPermitted
from jiritsu.core.forms import apply_service_errors, save_or_render
from jiritsu.core.wareki import fiscal_year
from jiritsu.orgs.policies import staff_of

from . import policies, selectors, services
from .forms import CourseForm, EnrolForm, ExerciseForm, LectureForm, MaterialForm


def _initial(obj, fields):
    return {**{f: getattr(obj, f) for f in fields}, "version": obj.version} if obj else None


def course_list(request):
    policies.require_use(request.user)
    try:
        fy = int(request.GET.get("fy", ""))
    except ValueError:
        fy = fiscal_year(timezone.localdate())
    years = selectors.course_years(user=request.user, including=fy)
    return render(request, "training/course_list.html", {
        "courses": selectors.courses_of_year(user=request.user, fiscal_year=fy),
        "fy": fy, "years": years, "organiser": policies.is_organiser(request.user)})


def course_edit(request, pk=None):
    policies.require_organiser(request.user)
    course = policies.get_course_or_404(request.user, pk) if pk else None
    ctx = {"course": course}
    if request.method != "POST":
        initial = _initial(course, services.COURSE_FIELDS) or {"fiscal_year": fiscal_year(timezone.localdate()),
                                                                  "roles": ["chief", "support_worker"]}
        return render(request, "training/course_form.html", {**ctx, "form": CourseForm(initial=initial)})
    result, page = save_or_render(request, CourseForm(request.POST), lambda data, version: services.save_course(
        user=request.user, data=data, course=course, expected_version=version if course else None),
        "training/course_form.html", ctx, "研修を保存しました。")
    return page or redirect("training_course", result.pk)


def course_detail(request, pk, enrol_form=None, status=200):
    course = policies.get_course_or_404(request.user, pk)
    user, today = request.user, timezone.localdate()
    enrolment = policies.own_enrolment(user, course)
    mine = selectors.progress(enrolment) if enrolment else None
    lectures = [{
        "lecture": lec, "materials": materials if policies.may_download(user, lec) else [],
        "video": policies.shows_video(user, lec, today), "in_audience": policies.in_audience(user, lec),
        "viewed_on": mine.viewed.get(lec.pk) if mine else None,
    } for lec, materials in selectors.lectures_with_materials(course=course)]
    exercises = selectors.exercises_with_seats_taken(course=course)
    can_enrol_others = policies.enrols_others(user)
    if enrol_form is None and ((policies.is_trainee(user) and enrolment is None) or can_enrol_others):
        enrol_form = _enrol_form(request, course, initial={"training_role": _default_role(user)})
    return render(request, "training/course_detail.html", {
        "course": course, "lectures": lectures, "exercises": exercises, "enrolment": enrolment, "mine": mine,
        "organiser": policies.is_organiser(user), "enrol_form": enrol_form,
        "managed": selectors.managed_enrolments(user=user, course=course) if can_enrol_others else [],
        "today": today}, status=status)


def _default_role(user):
    staff = staff_of(user)
    return policies.default_training_role(staff) if staff else None


def _enrol_form(request, course, **kwargs):
    others = policies.enrollable_staff(request.user) if policies.enrols_others(request.user) else None
    return EnrolForm(course=course, staff_choices=others, **kwargs)


@require_POST
def enrol(request, pk):
    course = policies.get_course_or_404(request.user, pk)
    form = _enrol_form(request, course, data=request.POST)
    if form.is_valid():
        staff = form.cleaned_data.get("staff") or staff_of(request.user)
        try:
            services.enrol(user=request.user, staff=staff, course=course, exercise=form.cleaned_data["exercise"],
                           training_role=form.cleaned_data["training_role"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{staff.display_name}さんの受講を申し込みました。")
            return redirect("training_course", course.pk)
    return course_detail(request, pk, enrol_form=form, status=409 if _is_full(form) else 200)


def _is_full(form) -> bool:
    return any("定員" in str(e) for e in form.errors.get("exercise", []))


@require_POST
def cancel(request, pk):
    enrolment = selectors.get_cancellable_enrolment_or_404(user=request.user, pk=pk)
    try:
        services.cancel_enrolment(user=request.user, enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "受講の申込を取り消しました。")
    return redirect("training_course", enrolment.course_id)


def lecture_edit(request, course_pk=None, pk=None):
    policies.require_organiser(request.user)
    lecture = policies.get_lecture_or_404(request.user, pk) if pk else None
    course = lecture.course if lecture else policies.get_course_or_404(request.user, course_pk)
    ctx = {"course": course, "lecture": lecture}
    if request.method != "POST":
        return render(request, "training/lecture_form.html", {
            **ctx, "form": LectureForm(initial=_initial(lecture, services.LECTURE_FIELDS))})
    result, page = save_or_render(request, LectureForm(request.POST), lambda data, version: services.save_lecture(
        user=request.user, course=course, data=data, lecture=lecture,
        expected_version=version if lecture else None), "training/lecture_form.html", ctx, "講義を保存しました。")
    return page or redirect("training_course", course.pk)


def material_new(request, pk):
    policies.require_organiser(request.user)
    lecture = policies.get_lecture_or_404(request.user, pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_material(user=request.user, lecture=lecture, title=form.cleaned_data["title"],
                              upload=form.cleaned_data["file"])
        messages.success(request, "資料を登録しました。")
        return redirect("training_course", lecture.course_id)
    return render(request, "training/material_form.html", {"lecture": lecture, "form": form})


def material_download(request, pk):
    """Materials are never at a public URL: only the lecture's audience (and the organisers) get them."""
    material = selectors.get_material_or_404(user=request.user, pk=pk)
    log.record(user=request.user, action="read", what=f"講義資料：{material.title}")
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.original_name)


@require_POST
def confirm_viewing(request, pk):
    lecture = policies.get_lecture_or_404(request.user, pk)
    enrolment = policies.own_enrolment(request.user, lecture.course)
    if enrolment is None:
        raise NotPermitted("この研修に申し込んでいません。")
    try:
        services.confirm_viewing(user=request.user, enrolment=enrolment, lecture=lecture)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"「{lecture.title}」の視聴を記録しました。")
    return redirect("training_course", lecture.course_id)


def exercise_edit(request, course_pk=None, pk=None):
    policies.require_organiser(request.user)
    exercise = policies.get_exercise_or_404(request.user, pk) if pk else None
    course = exercise.course if exercise else policies.get_course_or_404(request.user, course_pk)
    ctx = {"course": course, "exercise": exercise}
    if request.method != "POST":
        return render(request, "training/exercise_form.html", {
            **ctx, "form": ExerciseForm(initial=_initial(exercise, services.EXERCISE_FIELDS))})
    result, page = save_or_render(request, ExerciseForm(request.POST), lambda data, version: services.save_exercise(
        user=request.user, course=course, data=data, exercise=exercise,
        expected_version=version if exercise else None), "training/exercise_form.html", ctx, "演習を保存しました。")
    return page or redirect("training_exercise", result.pk)
