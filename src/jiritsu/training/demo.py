"""Demo training for the current fiscal year: the seed's lectures, a past exercise with attendance taken and
an upcoming one with seats left, and enrolments of the demo accounts. Upserts by title, so running
setup-demo again changes nothing."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from jiritsu.core.wareki import fiscal_year, fiscal_year_bounds, format_fiscal_year
from jiritsu.orgs.models import Prefecture, Role, Staff

from .models import Course, Enrolment, Exercise, Lecture, LectureView, ProgrammeItem, TrainingRole

# (theme, title, lecturer organisation); lecturers are fictitious.
LECTURES = [
    ("生活困窮者自立支援制度の理念と基本姿勢", "制度の理念と支援員の基本姿勢", "県福祉政策課（デモ）"),
    ("県内の生活困窮者自立支援制度の実施状況", "県内の実施状況と広域実施", "県福祉政策課（デモ）"),
    ("住居確保給付金", "住居確保給付金の実務", "県福祉政策課（デモ）"),
    ("生活保護制度と生活困窮者自立支援制度との連携", "生活保護との連携", "県福祉指導課（デモ）"),
    ("就労支援（ハローワーク）", "ハローワークにおける就労支援", "ハローワーク水戸（デモ）"),
    ("ひきこもり対策", "ひきこもり相談支援の事例から", "ひきこもり相談支援センター（デモ）"),
    ("居住支援（県営住宅・居住支援法人・一時生活支援）", "住まいの支援と一時生活支援", "住まいサポートいばらき（デモ）"),
    ("フードバンクの取組み", "フードバンクの取組み", "NPO法人いばらき食のわネット（架空）"),
    ("家計支援（多重債務・悪質商法）", "多重債務に陥らないために", "県消費生活センター（デモ）"),
    ("生活福祉資金貸付制度", "生活福祉資金貸付制度", "県社会福祉協議会（デモ）"),
]
AGENCY_ONLY = {"生活保護との連携"}
# Demo accounts on the course: (username, training role, attended the past exercise).
ENROLLED = [("mito_worker", TrainingRole.SUPPORT_WORKER, True), ("hitachi_worker", TrainingRole.SUPPORT_WORKER, True),
            ("hitachi_chief", TrainingRole.CHIEF, True), ("tsuchiura_worker", TrainingRole.SUPPORT_WORKER, False),
            ("prep_staff", TrainingRole.HOUSEHOLD_BUDGET, True)]


def load_demo_training(today: dt.date | None = None) -> Course | None:
    today = today or timezone.localdate()
    pref = Prefecture.objects.order_by("code").first()
    if pref is None:
        return None
    fy = fiscal_year(today)
    start, end = fiscal_year_bounds(fy)
    title = f"{format_fiscal_year(fy, short=False)} 人材養成研修"
    course, _ = Course.objects.update_or_create(prefecture=pref, fiscal_year=fy, title=title, defaults={
        "description": "講義（限定公開の動画）と集合型の演習。デモ用の研修です。",
        "roles": [TrainingRole.CHIEF, TrainingRole.SUPPORT_WORKER, TrainingRole.EMPLOYMENT_WORKER,
                  TrainingRole.HOUSEHOLD_BUDGET, TrainingRole.EMPLOYMENT_PREP]})
    lectures = _lectures(course, start, end)
    past = _exercise(course, "演習（県北会場）", max(start, today - dt.timedelta(days=14)), "日立市内の研修会場（デモ）", 30)
    _exercise(course, "演習（県南会場）", min(end, today + dt.timedelta(days=30)), "土浦市内の研修会場（デモ）", 30)
    _enrol(course, lectures, past)
    return course


def _lectures(course, start, end):
    agency = [Role.SUPPORT_WORKER, Role.CHIEF, Role.EMPLOYMENT_WORKER]
    return [Lecture.objects.update_or_create(course=course, title=title, defaults={
        "order": i, "lecturer": f"講師{i}（デモ）", "lecturer_org": org, "theme": theme,
        "video_url": f"https://video.invalid/demo-{i}", "available_from": start, "available_until": end,
        "audience": agency if title in AGENCY_ONLY else []})[0]
        for i, (theme, title, org) in enumerate(LECTURES, start=1)]


def _exercise(course, title, held_on, venue, capacity):
    return Exercise.objects.update_or_create(course=course, title=title, defaults={
        "held_on": held_on, "venue": venue, "capacity": capacity, "programme": [p.value for p in ProgrammeItem]})[0]


def _enrol(course, lectures, exercise):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[e[0] for e in ENROLLED])}
    organiser = get_user_model().objects.filter(staff__role=Role.PREFECTURE_POLICY).first()
    for username, role, attended in ENROLLED:
        staff = Staff.objects.filter(user=users.get(username)).first()
        if staff is None or organiser is None:
            continue
        enrolment, _ = Enrolment.objects.get_or_create(course=course, staff=staff, defaults={
            "exercise": exercise, "training_role": role, "enrolled_by": staff.user, "attended": attended,
            "attendance_by": organiser if attended else None,
            "attendance_at": timezone.now() if attended else None})
        for lecture in lectures[: 10 if attended else 3]:
            if not lecture.audience or staff.role in lecture.audience:
                LectureView.objects.get_or_create(enrolment=enrolment, lecture=lecture,
                                                  defaults={"viewed_on": exercise.held_on})
