"""A provider's 今日の業務: new hand-offs, late progress, monitoring to report for; each row opens the form."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, ProgressRecord
from jiritsu.cases.provider_work import provider_work
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


@pytest.fixture
def handed(world, today):
    """A case in support handed to the 就労準備 provider 10 days ago."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=today - dt.timedelta(days=10))
    return case


def record(world, case, on):
    return services.record_progress(user=world.prep_staff, case=case, occurred_on=on, kind="interview", text="面談")


def kinds(world, today, case):
    return {w["key"] for w in provider_work(world.prep_staff, today)["lists"]
            if any(r.handoff.case_id == case.pk for r in w["rows"])}


def test_a_new_hand_off_without_a_record_asks_for_the_first_record_and_opens_the_form(client, world, today, handed):
    client.force_login(world.prep_staff)
    html = client.get(reverse("today")).content.decode()
    form = reverse("case_progress_new", args=[handed.pk])
    assert "新しい引継ぎ（まだ記録がない）" in html and "初回の支援経過を記録する" in html
    assert f'href="{form}"' in html
    assert client.get(form).status_code == 200  # the row's link opens the form the provider may use
    assert kinds(world, today, handed) == {"new"}


def test_a_recent_record_takes_the_case_off_the_lists_but_its_row_still_opens_the_form(client, world, today, handed):
    record(world, handed, today)
    assert kinds(world, today, handed) == set()
    row = provider_work(world.prep_staff, today)["caseload"][0]
    assert row.kind == "on_track" and row.url == reverse("case_progress_new", args=[handed.pk])
    client.force_login(world.prep_staff)
    assert "支援経過を記録する" in client.get(reverse("today")).content.decode()


def hand_every(world, today, days, *, started_days_ago=10):
    """A case in support handed to the 就労準備 provider with a report frequency of `days`."""
    case = advance_case(world, new_case(world, given_name=f"頻度{days}", phone=f"090-7777-{days:04d}"), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=today - dt.timedelta(days=started_days_ago), report_every_days=days)
    return case


def test_a_record_is_late_the_day_after_the_hand_offs_report_frequency_has_passed(world, today):
    case = hand_every(world, today, 7)
    record(world, case, today - dt.timedelta(days=8))
    [row] = provider_work(world.prep_staff, today)["lists"][1]["rows"]
    assert row.handoff.case_id == case.pk and row.overdue and "前回" in row.action
    assert row.due == today - dt.timedelta(days=1)


def test_a_record_within_the_frequency_is_not_late_and_shows_when_the_next_is_due(world, today):
    case = hand_every(world, today, 7)
    record(world, case, today - dt.timedelta(days=3))
    assert kinds(world, today, case) == set()
    row = provider_work(world.prep_staff, today)["caseload"][0]
    assert row.kind == "on_track" and row.due == today + dt.timedelta(days=4) and not row.overdue


def test_on_the_day_the_next_report_is_due_the_case_is_not_yet_late(world, today):
    case = hand_every(world, today, 14, started_days_ago=20)
    record(world, case, today - dt.timedelta(days=14))
    assert kinds(world, today, case) == set()
    assert kinds(world, today + dt.timedelta(days=1), case) == {"late"}


def test_the_frequency_is_the_hand_offs_not_the_bodys_monitoring_interval(world, today):
    weekly, quarterly = (hand_every(world, today, days, started_days_ago=50) for days in (7, 90))
    for case in (weekly, quarterly):
        record(world, case, today - dt.timedelta(days=40))
    assert weekly.body.monitoring_interval_days == 30
    assert kinds(world, today, weekly) == {"late"} and kinds(world, today, quarterly) == set()


def test_no_report_yet_stays_new_and_is_overdue_once_a_frequency_has_passed_since_the_hand_off(world, today):
    case = hand_every(world, today, 7, started_days_ago=7)
    [row] = [r for r in provider_work(world.prep_staff, today)["lists"][0]["rows"] if r.handoff.case_id == case.pk]
    assert row.kind == "new" and not row.overdue
    [row] = [r for r in provider_work(world.prep_staff, today + dt.timedelta(days=1))["lists"][0]["rows"]
             if r.handoff.case_id == case.pk]
    assert row.kind == "new" and row.overdue


def test_the_provider_sees_each_cases_report_frequency(client, world, today):
    hand_every(world, today, 14)
    client.force_login(world.prep_staff)
    assert "報告 14日ごと" in client.get(reverse("today")).content.decode()


def test_monitoring_due_soon_asks_for_a_report_since_the_last_monitoring(world, today, handed):
    record(world, handed, today - dt.timedelta(days=5))
    services.record_monitoring(user=world.worker_a, case=handed, monitored_on=today - dt.timedelta(days=2),
                               delivery="順調", next_due=today + dt.timedelta(days=5))
    handed.refresh_from_db()
    assert handed.monitoring_due == today + dt.timedelta(days=5)
    assert kinds(world, today, handed) == {"monitoring"}
    record(world, handed, today)
    assert kinds(world, today, handed) == set()


def test_it_shows_only_the_providers_open_hand_offs_and_audits_them(client, world, today, handed):
    other = advance_case(world, new_case(world, given_name="次郎", phone="090-2222-3333"), Status.IN_SUPPORT)
    ended = services.hand_off(user=world.worker_a, case=other, provider=world.prep_provider,
                              program=Program.EMPLOYMENT_PREP, started_on=today - dt.timedelta(days=3))
    services.end_handoff(user=world.worker_a, handoff=ended, ended_on=today, reason="本人の希望")
    client.force_login(world.prep_staff)
    html = client.get(reverse("today")).content.decode()
    assert handed.case_number in html and other.case_number not in html
    assert AccessLog.objects.filter(username="prep_staff", case_id=handed.pk, what="今日の業務一覧").exists()
    assert not AccessLog.objects.filter(username="prep_staff", case_id=other.pk).exists()


def test_a_record_by_the_agency_does_not_count_as_the_providers(world, today, handed):
    services.record_progress(user=world.worker_a, case=handed, occurred_on=today, kind="phone", text="確認")
    assert ProgressRecord.objects.filter(case=handed).count() == 1
    assert kinds(world, today, handed) == {"new"}
    assert Case.objects.get(pk=handed.pk).status == Status.IN_SUPPORT


def test_the_lists_cost_the_same_queries_however_many_hand_offs(client, world, today, handed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.prep_staff)
    client.get(reverse("today"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("today"))
    for i in range(3):
        case = advance_case(world, new_case(world, given_name=f"三郎{i}", phone=f"090-4444-{i:04d}"), Status.IN_SUPPORT)
        services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                          program=Program.EMPLOYMENT_PREP, started_on=today)
    with CaptureQueriesContext(connection) as four:
        html = client.get(reverse("today")).content.decode()
    assert html.count("初回の支援経過を記録する") >= 4
    assert len(four.captured_queries) == len(one.captured_queries)
