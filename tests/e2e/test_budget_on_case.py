"""The sheets from the case page in the browser: the support worker follows the case page's 家計改善支援 link to
the sheets, and finds the saved version in the case's 変更履歴 with its totals."""
import pytest
from playwright.sync_api import expect

from jiritsu.budget import services
from tests.budget.conftest import handed
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_the_case_page_leads_to_the_sheets_and_its_history_shows_the_saved_version(page, world, today):
    case = handed(world)
    services.save_sheet(user=world.prep_staff, case=case, kind="consultation", made_on=today, month=today,
                        amounts={"wages": 120_000, "food": 40_000}, note="", based_on=0)
    login(page, world.worker_a)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#budget-panel")).to_contain_text("相談時家計表 第1版")
    page.get_by_role("button", name="変更履歴を表示する").or_(page.get_by_role("link", name="変更履歴を表示する")).click()
    expect(page.locator("#case-history")).to_contain_text("相談時家計表 第1版")
    expect(page.locator("#case-history")).to_contain_text("差額 80,000円")
    page.get_by_role("link", name="家計表・債務一覧を開く").click()
    expect(page.get_by_role("heading", name="家計改善支援")).to_be_visible()
