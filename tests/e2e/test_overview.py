"""県の概況 in the browser: the prefecture's staff land on it, read the key figures, the tile map of the 44
municipalities and the coverage chart with labelled axes, at a 1366×768 screen, and change the map's measure."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.stats import builders as b

pytestmark = pytest.mark.e2e


@pytest.fixture
def cases(world):
    today = dt.date.today()
    for days in (40, 45, 50, 400):
        b.case("08202", today - dt.timedelta(days=days))
    b.case("08203", today - dt.timedelta(days=42))


def test_the_prefecture_lands_on_its_overview_and_reads_the_map_and_charts(page, world, cases, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, world.policy)
    assert page.url.endswith("/stats/overview/")
    expect(page.get_by_role("heading", name="県の概況", exact=False).first).to_be_visible()
    tile_map = page.get_by_role("img", name="実施している広域実施の事業数（市町村のタイル地図、44市町村）")
    expect(tile_map).to_be_visible()
    expect(page.locator("svg.tile-map g.tile")).to_have_count(44)
    chart = page.get_by_role("img", name="年度別の実施自治体数（縦軸：団体数、横軸：年度）")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="団体")).to_have_count(1)
    expect(chart.locator("text", has_text="年度").last).to_be_visible()
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=False)
    page.screenshot(path=str(tmp_path / "overview-full.png"), full_page=True)
    page.get_by_label("地図の色分け").select_option(label="新規相談（人口10万人当たり・月）")
    page.get_by_role("button", name="色分けを変える").click()
    expect(page.get_by_role("img", name="新規相談（人口10万人当たり・月）（市町村のタイル地図、44市町村）")).to_be_visible()
    page.get_by_role("link", name="自治体別の表で見る").first.click()
    expect(page.get_by_role("heading", name="自治体の比較・推移")).to_be_visible()
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=False)
