"""The sheets' arithmetic to the yen: a month's totals and gap, the before/after comparison, the キャッシュフロー表
year by year with its life events, and the chart's geometry."""
import pytest

from jiritsu.budget import rules


def test_a_months_totals_and_gap_are_summed_to_the_yen():
    amounts = {"wages": 123_456, "pension": 78_901, "housing": 45_000, "food": 38_765, "repayment": 20_001}
    assert rules.totals(amounts) == (202_357, 103_766, 98_591)
    assert rules.totals({"food": 1}) == (0, 1, -1)


def test_the_comparison_lists_every_category_with_its_change():
    rows = {r.code: r for r in rules.compare({"food": 50_000, "wages": 0}, {"food": 38_000, "wages": 120_000})}
    assert len(rows) == len(rules.CATEGORIES)
    assert rows["food"].difference == -12_000 and rows["wages"].difference == 120_000
    assert rows["phone"].before == rows["phone"].after == 0


def test_the_cash_flow_carries_savings_and_events_year_by_year():
    events = rules.parse_events("2027 長男の高校入学 -300,000\n２０２８　退職金　＋１，２００，０００\n2027 車検 -80000",
                                2026, 2030, max_amount=10**9)
    rows = rules.cash_flow(start_year=2026, years=5, savings=100_000, income=2_400_000, spending=2_300_000,
                           events=events)
    assert [r.year for r in rows] == [2026, 2027, 2028, 2029, 2030]
    assert [r.balance for r in rows] == [100_000, -280_000, 1_300_000, 100_000, 100_000]
    assert [r.savings for r in rows] == [200_000, -80_000, 1_220_000, 1_320_000, 1_420_000]
    assert [e.label for e in rows[1].events] == ["長男の高校入学", "車検"]


@pytest.mark.parametrize("text, message", [
    ("長男の入学 -300000", "読めません"),
    ("2040 車の買い替え -1000000", "期間"),
    ("2027 宝くじ 99999999999", "以内"),
])
def test_a_life_event_line_it_cannot_use_is_named_by_its_line(text, message):
    with pytest.raises(rules.EventError, match=message):
        rules.parse_events("2026 なし 0\n" + text, 2026, 2030, max_amount=1_000_000_000)


def test_the_chart_draws_a_bar_per_year_and_a_savings_line_inside_its_box():
    rows = rules.cash_flow(start_year=2026, years=20, savings=0, income=100, spending=150, events=[])
    chart = rules.chart(rows)
    assert len(chart.bars) == 20 and len(chart.points.split()) == 20
    assert all(b["negative"] for b in chart.bars) and chart.bottom_label == -1000 and chart.top_label == 0
    ys = [float(p.split(",")[1]) for p in chart.points.split()]
    assert ys == sorted(ys) and 0 <= min(ys) and max(ys) <= chart.height
