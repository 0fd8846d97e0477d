"""Attendance on the day, each person's record and certificate, and per body who has been trained as what."""
import datetime as dt
import subprocess

import pytest
import time_machine
from django.core.exceptions import ValidationError

from jiritsu.core.wareki import format_wareki
from jiritsu.documents import pdf
from jiritsu.orgs.models import Role
from jiritsu.training import services
from tests.factories import make_user

from .builders import complete, make_course

needs_pdf = pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or a Japanese font is not installed")


def test_it_takes_attendance_on_the_day_only_from_the_day(client, world, today):
    course, _lectures, exercise = make_course(world, today, held_in_days=3)
    enrolment = services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course, exercise=exercise,
                               training_role="support_worker")
    with pytest.raises(ValidationError, match="当日から"):
        services.take_attendance(user=world.policy, exercise=exercise, present={enrolment.pk})
    with time_machine.travel(today + dt.timedelta(days=3)):
        client.force_login(world.policy)
        page = client.get(f"/training/exercises/{exercise.pk}").content.decode()
        assert "日立 相談員" in page and "出席を記録する" in page
        client.post(f"/training/exercises/{exercise.pk}/attendance", {"present": [enrolment.pk]})
    enrolment.refresh_from_db()
    assert enrolment.attended and enrolment.attendance_by == world.policy


def test_it_refuses_attendance_taking_to_trainees(client, world, course):
    course_, _lectures, exercise = course
    enrolment = services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                               training_role="support_worker")
    client.force_login(world.worker_a)
    assert client.post(f"/training/exercises/{exercise.pk}/attendance", {"present": [enrolment.pk]}).status_code == 403
    enrolment.refresh_from_db()
    assert not enrolment.attended


def test_it_keeps_a_record_per_person_of_what_they_completed(client, world, course):
    enrolment = complete(world, world.worker_a, *course)
    client.force_login(world.worker_a)
    page = client.get("/training/mine").content.decode()
    assert "人材養成研修（基礎）" in page and "2／2" in page and "出席" in page and "修了" in page
    assert f"/training/enrolments/{enrolment.pk}/certificate" in page
    client.force_login(world.chief_a)
    assert "人材養成研修（基礎）" not in client.get("/training/mine").content.decode()


def test_it_does_not_certify_an_unfinished_course(client, world, course):
    course_, (general, _), exercise = course
    enrolment = services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                               training_role="support_worker")
    services.confirm_viewing(user=world.worker_a, enrolment=enrolment, lecture=general)
    client.force_login(world.worker_a)
    assert client.get(f"/training/enrolments/{enrolment.pk}/certificate").status_code == 404


@needs_pdf
def test_it_issues_a_japanese_a4_certificate_pdf_with_wareki_dates(client, world, course, today, tmp_path):
    enrolment = complete(world, world.worker_a, *course)
    client.force_login(world.chief_a)
    assert client.get(f"/training/enrolments/{enrolment.pk}/certificate?format=pdf").status_code == 404
    client.force_login(world.worker_a)
    response = client.get(f"/training/enrolments/{enrolment.pk}/certificate?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = "".join(text.split())
    assert "修了証書" in squeezed and "日立相談員様" in squeezed and "人材養成研修（基礎）" in squeezed
    assert "".join(format_wareki(today).split()) in squeezed and "茨城県知事" in squeezed
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info


def test_it_shows_the_prefecture_who_from_which_body_is_not_trained_yet(client, world, course):
    complete(world, world.worker_a, *course)
    client.force_login(world.policy)
    page = client.get(f"/training/records?fy={course[0].fiscal_year}&untrained=1").content.decode()
    assert "日立 主任" in page and "土浦 相談員" in page and "日立 相談員" not in page
    assert "土浦市" in page and "日立市" in page
    page = client.get(f"/training/records?fy={course[0].fiscal_year}").content.decode()
    assert "日立 相談員" in page and "相談支援員・" in page  # trained as 相談支援員, with the day


def test_it_shows_a_body_manager_only_their_own_staff(client, world, course):
    complete(world, world.chief_a, *course, role="chief")
    client.force_login(world.admin_a)
    page = client.get(f"/training/records?fy={course[0].fiscal_year}").content.decode()
    assert "日立 主任" in page and "主任相談支援員・" in page and "土浦 相談員" not in page
    client.force_login(world.worker_a)
    assert client.get("/training/records").status_code == 403


def test_it_counts_a_household_budget_worker_of_a_provider_under_that_post(client, world, course):
    budget = make_user("budget_staff", world.prep_provider, Role.PROVIDER_STAFF, name="家計 支援員")
    from jiritsu.training.policies import default_training_role

    assert default_training_role(budget.staff) == "household_budget"
    complete(world, budget, *course, role="household_budget")
    client.force_login(world.policy)
    page = client.get(f"/training/records?fy={course[0].fiscal_year}").content.decode()
    assert "家計 支援員" in page and "家計改善支援員・" in page
    assert page.index('aria-label="日立市"') < page.index(f'aria-label="{world.prep_provider.name}"')


def test_it_builds_the_records_page_in_a_fixed_number_of_queries(client, world, course, django_assert_max_num_queries):
    for i in range(8):
        user = make_user(f"many{i}", world.agency_b, Role.SUPPORT_WORKER)
        if i < 2:
            complete(world, user, *course)
    client.force_login(world.policy)
    with django_assert_max_num_queries(12):
        page = client.get(f"/training/records?fy={course[0].fiscal_year}").content.decode()
    assert "many7" in page and "many0" in page
