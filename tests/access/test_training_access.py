"""Training pages (issue 7) by role: routes are discovered from the URL configuration, so a new page is
covered without editing this file. A person's certificate, a draft case study and a lecture's materials
stay with the people they belong to; nothing of a case reaches anyone outside its body."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver

from jiritsu.audit.models import AccessLog
from jiritsu.training import services, studies
from jiritsu.training.models import CaseStudy, Enrolment, LectureView
from tests.access.test_access_matrix import _walk
from tests.factories import new_case
from tests.training.builders import complete, make_course


def training_routes():
    routes = sorted({r for r, _ in _walk(get_resolver().url_patterns) if r.startswith("training/")})
    assert len(routes) >= 15, routes
    return routes


@pytest.fixture
def things(world, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course, lectures, exercise = make_course(world, today)
    material = services.add_material(user=world.policy, lecture=lectures[1], title="資料",
                                     upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    enrolment = complete(world, world.worker_a, course, lectures, exercise)
    case = new_case(world, family_name="秘密", given_name="太郎")
    study = studies.draft_case_study(user=world.worker_a, exercise=exercise, case_number=case.case_number,
                                     kind="success", title="")
    ids = {"course_pk": course.pk, "pk": None, "lecture": lectures[1].pk, "exercise": exercise.pk,
           "material": material.pk, "enrolment": enrolment.pk, "study": study.pk}
    return {"ids": ids, "case": case, "study": study, "exercise": exercise, "enrolment": enrolment}


def _urls(route, ids):
    """Every object a route may name, so each kind of id is tried on each route that takes one."""
    if "<int:" not in route:
        return ["/" + route]
    return ["/" + re.sub(r"<int:\w+>", str(v), route) for k, v in ids.items() if v is not None]


def test_it_refuses_every_training_page_to_the_auditor_and_changes_nothing(client, world, things):
    client.force_login(world.auditor)
    before = (Enrolment.objects.count(), LectureView.objects.count(), CaseStudy.objects.count())
    for route in training_routes():
        for url in _urls(route, things["ids"]):
            assert client.get(url).status_code in (403, 404, 405), url
            assert client.post(url, {}).status_code in (403, 404, 405), url
    assert (Enrolment.objects.count(), LectureView.objects.count(), CaseStudy.objects.count()) == before


def test_it_sends_anonymous_visitors_to_the_login_page(client, things):
    for route in training_routes():
        for url in _urls(route, things["ids"]):
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login" in response["Location"], url


@pytest.mark.parametrize("who", ["worker_b", "chief_a", "shelter_staff", "policy", "admin_a"])
def test_it_keeps_a_persons_certificate_and_draft_study_to_themselves(client, world, things, who):
    client.force_login(getattr(world, who))
    assert client.get(f"/training/enrolments/{things['enrolment'].pk}/certificate").status_code == 404
    assert client.get(f"/training/studies/{things['study'].pk}").status_code == 404
    response = client.post(f"/training/studies/{things['study'].pk}", {
        "version": things["study"].version, "title": "x", "text": "x", "publish": "1"})
    assert response.status_code == 404
    things["study"].refresh_from_db()
    assert things["study"].state == CaseStudy.State.DRAFT


def test_it_never_shows_the_prefecture_a_persons_data_through_training(client, world, things):
    client.force_login(world.worker_a)
    client.post(f"/training/studies/{things['study'].pk}", {
        "version": things["study"].version, "title": "事例", "text": things["study"].text, "publish": "1"})
    client.force_login(world.policy)
    case = things["case"]
    for url in ("/training/", "/training/records", f"/training/exercises/{things['exercise'].pk}",
                f"/training/studies/{things['study'].pk}"):
        page = client.get(url).content.decode()
        for value in ("秘密", "太郎", case.case_number, f"/cases/{case.pk}/"):
            assert value not in page, (url, value)


def test_it_audits_every_read_of_the_source_case(client, world, things):
    case = things["case"]
    client.force_login(world.worker_a)
    client.post(f"/training/studies/{things['study'].pk}", {
        "version": things["study"].version, "title": "事例", "text": things["study"].text, "review": "1"})
    reads = AccessLog.objects.filter(case_id=case.pk, action="read", username="worker_a")
    assert {r.what for r in reads} == {"事例検討のため匿名化して読み込み", "事例検討の公開前に匿名化を確認"}
