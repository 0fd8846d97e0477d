"""The outreach pages as the prefecture and a city use them: 和暦 dates, errors at the field with the
input kept, version conflicts, the timeline, meetings with materials, survey answers and results."""
import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from jiritsu.outreach.models import FollowUp, Meeting, Response, Survey, Visit
from jiritsu.outreach.services import meetings, surveys, visits
from tests.outreach.conftest import sent_survey, visit_to


def test_it_records_a_visit_typed_with_a_wareki_date(client, world):
    client.force_login(world.policy)
    response = client.post(f"/outreach/bodies/{world.hitachi.pk}/visits/new/", {
        "visited_on": "R7.5.12", "visitors": "課長、担当", "met": "社会福祉課長", "topics": "広域実施の説明",
        "requests": ""})
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/outreach/visits/{visit.pk}/"
    assert visit.visited_on == dt.date(2025, 5, 12) and visit.body == world.hitachi


def test_it_shows_a_bad_date_at_the_field_and_keeps_the_input(client, world):
    client.force_login(world.policy)
    response = client.post(f"/outreach/bodies/{world.hitachi.pk}/visits/new/", {
        "visited_on": "令和7年13月1日", "visitors": "課長", "met": "社会福祉課長", "topics": "広域実施の説明"})
    page = response.content.decode()
    assert response.status_code == 400 and not Visit.objects.exists()
    assert 'id="id_visited_on_error"' in page and "令和7年13月1日" in page and "広域実施の説明" in page


def test_it_says_who_saved_first_and_keeps_the_input_on_a_stale_edit(client, world):
    visit = visit_to(world)
    visits.save_visit(user=world.policy, body=world.hitachi, visit=visit, data={"topics": "先の更新"},
                      expected_version=1)
    client.force_login(world.policy)
    response = client.post(f"/outreach/visits/{visit.pk}/edit/", {
        "version": "1", "visited_on": "2025-05-12", "visitors": "課長", "met": "課長", "topics": "後の更新"})
    assert response.status_code == 409
    assert "他の職員がこの記録を先に更新しました" in response.content.decode() and "後の更新" in response.content.decode()
    visit.refresh_from_db()
    assert visit.topics == "先の更新"


def test_it_adds_a_follow_up_and_lists_it_when_overdue(client, world):
    visit = visit_to(world, on=dt.date(2025, 5, 1))
    client.force_login(world.policy)
    client.post(f"/outreach/visits/{visit.pk}/follow-ups/new/", {"action": "資料を送付する", "due_on": "R7.5.20"})
    assert FollowUp.objects.get().due_on == dt.date(2025, 5, 20)
    page = client.get("/outreach/follow-ups/overdue/").content.decode()
    assert "資料を送付する" in page and "日立市" in page


def test_it_shows_a_body_its_timeline_of_visits_meetings_and_answers(client, world):
    visit = visit_to(world, on=dt.date(2025, 5, 1), topics="初回の顔合わせ")
    visits.add_follow_up(user=world.policy, visit=visit, action="様式を送る", due_on=dt.date(2025, 5, 30))
    meetings.save_meeting(user=world.policy, invited=[world.hitachi], data={
        "kind": Meeting.Kind.STUDY, "title": "任意事業勉強会", "held_on": dt.date(2025, 6, 1), "agenda": "制度説明"})
    survey, q1, _ = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "検討中"})
    client.force_login(world.admin_a)
    page = client.get(f"/outreach/bodies/{world.hitachi.pk}/").content.decode()
    for text in ("初回の顔合わせ", "様式を送る", "任意事業勉強会", "広域実施意向調査", "意向調査に回答"):
        assert text in page, text


def test_it_shows_participation_changes_in_the_timeline(client, world):
    from jiritsu.programs.participation import set_participation

    set_participation(user=world.policy, body=world.hitachi, program="employment_prep", fiscal_year=2025,
                      method="joint")
    client.force_login(world.policy)
    page = client.get(f"/outreach/bodies/{world.hitachi.pk}/").content.decode()
    assert "実施状況の登録" in page and "就労準備支援（広域委託）：R7年度" in page


def test_it_creates_a_meeting_with_its_invited_bodies(client, world):
    client.force_login(world.policy)
    response = client.post("/outreach/meetings/new/", {
        "kind": "operations", "title": "第1回 広域実施運営会議", "held_on": "令和7年6月10日", "place": "県庁",
        "agenda": "支援事例の紹介", "invited": [world.hitachi.pk, world.tsuchiura.pk], "minutes": ""})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.held_on == dt.date(2025, 6, 10)
    assert set(meeting.bodies.values_list("body_id", flat=True)) == {world.hitachi.pk, world.tsuchiura.pk}


