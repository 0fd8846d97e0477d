"""Who reaches what: only the prefecture and the concerned body see a body's records; only the
prefecture writes them; a body's answers stay its own until the aggregate is published."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiritsu.outreach.models import Meeting, Visit
from jiritsu.outreach.services import meetings, phases, surveys, visits
from tests.outreach.conftest import sent_survey, visit_to

OUTSIDERS = ["prep_staff", "developer", "auditor"]


@pytest.fixture
def records(world, media):
    visit = visit_to(world, topics="日立だけの協議")
    follow_up = visits.add_follow_up(user=world.policy, visit=visit, action="日立への宿題", due_on=dt.date(2025, 6, 1))
    meeting = meetings.save_meeting(user=world.policy, invited=[world.hitachi], data={
        "kind": Meeting.Kind.STUDY, "title": "日立向け勉強会", "held_on": dt.date(2025, 6, 1), "agenda": "制度"})
    material = meetings.add_material(user=world.policy, meeting=meeting, title="資料", upload=SimpleUploadedFile(
        "a.pdf", b"%PDF x", content_type="application/pdf"))
    problem = phases.add_problem(user=world.policy, body=world.hitachi, program="employment_prep", phase="start",
                                 text="日立の課題", raised_on=dt.date(2025, 5, 1))
    return {"visit": visit, "follow_up": follow_up, "meeting": meeting, "material": material, "problem": problem}


def _pages(world, r):
    h = world.hitachi.pk
    return [f"/outreach/bodies/{h}/", f"/outreach/visits/{r['visit'].pk}/", f"/outreach/meetings/{r['meeting'].pk}/",
            f"/outreach/materials/{r['material'].pk}/", f"/outreach/bodies/{h}/phases/employment_prep/"]


def test_it_shows_a_bodys_records_to_the_prefecture_and_the_body(client, world, records):
    for user in (world.policy, world.admin_a, world.worker_a, world.chief_a):
        client.force_login(user)
        for url in _pages(world, records):
            assert client.get(url).status_code == 200, (user.username, url)


def test_it_hides_a_bodys_records_from_another_body_as_not_found(client, world, records, admin_b):
    for user in (world.worker_b, admin_b):
        client.force_login(user)
        for url in _pages(world, records):
            assert client.get(url).status_code == 404, (user.username, url)
        assert "日立だけの協議" not in client.get(f"/outreach/bodies/{world.tsuchiura.pk}/").content.decode()
        assert "日立への宿題" not in client.get("/outreach/follow-ups/overdue/").content.decode()
        assert "日立向け勉強会" not in client.get("/outreach/meetings/").content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_refuses_the_outreach_pages_to_providers_the_developer_and_the_auditor(client, world, records, who):
    client.force_login(getattr(world, who))
    for url in ["/outreach/", "/outreach/meetings/", "/outreach/surveys/", "/outreach/phases/",
                "/outreach/follow-ups/overdue/"]:
        assert client.get(url).status_code == 403, url
    for url in _pages(world, records):
        assert client.get(url).status_code in (403, 404), url


def test_it_refuses_body_staff_every_write_and_changes_nothing(client, world, records):
    r, h = records, world.hitachi.pk
    client.force_login(world.admin_a)
    posts = {
        f"/outreach/visits/{r['visit'].pk}/edit/": {"version": "1", "visited_on": "2025-05-12", "visitors": "x",
                                                    "met": "x", "topics": "書き換え"},
        f"/outreach/bodies/{h}/visits/new/": {"visited_on": "2025-05-12", "visitors": "x", "met": "x", "topics": "x"},
        f"/outreach/visits/{r['visit'].pk}/follow-ups/new/": {"action": "x", "due_on": "2025-06-01"},
        f"/outreach/follow-ups/{r['follow_up'].pk}/edit/": {"version": "1", "action": "x", "due_on": "2025-06-01",
                                                           "done_on": "2025-06-01"},
        "/outreach/meetings/new/": {"kind": "study", "title": "x", "held_on": "2025-06-01", "agenda": "x"},
        f"/outreach/meetings/{r['meeting'].pk}/attendance/": {"version": "1", f"b{h}": "x"},
        f"/outreach/materials/{r['material'].pk}/delete/": {},
        f"/outreach/bodies/{h}/phases/employment_prep/set/": {"phase": "support", "recorded_on": "2025-06-01"},
        f"/outreach/problems/{r['problem'].pk}/resolve/": {"version": "1", "resolved_on": "2025-06-01"},
        "/outreach/surveys/new/": {"title": "x", "due_on": "2025-06-01"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
        assert client.get(url).status_code in (403, 405), url
    assert Visit.objects.get().topics == "日立だけの協議"
    r["follow_up"].refresh_from_db()
    r["problem"].refresh_from_db()
    assert r["follow_up"].done_on is None and r["problem"].resolved_on is None
    assert r["meeting"].materials.exists() and Meeting.objects.count() == 1


def test_it_never_serves_a_material_to_a_signed_out_visitor(client, world, records):
    response = client.get(f"/outreach/materials/{records['material'].pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_hides_a_bodys_answers_from_another_body_before_publication(client, world, admin_b):
    survey, q1, q2 = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "参加しない", q2.pk: "日立の本音"})
    client.force_login(admin_b)
    page = client.get(f"/outreach/surveys/{survey.pk}/").content.decode()
    assert "日立の本音" not in page and "参加しない" not in page.split("自団体の回答")[1].split("</section>")[0]
    assert "集計結果は、県が結果を送付した後に表示されます" in page


def test_it_hides_a_survey_not_sent_to_the_body_until_its_results_are_published(client, world, admin_b):
    survey, q1, _ = sent_survey(world, bodies=[world.hitachi])
    client.force_login(admin_b)
    assert client.get(f"/outreach/surveys/{survey.pk}/").status_code == 404
    assert client.get(f"/outreach/surveys/{survey.pk}/answer/").status_code == 404
    surveys.publish_results(user=world.policy, survey=survey, published_on=dt.date(2025, 8, 1),
                            expected_version=survey.version)
    assert client.get(f"/outreach/surveys/{survey.pk}/").status_code == 200
    assert client.get(f"/outreach/surveys/{survey.pk}/answer/").status_code == 403


def test_it_hides_a_draft_survey_from_every_body(client, world):
    survey = surveys.save_survey(user=world.policy, bodies=[world.hitachi], data={
        "title": "下書きの調査", "due_on": dt.date(2025, 7, 31)})
    client.force_login(world.admin_a)
    assert client.get(f"/outreach/surveys/{survey.pk}/").status_code == 404
    assert "下書きの調査" not in client.get("/outreach/surveys/").content.decode()
