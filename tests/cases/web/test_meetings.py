"""支援調整会議 pages: list, create, agenda with outcomes per case, minutes with conflict check."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import MeetingOutcome, Status
from jiritsu.cases.models import Meeting
from tests.factories import advance_case, new_case


@pytest.fixture
def meeting(world, today):
    return services.create_meeting(user=world.chief_a, held_on=today, place="市役所会議室", members="主任\n担当")


def on_agenda(world, meeting, n=1):
    cases = []
    for i in range(n):
        case = advance_case(world, new_case(world, family_name=f"議題{i}"), Status.PLAN_DRAFTED)
        services.add_to_agenda(user=world.worker_a, meeting=meeting, case=case)
        cases.append(case)
    return cases


def test_it_lists_upcoming_and_past_meetings(client, world, today, meeting):
    services.create_meeting(user=world.admin_a, held_on=today - dt.timedelta(days=30), place="前回の会場")
    services.create_meeting(user=_chief_b(world), held_on=today, place="土浦の会場")
    client.force_login(world.chief_a)
    html = client.get(reverse("meeting_list")).content.decode()
    assert html.index("市役所会議室") < html.index("過去の会議") < html.index("前回の会場")
    assert "土浦の会場" not in html and reverse("meeting_new") in html


def _chief_b(world):
    from jiritsu.orgs.models import Role
    from tests.factories import make_user

    return make_user("chief_b", world.agency_b, Role.CHIEF)


def test_it_creates_a_meeting_with_a_wareki_date(client, world):
    client.force_login(world.admin_a)
    res = client.post(reverse("meeting_new"), {"held_on": "R8.12.1", "place": "第1会議室", "members": "担当"})
    meeting = Meeting.objects.get()
    assert res.status_code == 302 and meeting.held_on == dt.date(2026, 12, 1) and meeting.body == world.hitachi


def test_it_keeps_input_when_the_meeting_date_is_unreadable(client, world):
    client.force_login(world.chief_a)
    res = client.post(reverse("meeting_new"), {"held_on": "来週", "place": "第1会議室"})
    html = res.content.decode()
    assert res.status_code == 200 and "日付として読めません" in html and 'value="第1会議室"' in html
    assert not Meeting.objects.exists()


def test_it_shows_the_agenda_and_audits_each_case_shown(client, world, meeting):
    cases = on_agenda(world, meeting, 2)
    client.force_login(world.chief_a)
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "議題0 花子" in html and "議題1 花子" in html and "プラン第1版" in html
    logged = AccessLog.objects.filter(action="read", what="支援調整会議の議題", username="chief_a")
    assert sorted(logged.values_list("case_id", flat=True)) == sorted(c.pk for c in cases)


def test_it_reads_the_agenda_in_a_constant_number_of_queries(client, world, meeting, django_assert_max_num_queries):
    on_agenda(world, meeting, 1)
    client.force_login(world.chief_a)
    client.get(reverse("meeting_detail", args=[meeting.pk]))
    with django_assert_max_num_queries(12) as ctx:
        client.get(reverse("meeting_detail", args=[meeting.pk]))
    few = len(ctx.captured_queries)
    on_agenda(world, meeting, 4)
    with django_assert_max_num_queries(few):
        client.get(reverse("meeting_detail", args=[meeting.pk]))


def test_it_records_approval_and_per_person_minutes(client, world, meeting):
    (case,) = on_agenda(world, meeting)
    item = meeting.items.get()
    client.force_login(world.chief_a)
    res = client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "approved", "note": "就労準備で了承"})
    assert res.status_code == 302
    case.refresh_from_db()
    item.refresh_from_db()
    assert case.status == Status.PLAN_APPROVED and item.note == "就労準備で了承"
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "就労準備で了承" in html and 'action="/meetings/items/' not in html


def test_it_returns_a_plan_for_revision_and_lets_it_go_back_on_an_agenda(client, world, meeting):
    (case,) = on_agenda(world, meeting)
    item = meeting.items.get()
    client.force_login(world.admin_a)
    client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "revise", "note": "目標を具体的に"})
    case.refresh_from_db()
    assert case.status == Status.PLAN_DRAFTED
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("case_agenda", args=[case.pk])}" id="primary-action"' in html
    assert reverse("case_plan_edit", args=[case.pk, item.plan_id]) in html


def test_it_refuses_an_outcome_twice_with_409(client, world, meeting):
    on_agenda(world, meeting)
    item = meeting.items.get()
    client.force_login(world.chief_a)
    client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "approved"})
    res = client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "revise", "note": "やり直し"})
    assert res.status_code == 409 and "すでに記録されています" in res.content.decode()
    item.refresh_from_db()
    assert item.outcome == MeetingOutcome.APPROVED


def test_it_requires_an_outcome_choice(client, world, meeting):
    on_agenda(world, meeting)
    item = meeting.items.get()
    client.force_login(world.chief_a)
    res = client.post(reverse("meeting_item", args=[item.pk]), {"note": "議論した"})
    assert res.status_code == 200 and "議論した" in res.content.decode()
    item.refresh_from_db()
    assert item.outcome == MeetingOutcome.PENDING


def test_it_saves_minutes_and_reports_a_conflict_keeping_the_input(client, world, meeting):
    client.force_login(world.chief_a)
    url = reverse("meeting_edit", args=[meeting.pk])
    form = {"held_on": meeting.held_on.isoformat(), "place": meeting.place, "members": meeting.members,
            "minutes": "私の会議録", "version": meeting.version}
    services.update_meeting(user=world.admin_a, meeting=meeting, expected_version=meeting.version,
                            data={"minutes": "先に保存された会議録"})
    res = client.post(url, form)
    html = res.content.decode()
    assert res.status_code == 409 and "他の職員がこの記録を先に更新しました" in html and "私の会議録" in html
    meeting.refresh_from_db()
    assert meeting.minutes == "先に保存された会議録"
    form["version"] = meeting.version
    assert client.post(url, form).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "私の会議録"


def test_it_lets_a_worker_read_but_not_manage_meetings(client, world, meeting):
    on_agenda(world, meeting)
    item = meeting.items.get()
    client.force_login(world.worker_a)
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meeting_new")).status_code == 403
    assert client.get(reverse("meeting_edit", args=[meeting.pk])).status_code == 403
    res = client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "approved"})
    assert res.status_code == 403 and "権限がありません" in res.content.decode()
    item.refresh_from_db()
    assert item.outcome == MeetingOutcome.PENDING


@pytest.mark.parametrize("who", ["worker_b", "prep_staff", "policy", "auditor", "developer"])
def test_it_hides_another_bodys_meetings(client, world, meeting, who):
    on_agenda(world, meeting)
    item = meeting.items.get()
    client.force_login(getattr(world, who))
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meeting_item", args=[item.pk])).status_code == 404
    assert client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "approved"}).status_code == 404
    assert client.get(reverse("meeting_edit", args=[meeting.pk])).status_code == 404
    html = client.get(reverse("meeting_list")).content.decode()
    assert "市役所会議室" not in html
