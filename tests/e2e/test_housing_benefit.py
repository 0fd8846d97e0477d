"""住居確保給付金 in the browser: the agency worker takes the application (amounts typed in full-width digits),
the city's 自治体担当者 sees the eligibility check, decides, sees the landlord's payment schedule and prints the
decision notice."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message
from tests.factories import new_case
from tests.housing.conftest import limits  # noqa: F401 - a fixture

pytestmark = pytest.mark.e2e


def test_a_city_admin_decides_an_application_the_agency_took(page, world, limits, today):  # noqa: F811 - `limits`
    case = new_case(world)
    login(page, world.worker_a)
    page.goto("/housing/")
    # The list also has a search box (氏名・ふりがな・ケース番号): the case number goes in the form that opens a case.
    opener = page.locator("form", has=page.get_by_role("button", name="ケースを開く"))
    opener.get_by_label("ケース番号").fill(case.case_number)
    opener.get_by_role("button", name="ケースを開く").click()
    page.get_by_label("世帯人数").fill("1")
    page.get_by_label("世帯の収入月額（円）").fill("９０，０００")
    page.get_by_label("世帯の金融資産（円）").fill("50000")
    page.get_by_label("家賃額（月額）（円）").fill("30,000円")
    page.get_by_label("申請の理由").select_option("income_drop")
    page.get_by_label("ハローワークに求職の申込みをしている").check()
    page.get_by_label("貸主（住宅の所有者・管理会社）").fill("日立不動産管理")
    page.get_by_label("振込先金融機関").fill("常陽銀行")
    page.get_by_label("支店").fill("日立支店")
    page.get_by_label("口座番号（7桁）").fill("１２３４５６７")
    page.get_by_label("口座名義（カナ）").fill("ヒタチフドウサン")
    page.get_by_role("button", name="申請を受け付ける").click()
    expect_message(page, "住居確保給付金の申請を受け付けました。")
    expect(page.locator("#status")).to_have_text("審査中")
    expect(page.get_by_role("button", name="支給を決定", exact=True)).to_have_count(0)
    application_url = page.url

    page.context.clear_cookies()
    login(page, world.admin_a)
    page.goto(application_url)
    expect(page.locator("#check-result")).to_contain_text("18,000円")  # 78,000 + 30,000 − 90,000
    page.get_by_role("button", name="支給を決定", exact=True).click()
    expect_message(page, "支給を決定しました。")
    expect(page.locator("#status")).to_have_text("支給中")
    expect(page.locator("#payments tbody tr")).to_have_count(3)
    expect(page.locator("#scheduled-total")).to_have_text("54,000円")
    page.get_by_role("link", name="通知書を印刷").click()
    expect(page.get_by_role("heading", name="住居確保給付金支給決定通知書")).to_be_visible()
    expect(page.locator("body")).to_contain_text("令和")
