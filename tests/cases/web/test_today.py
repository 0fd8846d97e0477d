"""今日の業務: each list with its next action and counts, by role; constant queries; audited."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services, worklists
from jiritsu.cases.choices import Status
from tests.factories import advance_case, new_case


def section(html: str, anchor: str) -> str:
    """The HTML of one list (from its section to the next one)."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start)
    return html[start:end if end > 0 else None]


@pytest.fixture
def day(world, today, days_ago):
    """One case for every list of the Today page."""
    cases = {
        "received": new_case(world, given_name="受付"),
        "support": advance_case(world, new_case(world, given_name="支援中"), Status.IN_SUPPORT),
        "evaluate": advance_case(world, new_case(world, given_name="評価", received_on=days_ago(200),
                                                 phone="090-2222-0001"), Status.IN_SUPPORT),
        "urgent": advance_case(world, new_case(world, given_name="急迫", phone="090-2222-0002"), Status.APPLIED),
        "withdrawn": advance_case(world, new_case(world, given_name="撤回", phone="090-2222-0003"), Status.ASSESSED),
        "drafted": advance_case(world, new_case(world, given_name="会議", phone="090-2222-0004"), Status.PLAN_DRAFTED),
    }
    services.start_urgent_shelter(user=world.worker_a, case=cases["urgent"], provider=world.shelter_provider,
                                  started_on=today, reason="寮を退去、所持金なし")
    services.withdraw_consent(user=world.worker_a, case=cases["withdrawn"], withdrawn_on=today, note="本人の申出")
    meeting = services.create_meeting(user=world.chief_a, held_on=today + dt.timedelta(days=5), place="第1会議室")
    services.add_to_agenda(user=world.worker_a, meeting=meeting, case=cases["drafted"])
    for case in cases.values():
        case.refresh_from_db()
    return cases


def get_today(client, user, **params):
    client.force_login(user)
    return client.get(reverse("today"), params)


def test_it_lists_what_each_case_waits_for(client, world, day):
    html = get_today(client, world.worker_a).content.decode()
    awaiting = section(html, "awaiting")
    assert day["received"].case_number in awaiting and "振り分けを行う" in awaiting
    assert day["drafted"].case_number in awaiting and "支援調整会議に付議する" in awaiting
    assert day["support"].case_number not in awaiting
    assert reverse("case_detail", args=[day["received"].pk]) in awaiting


def test_it_marks_overdue_monitoring_and_evaluation(client, world, day):
    html = get_today(client, world.worker_a).content.decode()
    monitoring = section(html, "monitoring")
    # Decided 99 days ago with a 30-day interval and no monitoring yet: overdue.
    assert day["support"].case_number in monitoring and "期限超過" in monitoring
    evaluation = section(html, "evaluation")
    assert day["evaluate"].case_number in evaluation and "期限超過" in evaluation
    assert day["support"].case_number not in evaluation  # its plan runs another 70 days


def test_it_drops_monitoring_once_done_until_the_next_date(client, world, day, today):
    services.record_monitoring(user=world.worker_a, case=day["support"], monitored_on=today, delivery="順調",
                               next_due=today + dt.timedelta(days=30))
    html = get_today(client, world.worker_a).content.decode()
    assert day["support"].case_number not in section(html, "monitoring")
    services.record_monitoring(user=world.worker_a, case=day["support"], monitored_on=today, delivery="順調",
                               next_due=today + dt.timedelta(days=3))
    monitoring = section(get_today(client, world.worker_a).content.decode(), "monitoring")
    assert day["support"].case_number in monitoring and "期限超過" not in monitoring.split(day["support"].case_number)[0][-200:]


def test_it_shows_the_next_meeting_urgent_cases_and_consent_problems(client, world, day):
    html = get_today(client, world.worker_a).content.decode()
    assert day["drafted"].case_number in section(html, "meeting") and "第1会議室" in section(html, "meeting")
    assert day["urgent"].case_number in section(html, "urgent")
    consent = section(html, "consent")
    assert day["withdrawn"].case_number in consent and "撤回" in consent
    assert day["received"].case_number not in consent  # no application expected yet


def test_it_counts_each_list(world, day, today):
    lists = worklists.today(world.worker_a, today)["lists"]
    assert lists["awaiting"]["total"] == 4  # received, urgent (applied), withdrawn (assessed), drafted
    assert lists["monitoring"]["total"] == 2 and lists["monitoring"]["overdue"] == 2
    assert lists["evaluation"]["total"] == 1 and lists["urgent"]["total"] == 1
    assert lists["consent"]["total"] == 1


def test_it_can_show_only_the_worker_s_own_cases(client, world, day):
    mine = new_case(world, user=world.chief_a, given_name="主任担当", phone="090-2222-0009")
    assert day["received"].case_number in get_today(client, world.chief_a).content.decode()
    html = get_today(client, world.chief_a, mine="1").content.decode()
    assert mine.case_number in html and day["received"].case_number not in html


def test_it_records_the_cases_shown_once_each(client, world, day):
    get_today(client, world.worker_a)
    rows = AccessLog.objects.filter(action="read", what="今日の業務一覧")
    assert sorted(r.case_id for r in rows) == sorted(c.pk for c in day.values())


# Session, user (with staff, organisation and body), the body's latest write; one per list (first rows and
# total together), waiting cases by status, the next meeting and its agenda, the shown cases; the sections of
# other domains (the shelter's stays to act on); the audit insert.
TODAY_MAX_QUERIES = 15


