"""The training API: courses with lectures and sessions, and one's own record with the certificate link."""
import pytest

from jiritsu.training.models import Course
from tests.api.conftest import ApiCaller

from .builders import complete


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
