"""A course built through the real services: two lectures (one for agency staff only) and one exercise."""
import datetime as dt

from jiritsu.orgs.models import Role
from jiritsu.training import services
from jiritsu.training.models import ProgrammeItem, TrainingRole


def make_course(world, today, *, held_in_days=0, capacity=3, fy=None):
    course = services.save_course(user=world.policy, data={
        "fiscal_year": fy or (today.year if today.month >= 4 else today.year - 1), "title": "人材養成研修（基礎）",
        "description": "講義と演習", "roles": [TrainingRole.SUPPORT_WORKER, TrainingRole.CHIEF]})
    lectures = [
        services.save_lecture(user=world.policy, course=course, data={
            "order": 1, "title": "制度の理念と基本姿勢", "lecturer": "講師 一", "lecturer_org": "県福祉政策課",
            "theme": "生活困窮者自立支援制度の理念と基本姿勢", "video_url": "https://video.example/abc",
            "available_from": today - dt.timedelta(days=10), "available_until": today + dt.timedelta(days=30),
            "audience": []}),
        services.save_lecture(user=world.policy, course=course, data={
            "order": 2, "title": "住居確保給付金の実務", "lecturer": "講師 二", "lecturer_org": "県住宅課",
            "theme": "住居確保給付金", "video_url": "https://video.example/def",
            "available_from": today - dt.timedelta(days=10), "available_until": today + dt.timedelta(days=30),
            "audience": [Role.SUPPORT_WORKER, Role.CHIEF, Role.EMPLOYMENT_WORKER]}),
    ]
    exercise = services.save_exercise(user=world.policy, course=course, data={
        "title": "演習（県北会場）", "held_on": today + dt.timedelta(days=held_in_days), "venue": "県北生涯学習センター",
        "capacity": capacity, "programme": [p.value for p in ProgrammeItem]})
    return course, lectures, exercise


def complete(world, user, course, lectures, exercise, role=TrainingRole.SUPPORT_WORKER):
    """Enrol, watch every lecture, attend: the person has completed the course."""
    staff = user.staff
    enrolment = services.enrol(user=user, staff=staff, course=course, exercise=exercise, training_role=role)
    for lecture in lectures:
        if not lecture.audience or staff.role in lecture.audience:
            services.confirm_viewing(user=user, enrolment=enrolment, lecture=lecture)
    present = set(exercise.enrolments.filter(attended=True).values_list("pk", flat=True)) | {enrolment.pk}
    services.take_attendance(user=world.policy, exercise=exercise, present=present)
    enrolment.refresh_from_db()
    return enrolment
