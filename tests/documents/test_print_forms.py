"""Printed standard forms: A4 pages in Japanese with 和暦 dates, within the user's scope and sections."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.core.wareki import format_wareki
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case, plan_data

FORMS = ["intake", "assessment", "plan", "progress", "evaluation"]


@pytest.fixture
def evaluated(world):
    """A 日立 case evaluated after support, with a progress record and a hand-off to the 就労準備 provider."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                      program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    services.record_progress(user=world.worker_a, case=case, occurred_on=case.received_on + dt.timedelta(days=30),
                             kind="interview", text="ハローワークに同行した")
    services.record_progress(user=world.worker_a, case=case, occurred_on=case.received_on + dt.timedelta(days=25),
                             kind="phone", text="体調を確認した")
    return case


def url(form, case, query=""):
    return f"/print/cases/{case.pk}/{form}/{query}"


def test_it_prints_the_intake_form_with_the_complaints_the_main_one_and_the_consent(client, world, evaluated):
    client.force_login(world.worker_a)
    page = client.get(url("intake", evaluated)).content.decode()
    assert "相談受付・申込票" in page and "令和" in page
    assert format_wareki(evaluated.received_on) in page
    assert "昭和60年6月1日" in page  # birth date in 和暦
    assert "◎</span>収入・生活費<span class=\"main-mark\">主訴" in page
    assert "☑</span>仕事探し、就職" in page and "☐</span>介護" in page
    assert page.count("<li><span class=\"box\"") >= 16 + 2
    assert "就労していない" in page and "賃貸住宅" in page  # B票
    assert format_wareki(evaluated.received_on + dt.timedelta(days=1)) in page  # consent date
    assert world.prep_provider.name in page and world.shelter_provider.name in page  # consent scope
    assert world.hitachi.name in page and world.agency_a.name in page
    assert "data-print" in page and "jiritsu/print.js" in page and "@page" not in page  # stylesheet linked, not inlined


def test_it_prints_the_assessment_sheet(client, world, evaluated):
    client.force_login(world.worker_a)
    page = client.get(url("assessment", evaluated)).content.decode()
    assert "インテーク・アセスメントシート" in page and "令和" in page
    assert "消費者金融 50万円" in page and "腰痛" in page and "単身" in page


def test_it_prints_the_current_plan_and_an_earlier_version_on_request(client, world, evaluated):
    client.force_login(world.worker_a)
    page = client.get(url("plan", evaluated)).content.decode()
    for text in ("プラン兼事業等利用申込書", "働きたい", "収入がない", "就労準備支援", "体調に配慮", "就職する",
                 "第1版", "支援決定日"):
        assert text in page
    assert "☑</span>就労準備支援" in page and "☐</span>一時生活支援" in page
    plan = evaluated.plans.get()
    assert format_wareki(plan.period_to) in page and format_wareki(plan.decision.decided_on) in page
    assert client.get(url("plan", evaluated, "?version=1")).status_code == 200
    assert client.get(url("plan", evaluated, "?version=7")).status_code == 404


def test_it_prints_a_replanned_case_s_latest_version_or_the_one_chosen(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    data = plan_data(case.received_on + dt.timedelta(days=60), []) | {"wishes": "一人暮らしを続けたい"}
    services.draft_plan(user=world.worker_a, case=case, data=data, goals=[("家計を立て直す", None)])
    client.force_login(world.worker_a)
    latest = client.get(url("plan", case)).content.decode()
    assert "第2版" in latest and "一人暮らしを続けたい" in latest and "家計を立て直す" in latest
    first = client.get(url("plan", case, "?version=1")).content.decode()
    assert "働きたい" in first and "一人暮らしを続けたい" not in first


def test_it_prints_every_progress_record_in_date_order(client, world, evaluated):
    client.force_login(world.worker_a)
    page = client.get(url("progress", evaluated)).content.decode()
    assert "支援経過記録シート" in page
    assert page.index("体調を確認した") < page.index("ハローワークに同行した")
    assert format_wareki(evaluated.received_on + dt.timedelta(days=25)) in page


def test_it_prints_the_evaluation_sheet(client, world):
    case = advance_case(world, new_case(world), Status.EVALUATED)
    client.force_login(world.worker_a)
    page = client.get(url("evaluation", case)).content.decode()
    assert "評価シート" in page and "就職した" in page and "令和" in page
    assert "☑</span>終結" in page and "就職する" in page


def test_it_says_so_when_a_form_has_nothing_yet(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    assert "まだ記録されていません" in client.get(url("assessment", case)).content.decode()
    assert "まだ作成されていません" in client.get(url("plan", case)).content.decode()
    assert "まだ受けていません" in client.get(url("intake", case)).content.decode()


@pytest.mark.parametrize("form", FORMS)
def test_it_hides_every_form_from_users_outside_the_case_s_scope(client, world, evaluated, form):
    for user in (world.worker_b, world.policy, world.auditor, world.developer, world.shelter_staff):
        client.force_login(user)
        assert client.get(url(form, evaluated)).status_code == 404, user.username


def test_it_lets_the_provider_print_the_plan_and_its_part_but_not_the_intake(client, world, evaluated):
    client.force_login(world.prep_staff)
    assert client.get(url("plan", evaluated)).status_code == 200
    assert "ハローワークに同行した" in client.get(url("progress", evaluated)).content.decode()
    assessment = client.get(url("assessment", evaluated)).content.decode()
    assert "腰痛" in assessment  # 就労準備 needs health and work
    assert "消費者金融" not in assessment  # money is for 家計改善, not handed off to them
    assert "単身" not in assessment  # household and background stay with the owner
    assert client.get(url("intake", evaluated)).status_code == 404
    assert client.get(url("evaluation", evaluated)).status_code == 404


def test_it_records_each_print_in_the_access_log(client, world, evaluated):
    client.force_login(world.chief_a)
    for form in FORMS:
        client.get(url(form, evaluated))
    rows = AccessLog.objects.filter(case_id=evaluated.pk, action="print", username="chief_a")
    assert rows.count() == len(FORMS)
    assert {r.what for r in rows} >= {"相談受付・申込票を印刷", "プラン兼事業等利用申込書を印刷"}
    assert all(r.via.startswith("web: GET /print/cases/") for r in rows)


def test_it_refuses_to_change_anything_by_post(client, world, evaluated):
    client.force_login(world.worker_a)
    assert client.post(url("plan", evaluated)).status_code == 405
