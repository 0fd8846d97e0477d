"""Placements (issue 5) in the browser: the developer adds a site and a task, proposes the engine's match, the
agency confirms it with the person's consent, and the developer schedules the accompanied first day."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from jiritsu.placements.models import FirstUse, Task
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, wareki
from tests.placements.conftest import in_prep, profile_for

pytestmark = pytest.mark.e2e


def test_the_developer_adds_a_site_and_task_the_agency_confirms_and_the_first_day_is_scheduled(
        page, page_as, world, today):
    profile = profile_for(world, in_prep(world), prefers=["農作業"])
    login(page, world.developer)

    page.goto("/placements/sites/new")
    page.get_by_label("種別").select_option(label="農業者")
    page.get_by_label("名称").fill("はじめて農園")
    page.get_by_label("市町村").select_option(label="日立市")
    page.get_by_label("担当者名").fill("農園 花子")
    page.get_by_label("電話番号").fill("0294-11-2222")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("はじめて農園")

    page.get_by_role("link", name="業務を追加する").click()
    page.get_by_label("作業名").fill("苗の植え付け")
    page.get_by_label("必要なステージ").select_option("日常生活自立")
    page.get_by_label("週あたり時間").fill("6")
    page.get_by_label("身体的負荷").select_option(label="軽")
    page.get_by_label("対人負荷").select_option(label="少")
    page.get_by_label("屋外").check()
    page.get_by_label("農作業").check()
    page.get_by_label("受入れ人数").fill("1")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("table")).to_contain_text("苗の植え付け")

    page.goto("/placements/matching")
    row = page.locator(f"#row-{profile.code}")
    expect(row).not_to_contain_text("山田")
    expect(row.get_by_label(f"{profile.code} に提案する業務")).to_have_value(str(Task.objects.get().pk))
    expect(row).to_contain_text("希望に合う：農作業")
    page.get_by_role("button", name="選んだ組み合わせを提案する").click()
    expect_message(page, "1件の組み合わせを提案しました")

    agency = page_as(world.worker_a)
    agency.goto("/placements/matching")
    agency.get_by_role("region", name="回答が必要な提案").get_by_role("link").click()
    agency.get_by_label("本人に提案内容を説明し").check()
    agency.get_by_label("同意を得た日").fill(wareki(today))
    agency.get_by_role("button", name="マッチングを確定する").click()
    expect_message(agency, "マッチングを確定しました")
    expect(agency.locator("#match-status")).to_have_text("確定（本人同意）")

    page.goto(f"/placements/matches/{profile.matches.get().pk}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("山田 花子")
    first_day = today + dt.timedelta(days=7)
    page.get_by_label("初回利用日").fill(wareki(first_day))
    page.get_by_label("集合時刻").fill("09:30")
    expect(page.get_by_label("受入れ先の担当者・連絡先")).to_have_value("農園 花子　0294-11-2222")
    page.get_by_role("button", name="初回利用を予定する").click()
    expect_message(page, "初回利用の同行を予定しました")
    expect(page.locator("#first-use")).to_contain_text(wareki(first_day, short=False))
    assert FirstUse.objects.get().accompanied_by == world.developer.staff
