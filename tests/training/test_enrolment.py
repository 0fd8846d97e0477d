"""Staff enrol themselves or are enrolled by their body's manager; an exercise never takes more than its capacity."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiritsu.audit.models import AccessLog
from jiritsu.orgs.models import Role
from jiritsu.training import services
from jiritsu.training.models import Enrolment
from tests.factories import make_user


def test_it_enrols_a_worker_who_signs_up_themselves(client, world, course):
    course_, _lectures, exercise = course
    client.force_login(world.worker_a)
    page = client.get(f"/training/courses/{course_.pk}").content.decode()
    assert "受講を申し込む" in page and 'value="support_worker" selected' in page
    response = client.post(f"/training/courses/{course_.pk}/enrol",
                           {"exercise": exercise.pk, "training_role": "support_worker"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(staff=world.worker_a.staff)
    assert enrolment.exercise == exercise and enrolment.enrolled_by == world.worker_a
    page = client.get(f"/training/courses/{course_.pk}").content.decode()
    assert "申込済み" in page and "受講を申し込む" not in page


def test_it_lets_a_body_manager_enrol_their_staff_but_not_another_bodys(client, world, course):
    course_, _lectures, exercise = course
    client.force_login(world.admin_a)
    page = client.get(f"/training/courses/{course_.pk}").content.decode()
    assert "日立 主任" in page and "土浦 相談員" not in page
    client.post(f"/training/courses/{course_.pk}/enrol",
                {"staff": world.chief_a.staff.pk, "exercise": exercise.pk, "training_role": "chief"})
    enrolment = Enrolment.objects.get(staff=world.chief_a.staff)
    assert enrolment.enrolled_by == world.admin_a and enrolment.training_role == "chief"
    with pytest.raises(PermissionDenied):
        services.enrol(user=world.admin_a, staff=world.worker_b.staff, course=course_, exercise=exercise,
                       training_role="support_worker")
    response = client.post(f"/training/courses/{course_.pk}/enrol",
                           {"staff": world.worker_b.staff.pk, "exercise": exercise.pk, "training_role": "chief"})
    assert response.status_code == 200 and "正しく選択してください" in response.content.decode()
    assert not Enrolment.objects.filter(staff=world.worker_b.staff).exists()


def test_it_refuses_a_worker_enrolling_a_colleague(world, course):
    course_, _lectures, exercise = course
    with pytest.raises(PermissionDenied):
        services.enrol(user=world.worker_a, staff=world.chief_a.staff, course=course_, exercise=exercise,
                       training_role="chief")


def test_it_says_clearly_when_the_exercise_is_full_and_keeps_nothing(client, world, course):
    course_, _lectures, exercise = course
    for user in (world.worker_a, world.chief_a, world.worker_b):
        services.enrol(user=user, staff=user.staff, course=course_, exercise=exercise, training_role="support_worker")
    late = make_user("late_worker", world.agency_b, Role.SUPPORT_WORKER)
    client.force_login(late)
    response = client.post(f"/training/courses/{course_.pk}/enrol",
                           {"exercise": exercise.pk, "training_role": "support_worker"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "定員（3名）に達しています" in page and "3／3名" in page and "満員" in page
    assert exercise.enrolments.count() == 3


def test_it_refuses_a_second_enrolment_on_the_same_course(world, course):
    course_, _lectures, exercise = course
    services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                   training_role="support_worker")
    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                       training_role="support_worker")


def test_it_refuses_enrolment_on_an_exercise_already_held(world, today):
    from tests.training.builders import make_course

    course_, _lectures, exercise = make_course(world, today, held_in_days=-1)
    with pytest.raises(ValidationError, match="すでに終わっています"):
        services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                       training_role="support_worker")


def test_it_records_who_enrolled_whom(world, course):
    course_, _lectures, exercise = course
    services.enrol(user=world.admin_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                   training_role="support_worker")
    row = AccessLog.objects.filter(what__startswith="受講申込").latest("id")
    assert row.username == "admin_a" and "日立 相談員" in row.what


def test_it_frees_the_seat_when_an_enrolment_is_cancelled(client, world, course):
    course_, _lectures, exercise = course
    enrolment = services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                               training_role="support_worker")
    client.force_login(world.worker_b)
    assert client.post(f"/training/enrolments/{enrolment.pk}/cancel").status_code == 404
    client.force_login(world.worker_a)
    client.post(f"/training/enrolments/{enrolment.pk}/cancel")
    assert exercise.enrolments.count() == 0


def test_it_refuses_enrolment_without_an_exercise_date_at_the_field(client, world, course):
    client.force_login(world.worker_a)
    response = client.post(f"/training/courses/{course[0].pk}/enrol", {"training_role": "support_worker"})
    assert "参加する演習の日程を選んでください。" in response.content.decode()
    assert not Enrolment.objects.exists()
