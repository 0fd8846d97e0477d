"""The urgent path from the intake in the browser: a person with nowhere to sleep tonight is offered
急迫時の一時生活支援 as the next step, and consent with its sharing scope and the hand-off go in on one screen."""
import pytest
from playwright.sync_api import expect

from jiritsu.cases.choices import HandoffMode, Status
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, expect_status, open_case, submit, take_primary_action, today
from tests.factories import new_case

pytestmark = pytest.mark.e2e


def test_a_person_with_nowhere_to_sleep_gets_consent_and_shelter_on_one_screen(page, world):
    case = new_case(world, family_name="急迫", received_on=today(), complaints=("housing", "no_food"), main="housing")
    case.housing_status = "homeless"
    case.save(update_fields=["housing_status"])
    login(page, world.worker_a)
    open_case(page, case)
    expect(page.locator("#urgency-signs")).to_contain_text("住居：住居なし")
    take_primary_action(page, "急迫時の一時生活支援を開始する")

    consent = page.locator("#urgent-consent")
    consent.get_by_label("個人情報の取扱い規程の説明を受けた").check()
    consent.get_by_label("関係機関との情報共有に同意する").check()
    expect(consent.get_by_label(world.shelter_provider.name)).to_be_checked()  # the shelter, ticked for the worker
    page.get_by_label(f"{world.shelter_provider.name}（一時生活支援）").check()
    expect(page.get_by_label("理由・急迫性の判断")).to_have_value("相談受付票：住居：住居なし、相談内容：食べるものがない、主訴：住まい")
    submit(page, "開始する")
    expect_message(page, "利用申込・本人同意を記録し、急迫時の一時生活支援を開始しました。")
    expect_status(page, "利用申込済")
    expect(page.get_by_role("heading", level=1).locator(".badge--urgent")).to_have_text("急迫")
    case.refresh_from_db()
    assert case.status == Status.APPLIED and case.handoffs.get().mode == HandoffMode.URGENT
