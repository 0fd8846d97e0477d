"""Four eyes on a case study (issue 17, item 2): the submitter asks for review, a colleague of the same body sees
every replacement and every remaining suspicious span marked, and publishes or sends it back; the submitter can
never publish their own, and nobody outside the body sees a study waiting for review."""
import pytest
from django.core.exceptions import ValidationError

from jiritsu.audit.models import AccessLog
from jiritsu.training import services, studies
from jiritsu.training.models import CaseStudy

from .test_case_studies import _participant, source  # noqa: F401  (the source case fixture)


@pytest.fixture
def waiting(world, course, source):  # noqa: F811
    exercise = _participant(world, course)
    services.enrol(user=world.worker_b, staff=world.worker_b.staff, course=course[0], exercise=exercise,
                   training_role="support_worker")
    study = studies.draft_case_study(user=world.worker_a, exercise=exercise, case_number=source.case_number,
                                     kind="success", title="")
    return studies.request_review(user=world.worker_a, study=study, title="就職までの支援",
                                  text=study.text + "\n同級生の佐々木くんと一緒に十王中学校へ通った。",
                                  expected_version=study.version)


def test_the_submitter_cannot_publish_their_own_study(client, world, waiting):
    with pytest.raises(ValidationError, match="作成者以外"):
        studies.publish_case_study(user=world.worker_a, study=waiting, checked=True)
    client.force_login(world.worker_a)
    page = client.get(f"/training/studies/{waiting.pk}").content.decode()
    assert "公開する" not in page and "確認待ち" in page
    client.post(f"/training/studies/{waiting.pk}", {"checked": "on", "publish": "1"})
    assert CaseStudy.objects.get().state == CaseStudy.State.REVIEW


def test_the_reviewer_sees_every_replacement_and_the_suspicious_spans_marked(client, world, waiting, source):  # noqa: F811
    client.force_login(world.chief_a)
    page = client.get(f"/training/studies/{waiting.pk}").content.decode()
    assert '<mark class="deid-replaced">県内の市</mark>' in page and '<mark class="deid-replaced">家族</mark>' in page
    assert '<mark class="deid-suspect" title="要確認">佐々木</mark>' in page  # typed in after the scrub
    assert '<mark class="deid-suspect" title="要確認">十王中学校</mark>' in page
    table = page[page.index('id="deid-replacements"'):]
    assert "磯崎正男" in table and "090-2222-3333" in table and "［電話番号］" in table
    assert AccessLog.objects.filter(case_id=source.pk, username="chief_a", what__contains="置き換えの一覧").exists()


def test_publishing_needs_the_reviewers_confirmation_and_records_who_published(client, world, waiting):
    client.force_login(world.chief_a)
    refused = client.post(f"/training/studies/{waiting.pk}", {"publish": "1"})
    assert refused.status_code == 400 and "すべて確認してから公開してください" in refused.content.decode()
    assert CaseStudy.objects.get().state == CaseStudy.State.REVIEW
    client.post(f"/training/studies/{waiting.pk}", {"checked": "on", "publish": "1"})
    study = CaseStudy.objects.get()
    assert study.state == CaseStudy.State.PUBLISHED and study.published_by == world.chief_a
    client.force_login(world.worker_b)
    assert "就職までの支援" in client.get(f"/training/studies/{study.pk}").content.decode()


def test_the_reviewer_sends_it_back_with_a_note_the_submitter_reads(client, world, waiting):
    client.force_login(world.chief_a)
    empty = client.post(f"/training/studies/{waiting.pk}", {"note": " ", "return": "1"})
    assert "直してほしい箇所を書いてください" in empty.content.decode()
    client.post(f"/training/studies/{waiting.pk}", {"note": "佐々木くんの名前と学校名を消してください", "return": "1"})
    assert CaseStudy.objects.get().state == CaseStudy.State.DRAFT
    client.force_login(world.worker_a)
    page = client.get(f"/training/studies/{waiting.pk}").content.decode()
    assert "佐々木くんの名前と学校名を消してください" in page and "確認を依頼する" in page


def test_nobody_outside_the_body_sees_a_study_waiting_for_review(client, world, waiting):
    for user in (world.worker_b, world.policy, world.prep_staff):
        client.force_login(user)
        assert client.get(f"/training/studies/{waiting.pk}").status_code == 404
        assert client.post(f"/training/studies/{waiting.pk}", {"checked": "on", "publish": "1"}).status_code == 404
    assert CaseStudy.objects.get().state == CaseStudy.State.REVIEW
