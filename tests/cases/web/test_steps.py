"""Every step of the process through its page: the normal path, the special paths, refusals."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, MeetingItem
from jiritsu.core.wareki import format_wareki
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


def go(client, name, case, data=None, *extra):
    url = reverse(name, args=[case.pk, *extra])
    return client.post(url, data) if data is not None else client.get(url)


def ok(res):
    """A successful step redirects to the case page."""
    assert res.status_code == 302, res.content.decode()[:3000]
    return res


def status_of(case):
    return Case.objects.get(pk=case.pk).status


def test_it_takes_a_case_from_triage_to_closure_through_the_pages(client, world, today):
    case = new_case(world)
    r6 = format_wareki(case.received_on, short=True)  # 和暦 input, as typed on paper
    client.force_login(world.worker_a)
    assert go(client, "case_triage", case).status_code == 200
    ok(go(client, "case_triage", case, {"outcome": "continue", "decided_on": r6}))
    ok(go(client, "case_apply", case, {"applied_on": r6, "rules_explained": "on", "share_agreed": "on",
                                       "scope": [world.prep_provider.pk, world.shelter_provider.pk]}))
    ok(go(client, "case_assess", case, {"assessed_on": today.isoformat(), "household": "単身", "health": "腰痛"}))
    plan = {"drafted_on": today.isoformat(), "wishes": "働きたい", "problems": "収入がない", "support_content": "就労準備",
            "services": ["employment_prep"], "work_support_target": "on", "period_from": today.isoformat(),
            "period_to": (today + dt.timedelta(days=180)).isoformat(), "goal_0": "就職する",
            "goal_date_0": (today + dt.timedelta(days=90)).isoformat(), "goal_1": "", "goal_date_1": ""}
    ok(go(client, "case_plan_new", case, plan))
    assert status_of(case) == Status.PLAN_DRAFTED

    client.force_login(world.chief_a)
    res = client.post(reverse("meeting_new"), {"held_on": today.isoformat(), "place": "会議室", "members": "主任"})
    meeting_id = int(res.url.rstrip("/").split("/")[-1])
    client.force_login(world.worker_a)
    assert "会議室" in go(client, "case_agenda", case).content.decode()
    ok(go(client, "case_agenda", case, {"meeting": meeting_id}))
    item = MeetingItem.objects.get(case=case)
    client.force_login(world.chief_a)
    assert client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "approved", "note": "本人の意向を確認"}).status_code == 302
    assert status_of(case) == Status.PLAN_APPROVED

    client.force_login(world.admin_a)
    ok(go(client, "case_decide", case, {"decided_on": today.isoformat(), "decision_number": "日立-1"}))
    client.force_login(world.worker_a)
    page = go(client, "case_handoff", case).content.decode()
    assert "支援決定されたプランに家計改善支援の利用申込がありません。" in page
    ok(go(client, "case_handoff", case, {"target": f"{world.prep_provider.pk}:employment_prep",
                                         "started_on": today.isoformat()}))
    client.force_login(world.prep_staff)
    ok(go(client, "case_progress_new", case, {"occurred_on": today.isoformat(), "kind": "service", "text": "初回面談"}))
    client.force_login(world.worker_a)
    ok(go(client, "case_monitor", case, {"monitored_on": today.isoformat(), "delivery": "通所している"}))
    ok(go(client, "case_evaluate", case, {"evaluated_on": today.isoformat(), "goals_achieved": "就職した",
                                          "decision": "close"}))
    ok(go(client, "case_agenda", case, {"meeting": meeting_id}))
    client.force_login(world.chief_a)
    item = MeetingItem.objects.get(case=case, kind="evaluation")
    assert client.post(reverse("meeting_item", args=[item.pk]), {"outcome": "approved"}).status_code == 302
    client.force_login(world.worker_a)
    detail = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("case_close", args=[case.pk])}" id="primary-action"' in detail
    ok(go(client, "case_close", case, {"closed_on": today.isoformat(), "reason": "goal_achieved"}))
    assert status_of(case) == Status.CLOSED
    detail = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "ケースを終結しました。" in detail and "初回面談" in detail and "本人の意向を確認" in detail


def test_it_shows_what_is_missing_after_urgent_shelter_before_a_plan(client, world, today):
    case = advance_case(world, new_case(world), Status.APPLIED)
    client.force_login(world.worker_a)
    page = go(client, "case_urgent_shelter", case).content.decode()
    assert "就労準備・家計改善 広域事業者" not in page and "一時生活支援 広域事業者" in page
    ok(go(client, "case_urgent_shelter", case, {"target": f"{world.shelter_provider.pk}:temporary_shelter",
                                                "started_on": today.isoformat(), "reason": "寮を退去、所持金なし"}))
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "急迫" in html and "正規化に必要な手続き" in html
    for missing in ("アセスメント", "支援調整会議での了承", "支援決定"):
        assert missing in html
    assert "未了" in html  # marked on the stepper


def test_it_starts_temporary_use_during_assessment(client, world, today):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    client.force_login(world.worker_a)
    page = go(client, "case_temporary_use", case).content.decode()
    assert "家計改善支援" in page and "一時生活支援 広域事業者" not in page
    ok(go(client, "case_temporary_use", case, {"target": f"{world.prep_provider.pk}:employment_prep",
                                               "started_on": today.isoformat(), "reason": "意欲が高いうちに"}))
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "アセスメント段階での一時的利用" in html and "プラン（案）への就労準備支援の記載" in html


def test_it_refuses_a_decision_on_an_assessed_case_with_409_and_changes_nothing(client, world, today):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    client.force_login(world.admin_a)
    res = go(client, "case_decide", case, {"decided_on": today.isoformat(), "decision_number": "X-1"})
    html = res.content.decode()
    assert res.status_code == 409
    assert "「支援決定」はできません" in html and 'value="X-1"' in html
    assert status_of(case) == Status.ASSESSED and not case.decisions.exists()


def test_it_explains_why_a_provider_cannot_be_chosen(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT, scope=[world.shelter_provider])
    client.force_login(world.worker_a)
    html = go(client, "case_handoff", case).content.decode()
    assert "本人同意の情報共有先に含まれていません。" in html
    assert "支援決定されたプランに一時生活支援の利用申込がありません。" in html
    res = go(client, "case_handoff", case, {"target": f"{world.prep_provider.pk}:employment_prep",
                                            "started_on": case.received_on.isoformat()})
    assert res.status_code == 200 and not case.handoffs.exists()


def test_it_keeps_the_plan_input_when_it_is_invalid(client, world, today):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    client.force_login(world.worker_a)
    res = go(client, "case_plan_new", case, {
        "drafted_on": "R99.13.40", "wishes": "自分で働きたい", "problems": "", "support_content": "面談",
        "services": ["household_budget"], "period_from": today.isoformat(),
        "period_to": (today - dt.timedelta(days=1)).isoformat(), "goal_0": "", "goal_date_0": ""})
    html = res.content.decode()
    assert res.status_code == 200 and status_of(case) == Status.ASSESSED
    assert "自分で働きたい" in html and 'value="R99.13.40"' in html and "checked" in html
    assert "存在しない日付" in html
    res = go(client, "case_plan_new", case, {
        "drafted_on": today.isoformat(), "wishes": "自分で働きたい", "problems": "収入", "support_content": "面談",
        "period_from": today.isoformat(), "period_to": (today - dt.timedelta(days=1)).isoformat(),
        "goal_0": "", "goal_date_0": ""})
    html = res.content.decode()
    assert "プラン期間の終了日は開始日以降にしてください。" in html and "目標を1つ以上入力してください。" in html
    assert not case.plans.exists()


def test_it_adds_a_goal_row_without_saving(client, world, today):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    client.force_login(world.worker_a)
    res = go(client, "case_plan_new", case, {"wishes": "働く", "goal_0": "A", "goal_date_0": "R99.1.1",
                                             "work_support_target": "on", "add_goal_row": "1"})
    html = res.content.decode()
    assert 'name="goal_1"' in html and 'value="A"' in html and "働く" in html
    assert 'value="R99.1.1"' in html  # kept as typed, not judged (a date past the range) until saved
    assert 'name="work_support_target" id="id_work_support_target" checked' in html
    assert "入力内容を確認してください" not in html
    assert not case.plans.exists()


def test_it_reports_a_conflict_on_plan_edit_and_keeps_the_input(client, world, today):
    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    plan = case.plans.get()
    client.force_login(world.worker_a)
    form = go(client, "case_plan_edit", case, None, plan.pk).content.decode()
    assert f'name="version" value="{plan.version}"' in form
    data = {"version": plan.version, "drafted_on": plan.drafted_on.isoformat(), "wishes": "私の修正",
            "problems": "収入", "support_content": "面談", "period_from": plan.period_from.isoformat(),
            "period_to": plan.period_to.isoformat(), "goal_0": "就職する", "goal_date_0": ""}
    services.update_plan(user=world.chief_a, plan=plan, expected_version=plan.version,
                         data={"wishes": "他の職員の修正"}, goals=[("就職する", None)])
    res = go(client, "case_plan_edit", case, data, plan.pk)
    html = res.content.decode()
    assert res.status_code == 409 and "他の職員がこの記録を先に更新しました" in html and "私の修正" in html
    plan.refresh_from_db()
    assert plan.wishes == "他の職員の修正"
    data["version"] = plan.version
    ok(go(client, "case_plan_edit", case, data, plan.pk))
    plan.refresh_from_db()
    assert plan.wishes == "私の修正"


def test_it_withdraws_consent_and_the_provider_loses_the_case(client, world, today):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    services.start_temporary_use(user=world.worker_a, case=case, provider=world.prep_provider,
                                 program=Program.EMPLOYMENT_PREP, started_on=today, reason="早期")
    client.force_login(world.worker_a)
    ok(go(client, "case_withdraw_consent", case, {"withdrawn_on": today.isoformat(), "note": "本人の申出"}))
    client.force_login(world.prep_staff)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    client.force_login(world.worker_a)
    ok(go(client, "case_reconsent", case, {"applied_on": today.isoformat(), "rules_explained": "on",
                                           "share_agreed": "on", "scope": [world.shelter_provider.pk]}))
    assert case.consents.filter(withdrawn_on__isnull=True).count() == 1


def test_it_keeps_consent_input_when_the_agreement_is_not_ticked(client, world, today):
    case = advance_case(world, new_case(world), Status.CONTINUING)
    client.force_login(world.worker_a)
    res = go(client, "case_apply", case, {"applied_on": today.isoformat(), "rules_explained": "on",
                                          "scope": [world.prep_provider.pk], "note": "説明済み"})
    html = res.content.decode()
    assert res.status_code == 200 and "同意の両方が確認できないと" in html and "説明済み" in html
    assert status_of(case) == Status.CONTINUING


def test_it_gives_a_japanese_403_for_a_step_the_role_may_not_take(client, world, today):
    case = advance_case(world, new_case(world), Status.PLAN_APPROVED)
    client.force_login(world.worker_a)
    res = go(client, "case_decide", case, {"decided_on": today.isoformat()})
    assert res.status_code == 403 and "権限がありません" in res.content.decode()
    assert status_of(case) == Status.PLAN_APPROVED


def test_it_ends_a_handoff_from_the_case_page(client, world, today):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    handoff = services.start_temporary_use(user=world.worker_a, case=case, provider=world.prep_provider,
                                           program=Program.EMPLOYMENT_PREP, started_on=today, reason="早期")
    client.force_login(world.worker_a)
    assert reverse("case_end_handoff", args=[case.pk, handoff.pk]) in client.get(
        reverse("case_detail", args=[case.pk])).content.decode()
    ok(go(client, "case_end_handoff", case, {"ended_on": today.isoformat(), "reason": "本人の体調"}, handoff.pk))
    handoff.refresh_from_db()
    assert handoff.ended_on == today
    assert go(client, "case_end_handoff", case, None, handoff.pk).status_code == 409


STEP_URLS = [("case_triage", ()), ("case_apply", ()), ("case_reconsent", ()), ("case_withdraw_consent", ()),
             ("case_assess", ()), ("case_plan_new", ()), ("case_agenda", ()), ("case_decide", ()),
             ("case_handoff", ()), ("case_temporary_use", ()), ("case_urgent_shelter", ()),
             ("case_progress_new", ()), ("case_monitor", ()), ("case_evaluate", ()), ("case_continue", ()),
             ("case_close", ())]


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_answers_404_on_every_step_url_for_another_citys_worker(client, world, method):
    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    plan, assessment = case.plans.get(), case.assessments.get()
    client.force_login(world.worker_b)
    urls = [reverse(name, args=[case.pk]) for name, _ in STEP_URLS]
    urls += [reverse("case_plan_edit", args=[case.pk, plan.pk]),
             reverse("case_assessment_edit", args=[case.pk, assessment.pk]),
             reverse("case_end_handoff", args=[case.pk, 1]), reverse("case_detail", args=[case.pk])]
    for url in urls:
        assert getattr(client, method)(url, {}).status_code == 404, url
    assert status_of(case) == Status.PLAN_DRAFTED


def test_it_hides_step_pages_from_users_without_any_case_access(client, world):
    case = new_case(world)
    for user in (world.policy, world.auditor, world.developer, world.prep_staff):
        client.force_login(user)
        assert go(client, "case_triage", case).status_code == 404


def test_it_starts_a_replan_from_the_current_plan(client, world, today):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    client.force_login(world.worker_a)
    html = go(client, "case_plan_new", case).content.decode()
    assert "働きたい" in html and 'value="就職する"' in html and 'name="goal_2"' in html
    data = {"drafted_on": today.isoformat(), "wishes": "続けたい", "problems": "収入", "support_content": "面談",
            "period_from": today.isoformat(), "period_to": (today + dt.timedelta(days=90)).isoformat(),
            "goal_0": "週3日働く", "goal_date_0": ""}
    ok(go(client, "case_plan_new", case, data))
    assert case.plans.count() == 2 and status_of(case) == Status.PLAN_DRAFTED


def test_it_prefills_a_new_plans_dates_until_the_bodys_evaluation_interval(client, world, today):
    world.hitachi.evaluation_interval_days = 120
    world.hitachi.save(update_fields=["evaluation_interval_days"])
    case = advance_case(world, new_case(world), Status.ASSESSED)
    client.force_login(world.worker_a)
    html = go(client, "case_plan_new", case).content.decode()
    assert f'name="period_from" value="{today.isoformat()}"' in html
    assert f'name="period_to" value="{(today + dt.timedelta(days=120)).isoformat()}"' in html
