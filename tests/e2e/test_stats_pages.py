"""Statistics in the browser: the comparison page's charts with their tables, the drill-down from the
funnel for the body's own staff, and the public figures with small counts hidden."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from jiritsu.cases.models import Consent
from tests.e2e.conftest import login
from tests.stats import builders as b

pytestmark = pytest.mark.e2e
D = dt.date
RANGE = "first=2024-04&last=2024-06"


@pytest.fixture
def cases(world):
    received = [b.case("08202", D(2024, 4, d)) for d in range(1, 8)]
    Consent.objects.create(case=received[0], applied_on=D(2024, 4, 2), rules_explained=True, share_agreed=True,
                           recorded_by=b.recorder())
    b.case("08203", D(2024, 5, 2))
    return received


def test_the_prefecture_reads_the_comparison_as_published_figures(page, world, cases):
    login(page, world.policy)
    page.goto("/stats/compare/?unit=08&period=2024Q1")
    expect(page.get_by_role("img", name="新規相談受付件数（人口10万人当たり・月）")).to_be_visible()
    table = page.get_by_role("table", name="自治体別の件数（令和6年度 第1四半期（4〜6月））と人口10万人当たり・月（「*」は秘匿）")
    expect(table.get_by_role("row", name="土浦市")).to_contain_text("*")  # 1 case: hidden
    expect(page.get_by_role("table", name="月別の件数：県計（「*」は秘匿）")).to_be_visible()
    expect(page.locator("#funnel-bodies")).to_have_count(0)  # cohort counts: body staff only


def test_the_body_s_staff_open_the_cases_behind_their_funnel(page, world, cases):
    login(page, world.worker_a)
    page.goto(f"/stats/compare/?unit=08202&{RANGE}")
    page.locator("#funnel-bodies").get_by_role("row", name="日立市").get_by_role("link", name="1").click()
    expect(page.get_by_text("支援の流れ：利用申込")).to_be_visible()
    expect(page.get_by_role("link", name=cases[0].case_number)).to_be_visible()


def test_the_public_figures_hide_small_counts(page, world, cases):
    login(page, world.policy)
    page.goto("/stats/public/?period=2024Q1")
    table = page.get_by_role("table", name="新規相談受付件数")
    expect(table.get_by_role("row", name="土浦市")).to_contain_text("*")
    expect(page.get_by_text("二次秘匿")).to_be_visible()