def test_it_serves_a_material_to_invited_bodies_as_a_download(client, world, media):
    meeting = meetings.save_meeting(user=world.policy, invited=[world.hitachi], data={
        "kind": "study", "title": "勉強会", "held_on": dt.date(2025, 6, 1), "agenda": "制度"})
    client.force_login(world.policy)
    client.post(f"/outreach/meetings/{meeting.pk}/materials/new/", {
        "title": "説明資料", "file": SimpleUploadedFile("説明.pdf", b"%PDF-1.4 x", content_type="application/pdf")})
    material = meeting.materials.get()
    client.force_login(world.admin_a)
    response = client.get(f"/outreach/materials/{material.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "attachment" in response["Content-Disposition"]


def test_it_shows_an_upload_error_at_the_file_field(client, world, media):
    meeting = meetings.save_meeting(user=world.policy, invited=[], data={
        "kind": "study", "title": "勉強会", "held_on": dt.date(2025, 6, 1), "agenda": "制度"})
    client.force_login(world.policy)
    response = client.post(f"/outreach/meetings/{meeting.pk}/materials/new/", {
        "title": "x", "file": SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")})
    assert response.status_code == 400 and "この種類のファイルは登録できません" in response.content.decode()
    assert not meeting.materials.exists()


def test_it_lets_a_city_answer_and_keeps_its_input_when_a_choice_is_missing(client, world):
    survey, q1, q2 = sent_survey(world)
    client.force_login(world.admin_a)
    response = client.post(f"/outreach/surveys/{survey.pk}/answer/", {"version": "0", f"q{q2.pk}": "事例がほしい"})
    assert response.status_code == 400 and "選択肢から選んでください" in response.content.decode()
    assert "事例がほしい" in response.content.decode() and not Response.objects.exists()
    client.post(f"/outreach/surveys/{survey.pk}/answer/", {"version": "0", f"q{q1.pk}": "参加したい",
                                                           f"q{q2.pk}": "事例がほしい"})
    page = client.get(f"/outreach/surveys/{survey.pk}/").content.decode()
    assert "参加したい" in page and "事例がほしい" in page


def test_it_tabulates_every_answer_with_the_body_for_the_prefecture(client, world):
    survey, q1, q2 = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "参加したい", q2.pk: "研修"})
    client.force_login(world.policy)
    page = client.get(f"/outreach/surveys/{survey.pk}/").content.decode()
    assert "送付 2 団体のうち 1 団体が回答" in page and "<strong>日立市</strong>：研修" in page


def test_it_shows_every_body_the_aggregate_once_published(client, world, admin_b):
    survey, q1, q2 = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "参加したい", q2.pk: "研修"})
    surveys.publish_results(user=world.policy, survey=survey, published_on=dt.date(2025, 8, 1),
                            expected_version=survey.version)
    client.force_login(admin_b)
    page = client.get(f"/outreach/surveys/{survey.pk}/").content.decode()
    assert "集計結果" in page and "送付 2 団体のうち 1 団体が回答" in page and "研修" in page
    assert "日立市" not in page


def test_it_offers_the_outreach_pages_in_the_menu_to_the_prefecture_and_bodies_only(client, world):
    for user, expected in ((world.policy, True), (world.admin_a, True), (world.worker_a, True),
                           (world.prep_staff, False), (world.developer, False), (world.auditor, False)):
        client.force_login(user)
        assert ("市町村との連携" in client.get("/", follow=True).content.decode()) is expected, user.username


def test_it_shows_the_phase_view_with_counts_per_phase(client, world):
    client.force_login(world.policy)
    page = client.get("/outreach/phases/").content.decode()
    assert "段階ごとの団体数" in page and "日立市" in page and "準備期" in page


def test_it_marks_a_follow_up_done_from_its_form(client, world):
    visit = visit_to(world, on=dt.date(2025, 5, 1))
    item = visits.add_follow_up(user=world.policy, visit=visit, action="資料送付", due_on=dt.date(2025, 5, 20))
    client.force_login(world.policy)
    response = client.post(f"/outreach/follow-ups/{item.pk}/edit/", {
        "version": "1", "action": "資料送付", "due_on": "R7.5.20", "done_on": "R7.5.18", "note": "郵送済み"})
    item.refresh_from_db()
    assert response.status_code == 302 and item.done_on == dt.date(2025, 5, 18) and item.note == "郵送済み"
    assert "資料送付" not in client.get("/outreach/follow-ups/overdue/").content.decode()


def test_it_drafts_a_survey_adds_a_choice_question_and_sends_it(client, world):
    client.force_login(world.policy)
    response = client.post("/outreach/surveys/new/", {
        "title": "意向調査", "purpose": "", "due_on": "令和7年7月31日", "bodies": [world.hitachi.pk]})
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.due_on == dt.date(2025, 7, 31)
    bad = client.post(f"/outreach/surveys/{survey.pk}/questions/new/", {
        "text": "参加の意向", "kind": "choice", "choices": "参加したい"})
    assert bad.status_code == 400 and "異なる選択肢を2つ以上" in bad.content.decode()
    client.post(f"/outreach/surveys/{survey.pk}/questions/new/", {
        "text": "参加の意向", "kind": "choice", "choices": "参加したい\n検討中\n"})
    client.post(f"/outreach/surveys/{survey.pk}/send/", {"version": "1", "on": "R7.7.1"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.sent_on == dt.date(2025, 7, 1)
    assert list(survey.questions.values_list("choices", flat=True)) == [["参加したい", "検討中"]]
