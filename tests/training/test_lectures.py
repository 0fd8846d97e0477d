"""A lecture's video and materials reach only its audience; the video and the viewing only within its period."""
import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jiritsu.training import services
from jiritsu.training.models import LectureView, Material


def _enrol(user, course, exercise):
    return services.enrol(user=user, staff=user.staff, course=course, exercise=exercise,
                          training_role="support_worker")


def test_it_shows_the_video_link_only_to_the_audience_within_the_period(client, world, course, today):
    course_, (general, agency_only), _exercise = course
    client.force_login(world.worker_a)
    page = client.get(f"/training/courses/{course_.pk}").content.decode()
    assert general.video_url in page and agency_only.video_url in page
    client.force_login(world.prep_staff)  # a provider: the second lecture is for agency staff only
    page = client.get(f"/training/courses/{course_.pk}").content.decode()
    assert general.video_url in page and agency_only.video_url not in page and "対象外" in page
    with time_machine.travel(today + dt.timedelta(days=31)):
        client.force_login(world.worker_a)
        page = client.get(f"/training/courses/{course_.pk}").content.decode()
        assert general.video_url not in page and "公開期間外" in page


def test_it_records_the_persons_own_confirmation_of_viewing(client, world, course):
    course_, (general, _), exercise = course
    enrolment = _enrol(world.worker_a, course_, exercise)
    client.force_login(world.worker_a)
    client.post(f"/training/lectures/{general.pk}/viewed")
    assert LectureView.objects.filter(enrolment=enrolment, lecture=general).exists()
    assert "視聴済み" in client.get(f"/training/courses/{course_.pk}").content.decode()


def test_it_refuses_a_viewing_outside_the_period(world, course, today):
    course_, (general, _), exercise = course
    enrolment = _enrol(world.worker_a, course_, exercise)
    with time_machine.travel(today + dt.timedelta(days=31)), pytest.raises(ValidationError, match="公開期間外"):
        services.confirm_viewing(user=world.worker_a, enrolment=enrolment, lecture=general)
    assert not LectureView.objects.exists()


def test_it_refuses_a_viewing_for_someone_else_or_outside_the_audience(world, course):
    course_, (_, agency_only), exercise = course
    enrolment = _enrol(world.worker_a, course_, exercise)
    with pytest.raises(ValidationError):
        services.confirm_viewing(user=world.chief_a, enrolment=enrolment, lecture=agency_only)
    provider = _enrol(world.prep_staff, course_, exercise)
    with pytest.raises(ValidationError, match="公開されていません"):
        services.confirm_viewing(user=world.prep_staff, enrolment=provider, lecture=agency_only)


def test_it_serves_materials_only_to_signed_in_staff_in_the_audience(client, world, course, media):
    course_, (_, agency_only), _exercise = course
    client.force_login(world.policy)
    client.post(f"/training/lectures/{agency_only.pk}/materials/new", {
        "title": "給付金の手引き", "file": SimpleUploadedFile("手引き.pdf", b"%PDF-1.4 handbook", "application/pdf")})
    material = Material.objects.get()
    assert str(media) in material.file.path and "手引き" not in material.file.name
    client.force_login(world.worker_a)
    response = client.get(f"/training/materials/{material.pk}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 handbook"
    assert quote("手引き.pdf") in response["Content-Disposition"]
    client.force_login(world.prep_staff)
    assert client.get(f"/training/materials/{material.pk}").status_code == 404
    client.force_login(world.auditor)
    assert client.get(f"/training/materials/{material.pk}").status_code == 404
    client.logout()
    response = client.get(f"/training/materials/{material.pk}")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert client.get(f"/media/{material.file.name}").status_code in (302, 404)
