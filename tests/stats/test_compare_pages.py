"""Bodies side by side: per-100k figures beside the 目安値, trends, the funnel; SVG charts with their tables."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Consent, Handoff
from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program
from jiritsu.stats.comparisons import compare
from jiritsu.stats.survey import month_range

from . import builders as b

D = dt.date
Q = "unit={unit}&first=2024-04&last=2024-06"


def consent(case, day):
    return Consent.objects.create(case=case, applied_on=day, rules_explained=True, share_agreed=True,
                                  recorded_by=b.recorder())


@pytest.fixture
def cases(world):
    """日立: 3 received in the range (one before it), 2 applied, 1 planned, handed off and employed. 土浦: 1."""
    hitachi = [b.case("08202", D(2024, 4, 3)), b.case("08202", D(2024, 5, 31)), b.case("08202", D(2024, 6, 1))]
    hitachi[0].client.family_name = "比較野"
    hitachi[0].client.save()
    b.case("08202", D(2024, 3, 31))
    consent(hitachi[0], D(2024, 4, 5))
    consent(hitachi[1], D(2024, 6, 2))
    plan = b.plan(hitachi[0], 1, D(2024, 5, 1), services=[Program.EMPLOYMENT_PREP], work_support_target=True)
    Handoff.objects.create(case=hitachi[0], plan=plan, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                           mode="regular", started_on=D(2024, 5, 10), recorded_by=b.recorder())
    b.outcome(hitachi[0], "employed", D(2024, 6, 20))
    tsuchiura = b.case("08203", D(2024, 4, 10))
    tsuchiura.client.family_name = "他市"
    tsuchiura.client.save()
    return hitachi, tsuchiura


def test_it_counts_each_body_and_follows_the_cases_received_through_the_funnel(world, cases):
    comparison = compare(world.pref, month_range(D(2024, 4, 1), D(2024, 6, 1)))
    hitachi = comparison.row_of(world.hitachi)
    assert hitachi.counts["new"] == 3 and hitachi.counts["plans"] == 1 and hitachi.counts["employed"] == 1
    assert hitachi.funnel == {"received": 3, "applied": 2, "planned": 1, "handed_off": 1, "outcome": 1}
    assert comparison.row_of(world.tsuchiura).funnel == {"received": 1, "applied": 0, "planned": 0,
                                                         "handed_off": 0, "outcome": 0}
    assert comparison.trend("new", world.hitachi) == [1, 1, 1] and comparison.trend("new") == [2, 1, 1]


def test_it_gives_each_body_its_figure_per_100k_per_month_from_its_population(world, cases):
    comparison = compare(world.pref, month_range(D(2024, 4, 1), D(2024, 6, 1)))
    pop = Body.objects.get(code="08202").population()
    want = f"{round(3 * 100_000 / (3 * pop) + 1e-9, 1):.1f}"
    assert comparison.row_of(world.hitachi).rates["new"] == want
    assert comparison.targets["new"] != ""


def test_the_prefecture_sees_every_body_as_published_counts_with_charts_and_tables_but_no_names(
        client, world, cases):
    client.force_login(world.policy)
    page = client.get("/stats/compare/?unit=08&period=2024Q1")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == 2 and "目安値" in html and "人口10万人当たり・月" in html
    for table in ("compare-table", "trend-table"):
        assert f'id="{table}"' in html
    assert "日立市" in html and "土浦市" in html and "水戸市" in html
    assert "比較野" not in html and "他市" not in html
    assert "/cases/?" not in html
    assert client.get("/stats/compare/cases/?" + Q.format(unit="08202") + "&stage=received").status_code == 403


def test_body_staff_open_the_cases_behind_their_own_counts_only(client, world, cases):
    client.force_login(world.worker_a)
    html = client.get("/stats/compare/").content.decode()
    assert "土浦市" in html  # other bodies as counts
    page = client.get("/stats/compare/?" + Q.format(unit="08202"))
    html = page.content.decode()
    assert "/stats/compare/cases/?unit=08202" in html and "unit=08203" not in html
    drill = client.get("/stats/compare/cases/?" + Q.format(unit="08202") + "&stage=handed_off").content.decode()
    assert cases[0][0].case_number in drill and cases[0][1].case_number not in drill
    assert AccessLog.objects.filter(case_id=cases[0][0].pk, what__contains="比較の内訳").exists()
    assert client.get("/stats/compare/cases/?" + Q.format(unit="08203") + "&stage=received").status_code == 403
    assert client.get("/stats/compare/?" + Q.format(unit="08203")).status_code == 200  # not a choice: form error


def test_users_outside_the_survey_readers_are_refused(client, world, cases):
    for user in (world.prep_staff, world.auditor):
        client.force_login(user)
        assert client.get("/stats/compare/").status_code == 403


def test_the_chart_labels_its_bars_and_target_in_japanese(world, cases):
    from jiritsu.stats import charts

    svg = charts.hbar("新規相談受付件数", [("日立市", 12.5), ("土浦市", 3.0)], target=10.0, highlight="日立市")
    assert "<title>新規相談受付件数</title>" in svg and "日立市" in svg and "12.5" in svg and "目安値 10" in svg
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_a_ten_year_trend_keeps_its_month_labels_readable():
    from jiritsu.stats import charts

    months = [f"{2016 + i // 12}-{i % 12 + 1:02d}" for i in range(120)]
    svg = charts.lines("月別の推移", months, [("新規相談受付件数", list(range(120)))])
    labelled = [m for m in months if f">{m}</text>" in svg]
    assert 12 <= len(labelled) <= 24 and labelled[0] == "2016-01"
    assert 'viewBox="0 0 1206 304"' in svg  # no wider than a page


def test_small_figures_fill_the_chart_and_a_far_target_is_written_off_the_scale():
    """At demo volumes (a few per 100,000 against a 目安値 of 24) the bars are read, not slivers."""
    import re

    from jiritsu.stats import charts

    svg = charts.hbar("新規相談受付件数", [("日立市", 4.2), ("土浦市", 2.1)], target=24.0, axis="人口10万人当たり・月（件）")
    widths = [float(w) for w in re.findall(r'<rect x="170" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] > 350 and abs(widths[1] * 2 - widths[0]) < 1  # the largest bar spans the plot, halves halve
    assert "目安値 24 →（この目盛りの外）" in svg and "stroke-dasharray" not in svg
    assert ">4.2</text>" in svg and ">人口10万人当たり・月（件）</text>" in svg
    # A target within twice the largest bar is drawn on the scale as a dashed line.
    near = charts.hbar("新規相談受付件数", [("日立市", 20.0)], target=24.0)
    assert "stroke-dasharray" in near and "この目盛りの外" not in near


def test_the_current_month_is_marked_as_partial_not_drawn_as_a_drop():
    from jiritsu.stats import charts

    svg = charts.lines("月別の推移", ["2024-04", "2024-05", "2024-06"], [("新規相談受付件数", [30, 32, 5])],
                       partial_last=True)
    assert ">2024-06</text>" in svg and ">（集計中）</text>" in svg and 'stroke-dasharray="5 4"' in svg
    assert svg.count("<polyline") == 2  # April–May solid, May–June dashed


def test_the_page_says_why_hand_offs_can_outnumber_plans_and_which_month_is_partial(client, world, cases):
    from zoneinfo import ZoneInfo

    import time_machine

    client.force_login(world.worker_a)  # a body's staff see the exact comparison with its funnel
    with time_machine.travel(dt.datetime(2024, 6, 15, 12, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        html = client.get(f"/stats/compare/?{Q.format(unit='08202')}").content.decode()
    assert "引継ぎがプランより多いことがあります" in html and ">（集計中）</text>" in html
    assert "2024-06は月の途中で集計中" in html
