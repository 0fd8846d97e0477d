"""県の概況: the prefecture's landing page. Its figures are the ones of the tables it links to (the published
figures of the latest ended quarter), the map has a tile for each municipality, and no person ever appears on it."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Method, Participation
from jiritsu.stats.overview import latest_quarter, overview

from . import builders as b

D = dt.date


@pytest.fixture
def july_2024():
    with time_machine.travel(dt.datetime(2024, 7, 15, 12, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        yield


@pytest.fixture
def cases(world, july_2024):
    """日立: seven new consultations in April–June 2024 (one person named 概況野), one in July (still running);
    土浦: six in April–June 2024, one in May 2023 (last year's same quarter)."""
    first = b.case("08202", D(2024, 4, 3))
    first.client.family_name = "概況野"
    first.client.save()
    for day in range(1, 7):
        b.case("08202", D(2024, 5, day))
        b.case("08203", D(2024, 6, day))
    b.case("08202", D(2024, 7, 3))
    b.case("08203", D(2023, 5, 10))


def test_it_reads_the_latest_ended_quarter():
    assert latest_quarter(D(2024, 7, 15)).key == "2024Q1"
    assert latest_quarter(D(2024, 6, 30)).key == "2023Q4"  # April–June is not over yet


def test_policy_staff_land_on_the_overview_from_today(client, world):
    client.force_login(world.policy)
    response = client.get(reverse("today"))
    assert response.status_code == 302 and response["Location"] == reverse("prefecture_overview")
    assert "県の概況" in client.get(reverse("prefecture_overview")).content.decode()


@pytest.mark.parametrize("who", ["worker_a", "chief_a", "admin_a", "prep_staff", "auditor", "developer"])
def test_it_refuses_everyone_but_the_prefecture(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("prefecture_overview")).status_code == 403


def test_its_figures_equal_the_comparison_table_it_links_to(client, world, cases):
    client.force_login(world.policy)
    html = client.get(reverse("prefecture_overview"), {"measure": "new"}).content.decode()
    link = re.search(r'href="(/stats/compare/\?unit=08&amp;period=2024Q1)"', html)
    assert link, "the key figures link to the published comparison of the same quarter"
    compare_html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    result = overview(world.pref, "new")
    shown = dict((code, value) for code, _name, value in result.map.body_values)
    first_rate = -compare_html.count("（10万人当たり・月）</th>")  # the new consultations' rate column
    for code, name in (("08202", "日立市"), ("08203", "土浦市"), ("08201", "水戸市")):
        row = re.search(rf"<th scope=\"row\">{name}</th>(.*?)</tr>", compare_html, re.S).group(1)
        assert re.findall(r"<td>([^<]*)</td>", row)[first_rate] == shown[code]
    pop = world.hitachi.population()
    assert shown["08202"] == f"{round(7 * 100_000 / (3 * pop) + 1e-9, 1):.1f}"  # July, still running, not counted
    total = re.search(r"<th scope=\"row\">県計</th>(.*?)</tr>", compare_html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", total)[first_rate] == result.kpis[0].this_year
    assert result.kpis[0].last_year != "" and result.period_before.key == "2023Q1"


def test_the_map_has_a_tile_for_each_of_the_44_municipalities_coloured_by_programs(client, world, july_2024):
    Agreement.objects.all().delete()
    Participation.objects.create(body=world.hitachi, program=Program.EMPLOYMENT_PREP, fiscal_year=2024,
                                 method=Method.JOINT)
    Participation.objects.create(body=world.hitachi, program=Program.HOUSEHOLD_BUDGET, fiscal_year=2024,
                                 method=Method.JOINT)
    client.force_login(world.policy)
    html = client.get(reverse("prefecture_overview")).content.decode()
    assert html.count('class="tile"') == 44
    assert re.search(r'data-code="08202">\s*<title>日立市（日立市）：2事業</title>', html)
    assert re.search(r'data-code="08203">\s*<title>土浦市（土浦市）：0事業</title>', html)
    assert "就労準備支援：1 / 33団体" in html and "家計改善支援：1 / 33団体" in html


def test_it_shows_no_person_and_logs_no_case_read(client, world, cases):
    client.force_login(world.policy)
    for measure in ("programs", "new", "shelter", "nonsense\x00"):
        html = client.get(reverse("prefecture_overview"), {"measure": measure}).content.decode()
        assert "概況野" not in html and "/cases/" not in html
    assert not AccessLog.objects.filter(username="policy").exists()
