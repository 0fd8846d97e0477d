"""The case page: stepper, next action, sections by role, audit, constant queries."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.programs.catalog import PlanService, Program
from tests.factories import advance_case, new_case


def page(client, user, case):
    client.force_login(user)
    return client.get(reverse("case_detail", args=[case.pk]))


def test_it_shows_the_person_the_stepper_and_the_next_step(client, world):
    case = new_case(world)
    res = page(client, world.worker_a, case)
    html = res.content.decode()
    assert res.status_code == 200
    assert "山田 花子" in html and "やまだ はなこ" in html and "昭和60年6月1日" in html
    assert 'aria-current="step"' in html and "相談受付" in html
    assert f'href="{reverse("case_triage", args=[case.pk])}" id="primary-action"' in html
    assert reverse("print_intake", args=[case.pk]) in html


def test_it_records_the_read_in_the_access_log(client, world):
    case = new_case(world)
    page(client, world.worker_a, case)
    row = AccessLog.objects.filter(case_id=case.pk, action="read").latest("id")
    assert row.what == "ケース詳細" and row.username == "worker_a" and "/cases/" in row.via


@pytest.mark.parametrize("who", ["worker_b", "policy", "auditor", "developer", "prep_staff", "shelter_staff"])
def test_it_hides_the_case_from_users_outside_its_scope(client, world, who):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    assert page(client, getattr(world, who), case).status_code == 404


def test_it_offers_the_decision_only_to_the_body_administrator(client, world):
    case = advance_case(world, new_case(world), Status.PLAN_APPROVED)
    decide = reverse("case_decide", args=[case.pk])
    assert f'href="{decide}" id="primary-action"' in page(client, world.admin_a, case).content.decode()
    html = page(client, world.worker_a, case).content.decode()
    assert decide not in html and "支援決定は自治体担当者が行います。" in html


def test_it_shows_withdrawn_consent_clearly(client, world, today):
    case = advance_case(world, new_case(world), Status.ASSESSED)
    services.withdraw_consent(user=world.worker_a, case=case, withdrawn_on=today, note="本人の申出")
    html = page(client, world.worker_a, case).content.decode()
    assert "同意撤回" in html and "本人の申出" in html
    assert reverse("case_reconsent", args=[case.pk]) in html


def test_it_collapses_superseded_plan_versions(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    from tests.factories import plan_data

    services.draft_plan(user=world.worker_a, case=case, data=plan_data(case.received_on + dt.timedelta(days=40), []),
                        goals=[("生活リズムを整える", None)])
    html = page(client, world.worker_a, case).content.decode()
    assert "第2版" in html and "生活リズムを整える" in html and "第1版" in html


def _handed_off_case(world, services_used=(PlanService.EMPLOYMENT_PREP,)):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT, services_used=services_used)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=case.received_on + dt.timedelta(days=22))
    return case


def test_it_shows_a_provider_only_the_sections_its_program_needs(client, world):
    case = _handed_off_case(world)
    html = page(client, world.prep_staff, case).content.decode()
    assert "山田 花子" in html and "就職する" in html  # identity and plan
    assert "家賃の支払いが難しい" not in html  # intake free text
    assert "支援調整会議" not in html and "了承" not in html  # meetings and their minutes
    assert "変更履歴" not in html and "本人同意・引継ぎ" in html
    assert "腰痛" in html  # 就労準備 needs health
    assert "消費者金融" not in html  # but not money (家計改善)
    assert reverse("print_intake", args=[case.pk]) not in html


def test_it_shows_money_sections_to_a_household_budget_provider(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                      program=Program.HOUSEHOLD_BUDGET, started_on=case.received_on + dt.timedelta(days=22))
    html = page(client, world.prep_staff, case).content.decode()
    assert "消費者金融" in html and "腰痛" not in html


def test_it_lets_a_provider_add_a_progress_record_as_its_primary_action(client, world):
    case = _handed_off_case(world)
    html = page(client, world.prep_staff, case).content.decode()
    assert f'href="{reverse("case_progress_new", args=[case.pk])}" id="primary-action"' in html


def test_it_shows_the_owner_all_progress_newest_first(client, world, today):
    case = _handed_off_case(world)
    services.record_progress(user=world.worker_a, case=case, occurred_on=today - dt.timedelta(days=3), kind="phone",
                             text="古い記録")
    services.record_progress(user=world.prep_staff, case=case, occurred_on=today, kind="service", text="新しい記録")
    html = page(client, world.worker_a, case).content.decode()
    assert html.index("新しい記録") < html.index("古い記録")


def test_it_shows_the_field_history_for_the_owner_on_request(client, world):
    case = new_case(world)
    services.update_client(user=world.worker_a, case=case, expected_version=1, data={"address": "茨城県日立市新住所1"})
    html = page(client, world.worker_a, case).content.decode()
    assert reverse("case_history", args=[case.pk]) in html
    client.force_login(world.worker_a)
    fragment = client.get(reverse("case_history", args=[case.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "茨城県日立市幸町1-1" in fragment and "茨城県日立市新住所1" in fragment


def test_it_keeps_the_field_history_from_providers(client, world):
    case = _handed_off_case(world)
    client.force_login(world.prep_staff)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("case_history", args=[case.pk])).status_code == 404


def _count_queries(client, case):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_it_reads_the_case_page_in_a_constant_number_of_queries(client, world, today, django_assert_max_num_queries):
    small = _handed_off_case(world)
    big = _handed_off_case(world, (PlanService.EMPLOYMENT_PREP, PlanService.HOUSEHOLD_BUDGET))
    services.record_monitoring(user=world.worker_a, case=small, monitored_on=today, delivery="状況")
    for n in range(15):
        services.record_progress(user=world.worker_a, case=big, occurred_on=today, kind="phone", text=f"記録{n}")
        services.record_monitoring(user=world.worker_a, case=big, monitored_on=today, delivery=f"状況{n}")
    services.hand_off(user=world.worker_a, case=big, provider=world.prep_provider, program=Program.HOUSEHOLD_BUDGET,
                      started_on=today)
    client.force_login(world.worker_a)
    _count_queries(client, small)  # warm-up: the first request of a session writes its last activity
    baseline = _count_queries(client, small)
    assert _count_queries(client, big) == baseline
    with django_assert_max_num_queries(baseline):
        client.get(reverse("case_detail", args=[big.pk]))
    client.force_login(world.prep_staff)
    _count_queries(client, small)  # warm-up: the first request of a session loads the session row
    assert _count_queries(client, small) == _count_queries(client, big)


def test_it_lists_recorded_employment_on_the_case_page(client, world, today):
    case = _handed_off_case(world)
    services.record_outcome(user=world.worker_a, case=case, kind="employed", occurred_on=today, note="介護施設に就職")
    html = page(client, world.worker_a, case).content.decode()
    assert "就労・増収" in html and "介護施設に就職" in html
    assert "介護施設に就職" not in page(client, world.prep_staff, case).content.decode()


def test_it_names_who_recorded_each_step_on_the_timeline(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    timeline = html[html.index('id="timeline-title"'):]
    # The worker recorded intake to plan; the body's administrator recorded the decision.
    assert "日立 相談員" in timeline and "日立 担当" in timeline


def test_what_people_typed_shows_as_text_with_its_line_breaks_never_as_markup(client, world, today):
    case = _handed_off_case(world)
    services.record_progress(user=world.worker_a, case=case, occurred_on=today, kind="phone",
                             text='<script>alert("x")</script>\n二行目 & "引用"')
    services.record_progress(user=world.worker_a, case=case, occurred_on=today, kind="phone", text="窓口\r\n電話")
    html = page(client, world.worker_a, case).content.decode()
    assert "窓口<br>電話" in html  # a line break typed on Windows
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>二行目 &amp; &quot;引用&quot;" in html  # progress list
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\n二行目" in html  # timeline: the first 60 characters
