"""県の概況 in the browser: the prefecture's staff land on it, read the key figures, the tile map of the 44
municipalities and the coverage chart with labelled axes, shelter rooms tonight, training by body and phases by
body, at a 1366×768 screen, change the map's measure, print it on A4 landscape and follow a figure to the
comparison page, whose charts have labelled axes too."""
import datetime as dt
import re

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
    expect(page.get_by_role("heading", name=re.compile("一時生活支援の居室の状況"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("人材養成研修の修了"))).to_be_visible()
    expect(page.locator("#phase-bodies tbody tr")).to_have_count(world.pref.bodies.count())
    expect(page.get_by_role("link", name=re.compile("修了した職員がいる団体"))).to_be_visible()
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=False)
    pdf = page.pdf(prefer_css_page_size=True)  # the print style sheet's A4 landscape page
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width), round(height)) == (842, 595)
    page.screenshot(path=str(tmp_path / "overview-full.png"), full_page=True)
    page.get_by_label("地図の色分け").select_option(label="新規相談（人口10万人当たり・月）")
    page.get_by_role("button", name="色分けを変える").click()
    expect(page.get_by_role("img", name="新規相談（人口10万人当たり・月）（市町村のタイル地図、44市町村）")).to_be_visible()
    page.get_by_role("link", name="自治体別の表で見る").first.click()
    expect(page.get_by_role("heading", name="自治体の比較・推移")).to_be_visible()
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=False)
    rate_charts = page.locator("figure.chart svg").filter(has=page.locator("title", has_text="人口10万人当たり・月"))
    assert rate_charts.count() >= 2
    for i in range(rate_charts.count()):  # each comparison chart: the value axis labelled with its unit
        expect(rate_charts.nth(i).locator("text", has_text="人口10万人当たり・月（件）")).to_have_count(1)
