"""Shelter rooms and placement slots in the directory: availability read from those apps when shown
or exported, never a stale stored figure, and never who stays."""
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_directory
from jiritsu.orgs.models import Municipality
from jiritsu.placements.models import Site, Task
from tests.shelter.conftest import confirmed_stay, rooms, urgent_case  # noqa: F401 - `rooms` is a fixture

SHELTER = "一時生活支援（県営住宅の居室）"
PLACEMENT = "就労体験・就労訓練の受入れ先の紹介"


@pytest.fixture
def directory(world):
    load_demo_directory()
    return world


def _site(name, code, *tasks, active=True):
    site = Site.objects.create(kind=Site.Kind.FARMER, name=name, municipality=Municipality.objects.get(code=code),
                               lat=36.4, lon=140.4, active=active)
    for capacity, until in tasks:
        Task.objects.create(site=site, title=f"{name}の作業{capacity}", min_stage="日常生活自立",
                            hours_per_week=Decimal(4), physical_load="light", interpersonal_load="few",
                            capacity=capacity, available_until=until)
    return site


def _capacity_line(client, name):
    service = m.Service.objects.get(name=name)
    [line] = client.get(reverse("directory_service", args=[service.pk])).context["capacities"]
    return line


def test_it_shows_tonights_free_shelter_rooms_and_counts_a_new_stay_at_once(client, directory, rooms,  # noqa: F811
                                                                            today):
    client.force_login(directory.worker_b)
    line = _capacity_line(client, SHELTER)
    assert (line.available, line.maximum, line.live) == (3, 3, True)
    assert line.by_place == [("土浦市", 1), ("日立市", 2)]
    case = urgent_case(directory)
    confirmed_stay(directory, case, rooms["h101"], today, today + dt.timedelta(days=30))
    line = _capacity_line(client, SHELTER)
    assert (line.available, line.maximum) == (2, 3)
    page = client.get(reverse("directory_search"), {"need": "housing"}).content.decode()
    assert "室 2/3" in page and "リアルタイム" in page
    assert case.client.family_name not in page


def test_it_counts_open_places_of_active_sites_only(client, directory, today):
    yesterday = today - dt.timedelta(days=1)
    _site("デモ農園A", "08226", (2, None), (3, yesterday))  # the second task closed yesterday
    _site("デモ工場B", "08220", (4, None))
    _site("休止中の農園", "08202", (5, None), active=False)
    client.force_login(directory.worker_a)
    line = _capacity_line(client, PLACEMENT)
    assert (line.available, line.unit_name) == (6, "人分の枠")
    assert line.by_place == [("つくば市", 4), ("那珂市", 2)]


def test_it_ignores_a_stored_snapshot_for_a_live_service(client, directory, rooms):  # noqa: F811
    service = m.Service.objects.get(name=SHELTER)
    unit = m.Unit.objects.create(name="室")
    m.ServiceCapacity.objects.create(service=service, unit=unit, available=99, updated="2024-04-01T00:00+09:00")
    client.force_login(directory.worker_a)
    assert _capacity_line(client, SHELTER).available == 3


def test_it_exports_the_live_figure_as_an_hsds_capacity_with_its_unit(directory, rooms, today, tmp_path):  # noqa: F811
    confirmed_stay(directory, urgent_case(directory), rooms["t201"], today, today + dt.timedelta(days=10))
    call_command("export_hsds", str(tmp_path / "a"))
    service = m.Service.objects.get(name=SHELTER)
    capacities = json.loads((tmp_path / "a" / "service_capacities.json").read_text())
    [row] = [c for c in capacities if c["service_id"] == str(service.id)]
    assert (row["available"], row["maximum"]) == (2, 3)
    assert row["updated"].startswith(today.isoformat() + "T00:00:00")
    units = {u["id"]: u["name"] for u in json.loads((tmp_path / "a" / "units.json").read_text())}
    assert units[row["unit_id"]] == "室"
    call_command("export_hsds", str(tmp_path / "b"))
    assert {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()} == \
        {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}


def test_it_reads_each_live_source_once_per_page(client, directory, rooms, django_assert_max_num_queries):  # noqa: F811
    client.force_login(directory.worker_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("directory_search"))
    lines = [c for s in response.context["services"] for c in s.capacity_rows if c.live]
    assert len(lines) == 2