def test_it_uses_the_same_number_of_queries_however_long_the_lists(client, world, day, days_ago,
                                                                   django_assert_max_num_queries):
    client.force_login(world.worker_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("today"))
    for i in range(6):
        new_case(world, given_name=f"追加{i}", phone=f"090-3333-{i:04d}")
        advance_case(world, new_case(world, given_name=f"支援{i}", phone=f"090-4444-{i:04d}",
                                     received_on=days_ago(200)), Status.IN_SUPPORT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        res = client.get(reverse("today"))
    assert res.status_code == 200 and len(few.captured_queries) <= TODAY_MAX_QUERIES


def test_it_caps_long_lists_and_still_counts_them(client, world, day, days_ago, django_assert_max_num_queries):
    older = [new_case(world, given_name=f"多数{i}", phone=f"090-5555-{i:04d}", received_on=days_ago(300 + i))
             for i in range(worklists.LIMIT + 5)]
    client.force_login(world.worker_a)
    with django_assert_max_num_queries(TODAY_MAX_QUERIES):
        html = client.get(reverse("today")).content.decode()
    awaiting = section(html, "awaiting")
    assert f"<strong>{worklists.LIMIT + 6}</strong>件" in awaiting  # waiting for triage: the day's one, 15 older
    assert f"{worklists.LIMIT + 4 + 5}件" in awaiting and f"古い順に {worklists.LIMIT} 件を表示" in awaiting
    assert f'href="{reverse("work_list", args=["awaiting"])}"' in awaiting
    assert older[-1].case_number in awaiting and day["received"].case_number not in awaiting  # oldest first
    shown = set(AccessLog.objects.filter(action="read", what="今日の業務一覧").values_list("case_id", flat=True))
    # The ten oldest waiting cases, and every case of the other lists (some of them are waiting too).
    assert shown == {c.pk for c in older[-worklists.LIMIT:]} | {day[k].pk for k in day if k != "received"}


def test_it_counts_every_overdue_case_not_only_those_shown(world, day, days_ago, today):
    for i in range(worklists.LIMIT + 2):
        advance_case(world, new_case(world, given_name=f"期限{i}", phone=f"090-6666-{i:04d}",
                                     received_on=days_ago(150)), Status.IN_SUPPORT)
    monitoring = worklists.today(world.worker_a, today)["lists"]["monitoring"]
    assert len(monitoring["rows"]) == worklists.LIMIT and monitoring["more"]
    assert monitoring["total"] == monitoring["overdue"] == worklists.LIMIT + 4


def test_it_shows_a_body_admin_the_body_s_lists(client, world, day):
    html = get_today(client, world.admin_a).content.decode()
    assert day["received"].case_number in html


def test_it_shows_a_provider_its_caseload(client, world, day):
    services.hand_off(user=world.worker_a, case=day["support"], provider=world.prep_provider,
                      program="employment_prep", started_on=day["support"].received_on + dt.timedelta(days=25))
    html = get_today(client, world.prep_staff).content.decode()
    assert day["support"].case_number in html and "就労準備支援" in html
    assert day["received"].case_number not in html and day["urgent"].case_number not in html
    shelter = get_today(client, world.shelter_staff).content.decode()
    assert day["urgent"].case_number in shelter and "急迫" in shelter
    assert AccessLog.objects.filter(username="prep_staff", case_id=day["support"].pk, what="今日の業務一覧").exists()


@pytest.mark.parametrize("who", ["policy", "auditor", "developer"])
def test_it_shows_no_personal_data_to_roles_without_case_access(client, world, day, who):
    res = get_today(client, getattr(world, who))
    if who == "policy":  # the prefecture starts its day on 県の概況: counts, never a person
        assert res.status_code == 302
        res = client.get(res["Location"])
    html = res.content.decode()
    assert res.status_code == 200 and ("個人のケース情報は閲覧できません" in html or who == "policy")
    assert all(c.case_number not in html for c in day.values()) and "山田" not in html
    assert not AccessLog.objects.filter(username=who, what="今日の業務一覧").exists()


def test_it_shows_another_city_only_its_own_cases(client, world, day):
    assert day["received"].case_number in get_today(client, world.worker_a).content.decode()
    html = get_today(client, world.worker_b).content.decode()
    assert all(c.case_number not in html for c in day.values())


def test_a_view_without_changes_since_the_last_reads_no_list_and_is_audited_again(client, world, day,
                                                                                  django_assert_num_queries):
    get_today(client, world.worker_a)
    with django_assert_num_queries(4):  # session, user, the body's latest write, the audit insert
        html = client.get(reverse("today")).content.decode()
    assert day["received"].case_number in section(html, "awaiting")
    rows = AccessLog.objects.filter(action="read", what="今日の業務一覧", case_id=day["received"].pk)
    assert rows.count() == 2


def test_every_change_to_the_body_s_data_shows_on_the_next_view(client, world, day, today):
    get_today(client, world.worker_a)
    meeting = services.create_meeting(user=world.chief_a, held_on=today + dt.timedelta(days=2), place="第2会議室")
    assert "第2会議室" in section(get_today(client, world.worker_a).content.decode(), "meeting")
    services.update_meeting(user=world.chief_a, meeting=meeting, expected_version=meeting.version,
                            data={"place": "大会議室"})
    assert "大会議室" in section(get_today(client, world.worker_a).content.decode(), "meeting")
    services.update_client(user=world.worker_a, case=day["received"], expected_version=day["received"].client.version,
                           data={"given_name": "改名"})
    assert "山田 改名" in section(get_today(client, world.worker_a).content.decode(), "awaiting")
    services.triage(user=world.worker_a, case=day["received"], outcome="continue", decided_on=today)
    awaiting = section(get_today(client, world.worker_a).content.decode(), "awaiting")
    assert "利用申込・本人同意を受ける" in awaiting.split(day["received"].case_number)[1][:800]
