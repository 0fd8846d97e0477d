"""The training API: courses with lectures and sessions, one's own record with the certificate link, enrolling
(oneself or the staff one manages) and the organiser's attendance."""
import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.training import services
from jiritsu.training.models import Course, Enrolment, TrainingRole
from tests.api.conftest import ApiCaller

from .builders import complete, make_course


@pytest.fixture
def api(client):
    return ApiCaller(client)


def test_trainees_and_the_organiser_read_the_courses_and_others_are_refused(api, world, course):
    built, lectures, exercise = course
    for user in (world.worker_a, world.prep_staff, world.policy):
        body = api.as_(user).get("/api/training/courses").json()
        assert [c["id"] for c in body["items"]] == [built.pk]
        assert [lec["id"] for lec in body["items"][0]["lectures"]] == [lec.pk for lec in lectures]
        assert body["items"][0]["exercises"][0]["id"] == exercise.pk
    assert api.as_(world.auditor).get("/api/training/courses").status_code == 403
    assert api.as_(world.worker_a).get(f"/api/training/courses/{built.pk + 999}").status_code == 404
    assert Course.objects.count() == 1


def test_ones_own_record_shows_progress_and_the_certificate_link_once_complete(api, world, course, client):
    built, lectures, exercise = course
    enrolment = complete(world, world.worker_a, built, lectures, exercise)
    mine = api.as_(world.worker_a).get("/api/training/enrolments").json()["items"]
    assert [e["id"] for e in mine] == [enrolment.pk] and mine[0]["complete"]
    assert mine[0]["certificate_url"] == f"/training/enrolments/{enrolment.pk}/certificate?format=pdf"
    assert set(mine[0]["lectures_viewed"]) == {str(lec.pk) for lec in lectures}
    assert api.as_(world.chief_a).get("/api/training/enrolments").json()["items"] == []
    client.force_login(world.worker_a)
    assert client.get(mine[0]["certificate_url"]).status_code == 200


def test_a_trainee_enrols_once_and_the_application_is_recorded(api, world, course):
    built, _lectures, exercise = course
    caller = api.as_(world.worker_a)
    made = caller.post(f"/api/training/courses/{built.pk}/enrolments", {"exercise_id": exercise.pk})
    assert made.status_code == 201, made.content
    assert made.json()["training_role"] == TrainingRole.SUPPORT_WORKER and not made.json()["complete"]
    assert AccessLog.objects.filter(user=world.worker_a, action="create", what__contains="受講申込").exists()
    again = caller.post(f"/api/training/courses/{built.pk}/enrolments", {"exercise_id": exercise.pk})
    assert again.status_code == 422 and "すでに申し込んで" in str(again.json()["errors"])
    assert Enrolment.objects.filter(staff=world.worker_a.staff).count() == 1


def test_enrolment_needs_a_seat_at_one_of_the_courses_exercises(api, world, today):
    built, _lectures, exercise = make_course(world, today, capacity=1)
    services.enrol(user=world.chief_a, staff=world.chief_a.staff, course=built, exercise=exercise,
                   training_role=TrainingRole.CHIEF)
    url = f"/api/training/courses/{built.pk}/enrolments"
    full = api.as_(world.worker_a).post(url, {"exercise_id": exercise.pk})
    assert full.status_code == 422 and "定員" in str(full.json()["errors"])
    assert api.as_(world.worker_a).post(url, {}).status_code == 422
    other = api.as_(world.worker_a).post(url, {"exercise_id": exercise.pk + 999})
    assert other.status_code == 422 and "exercise_id" in other.json()["errors"]
    assert Enrolment.objects.count() == 1


def test_a_manager_enrols_the_staff_they_manage_and_nobody_else(api, world, course):
    built, _lectures, exercise = course
    url = f"/api/training/courses/{built.pk}/enrolments"
    data = {"staff_id": world.worker_a.staff.pk, "exercise_id": exercise.pk}
    assert api.as_(world.worker_b).post(url, data).status_code == 404
    assert api.as_(world.auditor).post(url, data).status_code == 403
    assert api.as_(world.worker_a).post(f"/api/training/courses/{built.pk + 999}/enrolments", data).status_code == 404
    assert not Enrolment.objects.exists()
    made = api.as_(world.admin_a).post(url, data)
    assert made.status_code == 201, made.content
    assert Enrolment.objects.get().staff == world.worker_a.staff


def test_the_organiser_records_attendance_from_the_day_of_the_exercise(api, world, course, today):
    built, _lectures, exercise = course
    came = services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=built, exercise=exercise,
                          training_role=TrainingRole.SUPPORT_WORKER)
    absent = services.enrol(user=world.chief_a, staff=world.chief_a.staff, course=built, exercise=exercise,
                            training_role=TrainingRole.CHIEF)
    url = f"/api/training/exercises/{exercise.pk}/attendance"
    assert api.as_(world.worker_a).post(url, {"present": [came.pk]}).status_code == 403
    assert api.as_(world.auditor).post(url, {"present": [came.pk]}).status_code == 404
    assert not Enrolment.objects.filter(attended=True).exists()
    taken = api.as_(world.policy).post(url, {"present": [came.pk, absent.pk + 999]})
    assert taken.status_code == 200, taken.content
    assert taken.json()["present"] == 1
    assert {r["enrolment_id"]: r["attended"] for r in taken.json()["roster"]} == {came.pk: True, absent.pk: False}
    assert AccessLog.objects.filter(user=world.policy, what__contains="演習の出席").exists()
    _c, _l, later = make_course(world, today, held_in_days=3)
    early = api.as_(world.policy).post(f"/api/training/exercises/{later.pk}/attendance", {"present": []})
    assert early.status_code == 422 and "当日から" in str(early.json()["errors"])
    huge = api.as_(world.policy).post(url, {"present": [2**70]})
    assert huge.status_code == 422
