"""The social-resource directory in the browser: a worker finds a food bank for a case, records the
referral and later its outcome; the service's page counts it without naming anyone. The prefecture
records a resource it opened up and sees where the gaps are."""
import pytest
from playwright.sync_api import expect

from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_directory
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, open_case, today, wareki
from tests.factories import new_case

pytestmark = pytest.mark.e2e
FOOD_BANK = "緊急食料支援（フードバンク）"


def test_a_worker_finds_a_food_bank_for_a_case_and_records_the_referral_and_its_outcome(page, world):
    load_demo_directory()
    case = new_case(world, complaints=("no_food", "income"), main="no_food")
    login(page, world.worker_a)
    open_case(page, case)
    page.get_by_role("link", name="社会資源を紹介する").click()
    # The search starts from the person's main complaint and city; the worker narrows it to food.
    expect(page.get_by_label("相談内容")).to_have_value("no_food")
    page.get_by_role("button", name="検索").click()
    found = page.get_by_role("row").filter(has_text=FOOD_BANK)
    expect(found).to_contain_text("NPO法人いばらき食のわネット")
    page.get_by_label("紹介日").fill(wareki(today()))
    page.get_by_label("メモ").fill("本日電話で依頼、明日配送")
    found.get_by_role("button", name="ここに紹介する").click()
    expect_message(page, f"「{FOOD_BANK}」への紹介を記録しました。")
    referrals = page.get_by_role("region", name="このケースの紹介（1件）")
    expect(referrals).to_contain_text("本日電話で依頼、明日配送")
    expect(referrals).to_contain_text("未確認")

    referrals.get_by_label("結果").select_option(label="利用につながった")
    referrals.get_by_label("確認日").fill(wareki(today()))
    referrals.get_by_role("button", name="結果を記録").click()
    expect_message(page, "紹介の結果を記録しました。")
    expect(page.get_by_role("region", name="このケースの紹介（1件）")).to_contain_text("利用につながった")
    referral = m.Referral.objects.get()
    assert (referral.case_id, referral.service.name, referral.outcome) == (case.pk, FOOD_BANK, "used")

    page.get_by_role("region", name="このケースの紹介（1件）").get_by_role("link", name=FOOD_BANK).click()
    counts = page.get_by_role("region", name="紹介の受け入れ件数")
    expect(counts.locator("tbody tr").first).to_contain_text("1")
    expect(page.locator("main")).not_to_contain_text(case.client.family_name)


def test_the_prefecture_records_an_opened_resource_beside_the_gap_view(page, world):
    load_demo_directory()
    login(page, world.policy)
    page.get_by_role("link", name="社会資源の開拓").click()
    gap = page.locator('#gap-chart g.region-tile[data-region="鹿行"] g.gap-cell[data-kind="food"]')
    expect(gap).to_have_class("gap-cell is-gap")
    page.get_by_role("link", name="開拓記録を登録").click()
    page.get_by_label("開拓日").fill(wareki(today()))
    page.get_by_label("市町村").select_option(label="鹿嶋市")
    page.get_by_label("資源の種類").select_option(label="食料支援（フードバンク・食堂・配食）")
    page.get_by_label("ディレクトリの組織").select_option(label="NPO法人いばらき食のわネット（架空）")
    page.get_by_label("経過・メモ").fill("鹿行の配送拠点として協定")
    page.get_by_role("button", name="保存する").click()
    expect_message(page, "開拓記録を保存しました。")
    expect(page.locator("#development-records")).to_contain_text("鹿行の配送拠点として協定")
    # The log alone is no resource: the cell stays a gap until the directory has a service there.
    expect(gap).to_have_class("gap-cell is-gap")
    expect(page.locator("#gap-table")).to_contain_text("開拓 1")
