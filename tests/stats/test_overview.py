"""県の概況: the prefecture's landing page. Its figures are the ones of the tables it links to, the map has a
tile for each municipality, the current partial month is left out, and no person ever appears on it."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Method, Participation
from jiritsu.stats.overview import complete_months, overview

from . import builders as b

D = dt.date


@pytest.fixture
def june_2024():
    with time_machine.travel(dt.datetime(2024, 6, 15, 12, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        yield


@pytest.fixture
def cases(world, june_2024):
    """日立: two new consultations in April–May 2024 (one person named 概況野), one in June (the current month);
    土浦: one in May 2023 (last year's same months)."""
    first = b.case("08202", D(2024, 4, 3))
    first.client.family_name = "概況野"
    first.client.save()
    b.case("08202", D(2024, 5, 20))
    b.case("08202", D(2024, 6, 3))
    b.case("08203", D(2023, 5, 10))


def test_it_counts_only_the_complete_months_of_this_fiscal_year():
    assert complete_months(D(2024, 6, 15)) == ([D(2024, 4, 1), D(2024, 5, 1)], False)
    assert complete_months(D(2025, 1, 31)) == ([D(2024, m, 1) for m in range(4, 13)], False)
    months, last_year = complete_months(D(2024, 4, 2))  # no month of R6 is complete yet: the whole of R5
    assert last_year and months[0] == D(2023, 4, 1) and months[-1] == D(2024, 3, 1) and len(months) == 12


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
    link = re.search(r'href="(/stats/compare/\?unit=08&amp;first=2024-04&amp;last=2024-05)"', html)
    assert link, "the key figures link to the comparison of the same months"
    compare_html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    result = overview(world.pref, "new")
    hitachi = next(v for code, _n, v in result.map.body_values if code == "08202")
    # 日立's figure on the map is its figure in the comparison table (June, still filling up, is not counted).
    row = re.search(r"<th scope=\"row\">日立市</th>(.*?)</tr>", compare_html, re.S).group(1)
    assert f"<td>{hitachi}</td>" in row and hitachi != "0.0"
    pop = world.hitachi.population()
    assert hitachi == f"{round(2 * 100_000 / (2 * pop) + 1e-9, 1):.1f}"
    assert result.kpis[0].this_year != "" and result.kpis[0].last_year != ""
    assert "今月は集計途中のため含めません" in html


def test_the_map_has_a_tile_for_each_of_the_44_municipalities_coloured_by_programs(client, world, june_2024):
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
