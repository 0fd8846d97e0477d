"""Case studies: built from a real case of the submitter's body, de-identified, reviewed by the submitter
before anyone else sees them; the source case never named outside its body."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.core.wareki import format_wareki
from jiritsu.training import services, studies
from jiritsu.training.models import CaseStudy
from tests.factories import advance_case, new_case


@pytest.fixture
def source(world):
    """A 日立 case whose free texts repeat the person's, the visitor's and the worker's identifying values."""
    case = new_case(world, family_name="磯崎", given_name="美香", kana=("いそざき", "みか"),
                    birth=dt.date(1984, 7, 9), phone="090-2222-3333")
    case = advance_case(world, case, Status.IN_SUPPORT)
    born = format_wareki(dt.date(1984, 7, 9))
    case_services.record_progress(user=world.worker_a, case=case, occurred_on=case.received_on + dt.timedelta(days=40),
                                  kind="interview", text=(
        f"イソザキ ミカさん（{born}生）と面談。磯崎正男（夫）も同席。連絡先は０９０－２２２２－３３３３。"
        f"自宅は日立市幸町１－１。{case.received_on.isoformat()}の初回相談を振り返る。"
        f"ケース番号{case.case_number}。担当の日立 相談員より水戸市のハローワークを案内。"))
    return case


def _participant(world, course):
    course_, _lectures, exercise = course
    services.enrol(user=world.worker_a, staff=world.worker_a.staff, course=course_, exercise=exercise,
                   training_role="support_worker")
    return exercise


def test_it_builds_the_draft_from_a_real_case_with_nothing_that_identifies_it(world, course, source):
    exercise = _participant(world, course)
    study = studies.draft_case_study(user=world.worker_a, exercise=exercise, case_number=source.case_number,
                                     kind="success", title="磯崎さんの就職まで")
    text = study.title + study.text
    for value in ("磯崎", "美香", "いそざき", "イソザキ", "正男", "2222", "3333", "幸町", "日立市", "水戸市",
                  source.case_number, "日立 相談員", "昭和59年7月9日", source.received_on.isoformat(),
                  format_wareki(source.received_on)):
        assert value not in text, value
    assert "県内の市" in text and "相談から約6週間後" in text and "［生年月日］" in text and "家族" in text
    assert "40代" in text and "面談" in text
    row = AccessLog.objects.filter(case_id=source.pk, action="read").latest("id")
    assert row.username == "worker_a" and "事例検討" in row.what


def test_it_shows_a_draft_to_its_submitter_only(client, world, course, source):
    exercise = _participant(world, course)
    services.enrol(user=world.worker_b, staff=world.worker_b.staff, course=course[0], exercise=exercise,
                   training_role="support_worker")
    study = studies.draft_case_study(user=world.worker_a, exercise=exercise, case_number=source.case_number,
                                     kind="difficult", title="磯崎さんの長い支援")
    assert study.title == "Aさんの長い支援"
    for user in (world.worker_b, world.chief_a, world.policy):
        client.force_login(user)
        assert client.get(f"/training/studies/{study.pk}").status_code == 404
        assert study.title not in client.get(f"/training/exercises/{exercise.pk}").content.decode()
    client.force_login(world.worker_a)
    assert "確認を依頼する" in client.get(f"/training/studies/{study.pk}").content.decode()


def test_it_publishes_the_reviewed_text_to_the_participants_without_the_source_link(client, world, course, source):
    exercise = _participant(world, course)
    services.enrol(user=world.worker_b, staff=world.worker_b.staff, course=course[0], exercise=exercise,
                   training_role="support_worker")
    study = studies.draft_case_study(user=world.worker_a, exercise=exercise, case_number=source.case_number,
                                     kind="success", title="")
    client.force_login(world.worker_a)
    client.post(f"/training/studies/{study.pk}", {"version": study.version, "title": "就職までの支援",
                                                  "text": study.text + "\n本人の強みを生かした。", "review": "1"})
    client.force_login(world.chief_a)  # the second person of the body
    client.post(f"/training/studies/{study.pk}", {"checked": "on", "publish": "1"})
    client.force_login(world.worker_a)
    study.refresh_from_db()
    assert study.state == CaseStudy.State.PUBLISHED and "本人の強みを生かした。" in study.text
    assert f"/cases/{source.pk}/" in client.get(f"/training/studies/{study.pk}").content.decode()
    client.force_login(world.worker_b)  # another body's participant: the study, never the source case
    page = client.get(f"/training/studies/{study.pk}").content.decode()
    assert "本人の強みを生かした。" in page and f"/cases/{source.pk}/" not in page and source.case_number not in page
    client.force_login(world.policy)
    page = client.get(f"/training/studies/{study.pk}").content.decode()
    assert "就職までの支援" in page and f"/cases/{source.pk}/" not in page


def test_it_refuses_to_publish_a_text_into_which_a_name_or_date_was_typed_back(client, world, course, source):
    exercise = _participant(world, course)
    study = studies.draft_case_study(user=world.worker_a, exercise=exercise, case_number=source.case_number,
                                     kind="success", title="")
    client.force_login(world.worker_a)
    response = client.post(f"/training/studies/{study.pk}", {
        "version": study.version, "title": "事例", "text": study.text + "\nいそざき様は2024年5月1日に就職。",
        "review": "1"})
    page = response.content.decode()
    assert "元のケースを特定できる情報が残っています" in page and "氏名" in page and "日付" in page
    assert "いそざき様は2024年5月1日に就職。" in page  # the input is kept for correction
    study.refresh_from_db()
    assert study.state == CaseStudy.State.DRAFT


def test_it_builds_studies_only_from_cases_of_the_submitters_body(world, course, source):
    course_, _lectures, exercise = course
    services.enrol(user=world.worker_b, staff=world.worker_b.staff, course=course_, exercise=exercise,
                   training_role="support_worker")
    with pytest.raises(ValidationError, match="見つかりません"):
        studies.draft_case_study(user=world.worker_b, exercise=exercise, case_number=source.case_number,
                                 kind="success", title="")
    assert not AccessLog.objects.filter(case_id=source.pk, username="worker_b").exists()


def test_it_lets_only_agency_staff_enrolled_on_the_exercise_submit(client, world, course, source):
    _course, _lectures, exercise = course
    client.force_login(world.worker_a)  # not enrolled yet
    assert client.get(f"/training/exercises/{exercise.pk}/studies/new").status_code in (403, 404)
    _participant(world, course)
    response = client.post(f"/training/exercises/{exercise.pk}/studies/new",
                           {"case_number": "no-such-case", "kind": "success"})
    assert "ケース番号「no-such-case」のケースが見つかりません" in response.content.decode()
    response = client.post(f"/training/exercises/{exercise.pk}/studies/new",
                           {"case_number": source.case_number, "kind": "success"})
    assert response.status_code == 302
