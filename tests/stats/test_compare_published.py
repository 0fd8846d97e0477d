"""The comparison page for the prefecture's policy staff shows the published figures (fixed periods, small
counts and what gives them away as "*"), never a count the public tables hide (issue 17)."""
import datetime as dt
import re

import pytest

from .test_public_figures import at, download, year_of_cases  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db
D = dt.date
BODIES = ("日立市", "土浦市", "水戸市")


def table_rows(html: str, table_id: str) -> dict[str, list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S)[1]
    rows = {}
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', tr)
        if head:
            rows[head[1]] = [c.strip() for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
    return rows


def test_policy_staff_compare_exactly_the_published_counts_of_a_quarter(client, world, year_of_cases):  # noqa: F811
    client.force_login(world.policy)
    with at(D(2025, 4, 10)):
        published = download(client, "2024Q1")
        html = client.get("/stats/compare/?unit=08202&period=2024Q1").content.decode()
    rows = table_rows(html, "compare-table")
    assert "*" in html
    for name in (*BODIES, "県計"):
        counts = rows[name][1:5]  # after the population: new, plans, employed, income
        for label, shown in zip(("新規相談受付件数", "プラン作成件数"), counts[:2], strict=True):
            assert shown == str(published[(label, name, "第1四半期計")]), (name, label)
        assert not any(c in ("1", "2", "3", "4") for c in counts), (name, counts)
        rates = rows[name][5:]
        assert all(r == "*" for r, c in zip(rates, counts[:2], strict=True) if c == "*")  # a rate gives its count


def test_the_trend_of_a_body_is_its_published_months(client, world, year_of_cases):  # noqa: F811
    client.force_login(world.policy)
    with at(D(2025, 4, 10)):
        published = download(client, "2024Q1")
        html = client.get("/stats/compare/?unit=08203&period=2024Q1").content.decode()
    trend = table_rows(html, "trend-table")
    assert list(trend) == ["2024-04", "2024-05", "2024-06"]
    for month, cells in trend.items():
        assert cells[0] == str(published[("新規相談受付件数", "土浦市", month)])


def test_policy_staff_get_no_free_range_and_no_funnel(client, world, year_of_cases):  # noqa: F811
    client.force_login(world.policy)
    with at(D(2024, 11, 15)):
        html = client.get("/stats/compare/?unit=08&first=2024-01&last=2024-10").content.decode()
        refused = client.get("/stats/compare/?unit=08&period=2024-11")
    assert "2024年10月" in html and 'id="funnel-bodies"' not in html and 'id="funnel-table"' not in html
    assert refused.status_code == 400 and "終わった月・四半期・年度" in refused.content.decode()


def test_body_staff_still_compare_their_own_exact_counts(client, world, year_of_cases):  # noqa: F811
    client.force_login(world.worker_a)
    with at(D(2025, 4, 10)):
        html = client.get("/stats/compare/?unit=08202&first=2024-04&last=2024-06").content.decode()
    assert 'id="funnel-bodies"' in html and "*" not in table_rows(html, "compare-table")["日立市（自治体）"]
