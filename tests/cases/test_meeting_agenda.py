"""Meetings as offices run them: re-tabling at the same meeting, withdrawing and moving items before the
outcome, today's 臨時 meeting, and the status that says where a case stands after each outcome."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import EvaluationDecision, MeetingKind, MeetingOutcome, Status
from jiritsu.cases.models import Meeting, MeetingItem
from jiritsu.cases.process import InvalidStep
from jiritsu.orgs.models import Role
from jiritsu.programs.catalog import PlanService
from tests.factories import advance_case, make_user, new_case, plan_data


@pytest.fixture
def drafted(world):
    return advance_case(world, new_case(world), Status.PLAN_DRAFTED)


@pytest.fixture
def today_meeting(world, today):
    return services.create_meeting(user=world.chief_a, held_on=today, place="第1会議室")


@pytest.fixture
def next_month(world, today):
    return services.create_meeting(user=world.chief_a, held_on=today + dt.timedelta(days=30), place="定例会場")


def _status(case):
    case.refresh_from_db()
    return case.status


# ---- re-tabling at the same meeting (was an IntegrityError) ----

def test_a_plan_sent_back_is_tabled_again_at_the_same_meeting_and_both_items_are_kept(world, drafted, today_meeting):
    first = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=drafted)
    services.record_meeting_outcome(user=world.chief_a, item=first, outcome=MeetingOutcome.REVISE, note="目標を具体的に")
    plan = drafted.plans.get()
    services.update_plan(user=world.worker_a, plan=plan, expected_version=plan.version,
                         data=plan_data(plan.drafted_on, ()), goals=[("週3回通所する", None)])
    second = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=drafted)
    services.record_meeting_outcome(user=world.chief_a, item=second, outcome=MeetingOutcome.APPROVED, note="了承")
    assert list(today_meeting.items.values_list("outcome", "note")) == [
        (MeetingOutcome.REVISE, "目標を具体的に"), (MeetingOutcome.APPROVED, "了承")]
    assert _status(drafted) == Status.PLAN_APPROVED


def test_a_re_plan_is_tabled_at_the_same_meeting_that_approved_the_first_plan(world, today, today_meeting):
    case = advance_case(world, new_case(world, received_on=today - dt.timedelta(days=30)), Status.PLAN_DRAFTED)
    first = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=first, outcome=MeetingOutcome.APPROVED)
    services.decide(user=world.admin_a, case=case, decided_on=today)
    services.draft_plan(user=world.worker_a, case=case, data=plan_data(today, ()), goals=[("再就職", None)])
    second = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=second, outcome=MeetingOutcome.APPROVED)
    assert _status(case) == Status.PLAN_APPROVED
    assert [(i.plan.number, i.outcome) for i in today_meeting.items.all()] == [
        (1, MeetingOutcome.APPROVED), (2, MeetingOutcome.APPROVED)]


def test_the_database_allows_one_undecided_item_per_case(world, drafted, today_meeting, next_month):
    item = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=drafted)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingItem.objects.create(meeting=next_month, case=drafted, kind=item.kind, plan=item.plan)


def test_tabling_a_case_already_on_an_agenda_is_refused(world, drafted, today_meeting, next_month):
    services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    with pytest.raises(InvalidStep) as exc:
        services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=drafted)
    assert exc.value.reason == "already_on_agenda"


# ---- withdraw and move ----

def test_withdrawing_an_item_keeps_it_marked_and_lets_the_case_be_tabled_again(world, drafted, next_month):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    services.withdraw_agenda_item(user=world.worker_a, item=item, reason="本人と相談のうえ見直す")
    item.refresh_from_db()
    assert (item.outcome, item.note, item.decided_by) == (MeetingOutcome.WITHDRAWN, "本人と相談のうえ見直す",
                                                           world.worker_a)
    assert _status(drafted) == Status.PLAN_DRAFTED
    services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    assert next_month.items.count() == 2


def test_withdrawing_needs_a_reason_and_an_undecided_item(world, drafted, today_meeting):
    item = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=drafted)
    with pytest.raises(Exception) as exc:
        services.withdraw_agenda_item(user=world.worker_a, item=item, reason="  ")
    assert "取り下げの理由" in str(exc.value)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    with pytest.raises(InvalidStep) as refused:
        services.withdraw_agenda_item(user=world.worker_a, item=item, reason="遅すぎた")
    assert refused.value.reason == "agenda_item_decided"


def test_moving_an_item_leaves_a_trace_on_the_old_meeting(world, drafted, today_meeting, next_month):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    moved = services.move_agenda_item(user=world.worker_a, item=item, to=today_meeting, reason="決定を急ぐ")
    item.refresh_from_db()
    assert item.outcome == MeetingOutcome.MOVED and item.note == "決定を急ぐ" and moved.moved_from == item
    assert moved.meeting == today_meeting and moved.plan_id == item.plan_id
    assert AccessLog.objects.filter(case_id=drafted.pk, what__contains="の議題を支援調整会議").exists()


@pytest.mark.parametrize("where", ["same", "past", "other_body"])
def test_moving_to_a_meeting_that_cannot_take_it_is_refused(world, drafted, today, next_month, where):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    if where == "same":
        target = next_month
    elif where == "past":
        target = services.create_meeting(user=world.chief_a, held_on=today - dt.timedelta(days=1))
    else:
        target = services.create_meeting(user=make_user("chief_b", world.agency_b, Role.CHIEF), held_on=today)
    with pytest.raises((InvalidStep, Exception)):
        services.move_agenda_item(user=world.worker_a, item=item, to=target)
    item.refresh_from_db()
    assert item.outcome == MeetingOutcome.PENDING and drafted.meeting_items.count() == 1


def test_providers_cannot_change_an_agenda(world, drafted, next_month):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    with pytest.raises(Exception, match="権限"):
        services.withdraw_agenda_item(user=world.prep_staff, item=item, reason="x")


# ---- 臨時 ----

def test_a_result_cannot_be_recorded_before_the_meeting_but_the_item_can_go_to_todays_extraordinary_meeting(
        world, drafted, next_month, today):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    with pytest.raises(InvalidStep) as early:
        services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    assert early.value.reason == "meeting_not_held" and "臨時" in early.value.message
    moved = services.move_agenda_item(user=world.chief_a, item=item)  # no meeting named: today's 臨時 one
    assert moved.meeting.kind == MeetingKind.EXTRAORDINARY and moved.meeting.held_on == today
    services.record_meeting_outcome(user=world.chief_a, item=moved, outcome=MeetingOutcome.APPROVED)
    assert _status(drafted) == Status.PLAN_APPROVED


def test_todays_extraordinary_meeting_is_opened_once(world, today):
    first = services.extraordinary_meeting_today(user=world.chief_a)
    again = services.extraordinary_meeting_today(user=world.admin_a)
    assert first == again and Meeting.objects.filter(held_on=today, kind=MeetingKind.EXTRAORDINARY).count() == 1


def test_a_worker_cannot_open_an_extraordinary_meeting(world, drafted, next_month):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    with pytest.raises(Exception, match="権限"):
        services.move_agenda_item(user=world.worker_a, item=item)
    assert not Meeting.objects.filter(kind=MeetingKind.EXTRAORDINARY).exists()


# ---- the status after each outcome ----

def test_after_the_meeting_confirms_an_evaluation_the_status_no_longer_waits_for_it(world, today_meeting):
    case = advance_case(world, new_case(world), Status.EVALUATED)
    assert "確認待ち" in case.get_status_display()
    item = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    case.refresh_from_db()
    assert case.status == Status.EVALUATION_CONFIRMED and "確認待ち" not in case.get_status_display()
    services.close_case(user=world.worker_a, case=case, closed_on=case.received_on + dt.timedelta(days=100),
                        reason="goal_achieved")
    assert _status(case) == Status.CLOSED


def test_an_evaluation_sent_back_still_waits_for_the_meeting(world, today_meeting):
    case = advance_case(world, new_case(world), Status.EVALUATED)
    item = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.REVISE)
    assert _status(case) == Status.EVALUATED
    services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)  # re-tabled the same day


def test_a_confirmed_re_plan_decision_allows_the_re_plan_only(world, today, today_meeting):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.record_evaluation(user=world.worker_a, case=case, evaluated_on=today, goals_achieved="一部",
                               decision=EvaluationDecision.REPLAN)
    item = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    with pytest.raises(InvalidStep):
        services.continue_plan(user=world.worker_a, case=case)
    services.draft_plan(user=world.worker_a, case=case, data=plan_data(today, ()), goals=[("再挑戦", None)])
    assert _status(case) == Status.PLAN_DRAFTED


def test_closing_a_case_withdraws_its_undecided_item(world, drafted, next_month, today):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    services.close_case(user=world.worker_a, case=drafted, closed_on=today, reason="moved")
    item.refresh_from_db()
    assert item.outcome == MeetingOutcome.WITHDRAWN and "終結" in item.note


# ---- pages ----

def test_the_agenda_page_offers_todays_extraordinary_meeting_to_a_chief_only(client, world, drafted, next_month):
    client.force_login(world.worker_a)
    html = client.get(reverse("case_agenda", args=[drafted.pk])).content.decode()
    assert "臨時の支援調整会議を開く" not in html and "主任相談支援員または自治体担当者が本日臨時" in html
    client.force_login(world.chief_a)
    html = client.get(reverse("case_agenda", args=[drafted.pk])).content.decode()
    assert "臨時の支援調整会議を開く" in html


def test_a_chief_tables_a_case_at_a_new_extraordinary_meeting_from_the_case(client, world, drafted, today):
    client.force_login(world.chief_a)
    res = client.post(reverse("case_agenda", args=[drafted.pk]), {"meeting": "extraordinary"})
    assert res.status_code == 302
    item = drafted.meeting_items.get()
    assert item.meeting.kind == MeetingKind.EXTRAORDINARY and item.meeting.held_on == today


def test_the_item_page_moves_and_withdraws_and_shows_where_it_went(client, world, drafted, today_meeting, next_month):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    client.force_login(world.worker_a)
    page = client.get(reverse("meeting_item", args=[item.pk])).content.decode()
    assert "別の会議へ移す" in page and "開催日以降に記録できます" in page
    res = client.post(reverse("meeting_item_move", args=[item.pk]), {"move-meeting": today_meeting.pk})
    moved = drafted.meeting_items.get(outcome=MeetingOutcome.PENDING)
    assert res.status_code == 302 and res.url == reverse("meeting_detail", args=[today_meeting.pk])
    old = client.get(reverse("meeting_detail", args=[next_month.pk])).content.decode()
    assert "他の会議へ移動" in old and today_meeting.title in old
    res = client.post(reverse("meeting_item_withdraw", args=[moved.pk]), {"withdraw-reason": ""})
    assert res.status_code == 200 and "入力内容を確認してください" in res.content.decode()
    res = client.post(reverse("meeting_item_withdraw", args=[moved.pk]), {"withdraw-reason": "見直す"})
    assert res.status_code == 302
    moved.refresh_from_db()
    assert moved.outcome == MeetingOutcome.WITHDRAWN


def test_withdrawing_twice_answers_409_with_the_reason(client, world, drafted, next_month):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    client.force_login(world.worker_a)
    client.post(reverse("meeting_item_withdraw", args=[item.pk]), {"withdraw-reason": "見直す"})
    res = client.post(reverse("meeting_item_withdraw", args=[item.pk]), {"withdraw-reason": "もう一度"})
    assert res.status_code == 409 and "すでに記録されています" in res.content.decode()


@pytest.mark.parametrize("who", ["worker_b", "prep_staff", "policy"])
def test_others_cannot_reach_an_items_move_or_withdrawal(client, world, drafted, next_month, today_meeting, who):
    item = services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    client.force_login(getattr(world, who))
    assert client.post(reverse("meeting_item_withdraw", args=[item.pk]), {"withdraw-reason": "x"}).status_code == 404
    assert client.post(reverse("meeting_item_move", args=[item.pk]),
                       {"move-meeting": today_meeting.pk}).status_code == 404
    item.refresh_from_db()
    assert item.outcome == MeetingOutcome.PENDING


def test_the_meeting_list_opens_todays_extraordinary_meeting(client, world, today):
    client.force_login(world.chief_a)
    assert "臨時の会議を開く" in client.get(reverse("meeting_list")).content.decode()
    res = client.post(reverse("meeting_extraordinary"))
    meeting = Meeting.objects.get()
    assert res.url == reverse("meeting_detail", args=[meeting.pk]) and meeting.kind == MeetingKind.EXTRAORDINARY
    html = client.get(reverse("meeting_list")).content.decode()
    assert "臨時の会議を開く" not in html and "臨時" in html
    client.force_login(world.worker_a)
    assert client.post(reverse("meeting_extraordinary")).status_code == 403


def test_the_case_page_status_reads_confirmed_after_the_meeting(client, world, today_meeting):
    case = advance_case(world, new_case(world), Status.EVALUATED)
    item = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "評価を会議で確認済" in html and "確認待ち" not in html
    assert f'href="{reverse("case_close", args=[case.pk])}" id="primary-action"' in html


def test_the_case_page_says_who_takes_the_next_step_the_user_cannot(client, world):
    case = advance_case(world, new_case(world), Status.PLAN_APPROVED)
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "支援決定は自治体担当者が行います。" in html and 'id="primary-action"' not in html
    client.force_login(world.admin_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("case_decide", args=[case.pk])}" id="primary-action"' in html


def test_a_worker_waiting_for_a_later_meeting_is_told_who_records_it_and_that_it_can_move(client, world, drafted,
                                                                                          next_month):
    services.add_to_agenda(user=world.worker_a, meeting=next_month, case=drafted)
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[drafted.pk])).content.decode()
    assert f"{next_month.title}で審議待ちです。" in html and "本日の臨時の会議へ移せます" in html
    assert "支援調整会議での了承は主任相談支援員または自治体担当者が行います。" in html


def test_who_takes_names_agency_staff_as_one_group():
    from jiritsu.cases.policies import who_takes
    from jiritsu.cases.process import Step

    assert who_takes(Step.DECIDE) == "自治体担当者"
    assert who_takes(Step.PUT_ON_AGENDA) == "自立相談支援機関の職員または自治体担当者"
    assert who_takes(Step.RECORD_PROGRESS) == "自立相談支援機関の職員または委託事業者職員"


def _stepper(html):
    import re

    items = re.findall(r'<li class="([^"]*)"[^>]*>([^<]+)', html.split('aria-label="支援の流れ"')[1].split("</ol>")[0])
    return {label: classes for classes, label in items}


def test_the_stepper_of_a_case_closed_without_an_evaluation_does_not_mark_one_done(client, world, drafted, today):
    services.close_case(user=world.worker_a, case=drafted, closed_on=today, reason="moved")
    client.force_login(world.worker_a)
    steps = _stepper(client.get(reverse("case_detail", args=[drafted.pk])).content.decode())
    assert steps["プラン（案）"] == "done" and steps["終結"] == "done current"
    assert steps["支援調整会議"] == steps["支援決定"] == steps["プラン評価"] == "skipped"


def test_the_stepper_after_a_confirmed_evaluation_marks_it_done_and_nothing_current(client, world, today_meeting):
    case = advance_case(world, new_case(world), Status.EVALUATED)
    item = services.add_to_agenda(user=world.worker_a, meeting=today_meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    client.force_login(world.worker_a)
    steps = _stepper(client.get(reverse("case_detail", args=[case.pk])).content.decode())
    assert steps["プラン評価"] == "done" and steps["終結"] == ""


# ---- temporary use regularised visibly; a plan that omits it warns before 付議 ----

def _temporary(world, case, program="employment_prep"):
    provider = world.prep_provider if program != "temporary_shelter" else world.shelter_provider
    if program == "temporary_shelter":
        return services.start_urgent_shelter(user=world.worker_a, case=case, provider=provider,
                                             started_on=case.received_on, reason="今夜の宿泊先がない")
    return services.start_temporary_use(user=world.worker_a, case=case, provider=provider, program=program,
                                        started_on=case.received_on + dt.timedelta(days=6), reason="早期介入")


def test_a_decided_plan_that_covers_a_temporary_use_marks_it_regularised_for_worker_and_provider(client, world):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    handoff = _temporary(world, case)
    advance_case(world, case, Status.IN_SUPPORT)
    handoff.refresh_from_db()
    assert handoff.is_regularised and handoff.plan.state == "decided"
    assert handoff.history.first().plan_id == handoff.plan_id  # the link is in the field history
    for user in (world.worker_a, world.prep_staff):
        client.force_login(user)
        html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
        handoffs = html.split('id="handoffs-title"')[1].split("</section>")[0]
        assert "正規化済" in handoffs and "正規化に必要な手続き" not in html
    today_page = client.get(reverse("today")).content.decode()
    assert "正規化済" in today_page and "一時的利用</span>" not in today_page


def test_a_temporary_use_not_yet_covered_reads_as_such(client, world):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    _temporary(world, case)
    client.force_login(world.prep_staff)
    html = client.get(reverse("today")).content.decode()
    assert "一時的利用</span>" in html and "正規化済" not in html


def test_a_plan_that_omits_the_program_in_use_warns_before_it_is_tabled(client, world, next_month):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    _temporary(world, case, "household_budget")
    services.draft_plan(user=world.worker_a, case=case, data=plan_data(case.received_on + dt.timedelta(days=10),
                                                                         [PlanService.EMPLOYMENT_PREP]),
                        goals=[("就職", None)])
    with pytest.raises(InvalidStep) as refused:
        services.add_to_agenda(user=world.worker_a, meeting=next_month, case=case)
    assert refused.value.reason == "plan_omits_program_in_use" and "家計改善支援" in refused.value.message
    client.force_login(world.worker_a)
    url = reverse("case_agenda", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'id="omission-warning"' in page and "家計改善支援が含まれていません" in page
    res = client.post(url, {"meeting": next_month.pk})
    assert res.status_code == 200 and "含まれていないことを確認してください" in res.content.decode()
    assert not case.meeting_items.exists()
    assert client.post(url, {"meeting": next_month.pk, "accept_omissions": "on"}).status_code == 302
    assert case.meeting_items.count() == 1


def test_a_plan_that_covers_the_program_in_use_is_tabled_without_a_warning(client, world, next_month):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    _temporary(world, case)
    advance_case(world, case, Status.PLAN_DRAFTED)  # the default plan names 就労準備支援
    client.force_login(world.worker_a)
    assert "omission-warning" not in client.get(reverse("case_agenda", args=[case.pk])).content.decode()
    services.add_to_agenda(user=world.worker_a, meeting=next_month, case=case)

