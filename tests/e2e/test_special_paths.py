"""The seed's two special paths in the browser: 急迫時の一時生活支援 on the day of the application, and
一時的利用 during the assessment — each shows what is still missing until the plan, the meeting and
the decision regularise it. Preconditions are set through the services; the special step itself and
what the pages show are the subject."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from jiritsu.cases.choices import Status
from tests.e2e.conftest import login
from tests.e2e.helpers import (
    expect_message,
    expect_status,
    open_case,
    stepper,
    submit,
    take_other_action,
    take_primary_action,
    today,
)
from tests.factories import advance_case, new_case

pytestmark = pytest.mark.e2e
GAPS = "正規化に必要な手続き（まだ済んでいないもの）"


def gaps(page):
    return page.get_by_role("region", name=GAPS)


def missing_steps(page):
    return stepper(page).get_by_role("listitem").filter(has_text="未了")


def test_it_starts_urgent_shelter_on_the_day_of_application_and_lists_what_is_missing(page, page_as, world):
    # Received yesterday, triaged yesterday, applied today naming only the shelter provider.
    case = new_case(world, received_on=today() - dt.timedelta(days=1))
    case = advance_case(world, case, Status.APPLIED, scope=[world.shelter_provider])
    login(page, world.worker_a)
    open_case(page, case)
    expect(page.get_by_role("heading", level=1).locator(".badge--urgent")).to_have_count(0)

    take_other_action(page, "急迫時の一時生活支援を開始する")
    page.get_by_label(f"{world.shelter_provider.name}（一時生活支援）").check()
    page.get_by_label("理由・急迫性の判断").fill("本日退去となり今夜の宿泊先がない")
    submit(page, "開始する")
    expect_message(page, "急迫時の一時生活支援を開始しました。")

    expect(page.get_by_role("heading", level=1).locator(".badge--urgent")).to_have_text("急迫")
    expect_status(page, "利用申込済")
    expect(gaps(page)).to_contain_text(f"急迫時の一時生活支援：一時生活支援（{world.shelter_provider.name}")
    expect(gaps(page).get_by_role("listitem")).to_have_text(
        ["アセスメント", "プラン（案）への一時生活支援の記載", "支援調整会議での了承", "支援決定"])
    expect(missing_steps(page)).to_have_count(4)
    expect(missing_steps(page).first).to_contain_text("アセスメント")
    take_primary_action(page, "アセスメントを記録する")  # the normal path carries on

    shelter = page_as(world.shelter_staff)
    caseload = shelter.get_by_role("region", name="引き継がれているケース")
    row = caseload.get_by_role("row").filter(has_text=case.case_number)
    expect(row).to_contain_text("山田 花子")
    expect(row).to_contain_text("急迫")
    row.get_by_role("link", name=case.case_number).click()
    expect(shelter.get_by_role("heading", level=1)).to_contain_text("山田 花子")

    # A provider the case was not handed to sees nothing of it.
    prep = page_as(world.prep_staff)
    expect(prep.get_by_text("現在引き継がれているケースはありません。")).to_be_visible()
    response = prep.goto(f"/cases/{case.pk}/")
    assert response.status == 404


def test_it_shows_temporary_use_as_regularised_once_plan_meeting_and_decision_follow(page, world):
    case = advance_case(world, new_case(world), Status.APPLIED)
    login(page, world.worker_a)
    open_case(page, case)
    take_other_action(page, "一時的利用を開始する")
    page.get_by_label(f"{world.prep_provider.name}（就労準備支援）").check()
    page.get_by_label("理由・急迫性の判断").fill("アセスメント中に通所の様子を見たい")
    submit(page, "開始する")
    expect_message(page, "一時的利用を開始しました。")

    expect(gaps(page)).to_contain_text("アセスメント段階での一時的利用：就労準備支援")
    expect(gaps(page).get_by_role("listitem")).to_have_text(
        ["アセスメント", "プラン（案）への就労準備支援の記載", "支援調整会議での了承", "支援決定"])
    expect(page.get_by_role("heading", level=1).locator(".badge--urgent")).to_have_count(0)

    advance_case(world, case, Status.PLAN_DRAFTED)  # the plan includes 就労準備支援
    page.reload()
    expect(gaps(page).get_by_role("listitem")).to_have_text(["支援調整会議での了承", "支援決定"])
    expect(missing_steps(page)).to_have_count(2)

    advance_case(world, case, Status.IN_SUPPORT)
    page.reload()
    expect_status(page, "支援中")
    expect(gaps(page)).to_have_count(0)
    expect(missing_steps(page)).to_have_count(0)
    handoffs = page.get_by_role("region", name="支援引継ぎ")
    expect(handoffs.get_by_role("row").filter(has_text="アセスメント段階での一時的利用")).to_contain_text("引継ぎ中")
