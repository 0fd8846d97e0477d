"""家計改善支援 in the browser: the provider's 家計改善支援員 builds a 相談時家計表 (amounts in full-width digits)
and a キャッシュフロー表 with a life event, and prints both (the chart drawn as SVG on the page)."""
import pytest
from playwright.sync_api import expect

from tests.budget.conftest import handed
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_a_budget_worker_builds_a_budget_and_a_cash_flow_and_prints_them(page, world, today):
    case = handed(world)
    login(page, world.prep_staff)
    page.goto(f"/budget/cases/{case.pk}")
    page.get_by_role("link", name="相談時家計表を作成").click()
    page.get_by_label("就労収入（円）").fill("１２０，０００")
    page.get_by_label("住居費（家賃・ローン）（円）").fill("45,000")
    page.get_by_label("食費（円）").fill("40000円")
    page.get_by_role("button", name="保存して印刷画面へ").click()
    expect(page.get_by_role("heading", name="相談時家計表")).to_be_visible()
    expect(page.locator("#gap")).to_have_text("35,000円")
    expect(page.get_by_role("button", name="印刷")).to_be_visible()

    page.goto(f"/budget/cases/{case.pk}")
    page.get_by_role("link", name="キャッシュフロー表を作成").click()
    page.get_by_label("開始年（2026、R8 など）").fill("2026")
    page.get_by_label("年数").fill("5")
    page.get_by_label("開始時の貯蓄（円）").fill("100000")
    page.get_by_label("年間の収入（円）").fill("2400000")
    page.get_by_label("年間の支出（円）").fill("2300000")
    page.get_by_label("ライフイベント（1行に「年 内容 金額」。支出はマイナス）").fill("2027 長男の高校入学 -300000")
    page.get_by_role("button", name="保存して印刷画面へ").click()
    expect(page.get_by_role("heading", name="キャッシュフロー表")).to_be_visible()
    expect(page.locator("#cash-flow-chart rect")).to_have_count(5)
    expect(page.locator("#cash-flow tbody tr").nth(1)).to_contain_text("長男の高校入学")
    expect(page.locator("#cash-flow tbody tr").last).to_contain_text("300,000円")

    page.goto(f"/budget/cases/{case.pk}")
    expect(page.get_by_role("region", name="家計表")).to_contain_text("第1版")
