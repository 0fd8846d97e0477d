"""What a person sees when the system says no: a step the process does not allow now (in Japanese, at
the top, nothing changed), and a date that does not exist (at the field, everything typed kept)."""
import pytest
from playwright.sync_api import expect

from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, Decision
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, expect_status, open_case, submit
from tests.factories import advance_case, new_case

pytestmark = pytest.mark.e2e


def refusal(page):
    return page.locator("#step-refusal")


def test_it_refuses_the_decision_while_the_plan_awaits_the_meeting_and_changes_nothing(page, page_as, world):
    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    login(page, world.admin_a)
    open_case(page, case)
    expect(page.get_by_role("link", name="支援決定を記録する")).to_have_count(0)

    response = page.goto(f"/cases/{case.pk}/decide/")
    assert response.status == 409
    expect(refusal(page)).to_have_text(
        "このケースは「プラン案作成済（支援調整会議待ち）」のため、「支援決定」はできません。")
    expect(page.get_by_role("button", name="記録する")).to_have_count(0)
    page.get_by_role("link", name="ケースに戻る").click()
    expect_status(page, "プラン案作成済（支援調整会議待ち）")
    case.refresh_from_db()
    assert case.status == Status.PLAN_DRAFTED and not Decision.objects.filter(case=case).exists()

    # A worker of another city does not even find the page.
    stranger = page_as(world.worker_b)
    assert stranger.goto(f"/cases/{case.pk}/decide/").status == 404


def test_it_refuses_a_second_decision_posted_from_a_stale_tab(page, world):
    case = advance_case(world, new_case(world), Status.PLAN_APPROVED)
    login(page, world.admin_a)
    page.goto(f"/cases/{case.pk}/decide/")
    stale = page.context.new_page()
    stale.goto(f"/cases/{case.pk}/decide/")

    page.get_by_label("決定番号").fill("日立-001")
    submit(page)
    expect_message(page, "支援決定（プラン第1版）を記録しました。")

    stale.get_by_label("決定番号").fill("日立-002")
    submit(stale)
    expect(refusal(stale)).to_have_text("このケースは「支援中」のため、「支援決定」はできません。")
    expect(stale.get_by_label("決定番号")).to_have_value("日立-002")
    assert list(Decision.objects.filter(case=case).values_list("decision_number", flat=True)) == ["日立-001"]


def test_it_shows_a_date_that_does_not_exist_at_the_field_and_keeps_the_typed_input(page, world):
    login(page, world.worker_a)
    page.get_by_role("link", name="新規相談受付").click()
    page.get_by_label("氏名（氏）").fill("鈴木")
    page.get_by_label("氏名（名）").fill("次郎")
    page.get_by_label("ふりがな（氏）").fill("すずき")
    page.get_by_label("相談経路").select_option(label="電話")
    page.get_by_label("生年月日").fill("R4.2.30")
    page.get_by_label("住まい", exact=True).check()
    page.get_by_label("住まいを主訴").check()
    page.get_by_label("相談内容（自由記述）").fill("来月で退去を求められている")
    submit(page, "受け付ける")

    birth = page.locator(".field", has=page.get_by_label("生年月日"))
    expect(birth.get_by_role("alert")).to_have_text("「R4.2.30」は存在しない日付です。")
    expect(page.get_by_label("生年月日")).to_have_value("R4.2.30")
    expect(page.get_by_label("氏名（氏）")).to_have_value("鈴木")
    expect(page.get_by_label("氏名（名）")).to_have_value("次郎")
    expect(page.get_by_label("ふりがな（氏）")).to_have_value("すずき")
    expect(page.get_by_label("相談経路")).to_have_value("phone")
    expect(page.get_by_label("住まい", exact=True)).to_be_checked()
    expect(page.get_by_label("住まいを主訴")).to_be_checked()
    expect(page.get_by_label("相談内容（自由記述）")).to_have_value("来月で退去を求められている")
    assert not Case.objects.exists()
