"""県の概況's shelter, training and phase parts: each figure is the one of the table it links to (the occupancy
grid's 今夜の入居, the training records' 未修了, the phase view's per-body phases), and none names a person."""
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jiritsu.orgs.models import Municipality
from jiritsu.outreach.models import Phase, PhaseRecord
from jiritsu.outreach.selectors import PHASE_PROGRAMS
from jiritsu.programs.catalog import Program
from jiritsu.shelter.models import Building, OutOfService, Room
from tests.shelter.conftest import confirmed_stay, urgent_case
from tests.training.builders import complete, make_course


def _table(html: str, table_id: str) -> list[list[str]]:
    """The body rows of the table with the id: each row's cells (header cell first) as plain text."""
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S)
    assert table, f"no table {table_id}"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1).split("<tbody>")[1], re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]


def _link(html: str, anchor_id: str) -> str:
    return re.search(rf'<a id="{anchor_id}" href="([^"]+)"', html).group(1).replace("&amp;", "&")


@pytest.fixture
def sites(world):
    """日立: three rooms, one with a stay tonight, one out of service; 土浦: one free room."""
    def building(city, name):
        return Building.objects.create(name=name, municipality=Municipality.objects.get(name=city),
                                       available_from=dt.date(2019, 4, 1))
    hitachi, tsuchiura = building("日立市", "県営概況団地"), building("土浦市", "県営南団地")
    rooms = [Room.objects.create(building=hitachi, label=f"10{i}", capacity=1, features=[]) for i in (1, 2, 3)]
    Room.objects.create(building=tsuchiura, label="201", capacity=1, features=[])
    today = timezone.localdate()
    OutOfService.objects.create(room=rooms[2], start_on=today - dt.timedelta(days=1),
                                end_on=today + dt.timedelta(days=3), reason="修繕")
    case = urgent_case(world, given_name="宿泊者")
    confirmed_stay(world, case, rooms[0], today, today + dt.timedelta(days=5))
    return case


def test_shelter_rooms_tonight_equal_the_occupancy_grid_and_name_nobody(client, world, sites):
    client.force_login(world.policy)
    html = client.get(reverse("prefecture_overview")).content.decode()
    shown = {row[0]: (row[1], row[2]) for row in _table(html, "shelter-tonight")}
    assert shown == {"日立市 県営概況団地": ("1", "2"), "土浦市 県営南団地": ("0", "1")}
    assert "入居 1 / 利用できる部屋 3室（2拠点）" in html
    grid = client.get(_link(html, "shelter-tonight-total")).content.decode()
    summary = grid.split('id="summary-title"')[1].split("</table>")[0]
    for name, (occupied, available) in shown.items():
        row = re.search(rf"{name}</a></th>(.*?)</tr>", summary, re.S).group(1)
        assert re.findall(r"<td>([^<]*)</td>", row)[2] == f"{occupied} / {available}室"
    assert "宿泊者" not in html and sites.client.family_name not in html and sites.case_number not in html


def test_training_coverage_equals_the_records_it_links_to(client, world, today):
    course, lectures, exercise = make_course(world, today)
    complete(world, world.worker_a, course, lectures, exercise)
    complete(world, world.chief_a, course, lectures, exercise, role="chief")
    client.force_login(world.policy)
    html = client.get(reverse("prefecture_overview")).content.decode()
    shown = {row[0]: (int(row[1]), int(row[2])) for row in _table(html, "training-coverage")}
    assert shown["日立市"][0] == 2 and shown["土浦市"][0] == 0
    records = client.get(_link(html, "training-covered")).content.decode()
    groups = re.findall(r'<h2>([^<]+?) <span class="count">未修了 (\d+)名</span></h2>\s*<table>(.*?)</table>',
                        records, re.S)
    assert {label: (len(re.findall(r"<tr", rows)) - 1 - int(untrained), len(re.findall(r"<tr", rows)) - 1)
            for label, untrained, rows in groups} == shown
    bodies = [label for label in shown if label.endswith("市")]
    assert f"修了した職員がいる団体：1 / {len(bodies)}団体" in html
    assert f"修了した職員：2 / {sum(n for _t, n in shown.values())}名" in html
    for user in (world.worker_a, world.chief_a):
        assert user.staff.display_name not in html


def test_phases_by_body_equal_the_phase_view(client, world):
    PhaseRecord.objects.create(body=world.tsuchiura, program=Program.HOUSEHOLD_BUDGET, phase=Phase.START,
                               recorded_by=world.policy, recorded_on=timezone.localdate())
    client.force_login(world.policy)
    html = client.get(reverse("prefecture_overview")).content.decode()
    shown = {row[0]: row[1:] for row in _table(html, "phase-bodies")}
    assert len(shown) == world.pref.bodies.count()
    phases = client.get(reverse("outreach_phases")).content.decode()
    table = phases.split('aria-label="自治体ごとの段階"')[1].split("</table>")[0]
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        name = re.search(r'<th scope="row"><a [^>]*>([^<]+)</a>', row).group(1)
        labels = re.findall(r'<td><a [^>]*>([^<]+)</a>', row)
        assert shown[name] == labels, name
    column = [Program(p).label for p in PHASE_PROGRAMS]
    assert shown["土浦市"][column.index(Program.HOUSEHOLD_BUDGET.label)] == "開始期"
    counts = {row[0]: row[1:] for row in _table(html, "phase-counts")}
    for k, label in enumerate(column):
        for j, phase in enumerate(Phase):
            assert int(counts[label][j]) == sum(1 for cells in shown.values() if cells[k] == phase.label)
