"""Sites, carved-out tasks and development visits: who edits, who reads, who counts, and the engine's slots."""
import datetime as dt
import re

import pytest

from jiritsu.core.errors import Conflict
from jiritsu.orgs import geo
from jiritsu.orgs.models import Municipality
from jiritsu.placements import matching, services
from jiritsu.placements.demo import load_demo_sites
from jiritsu.placements.models import DevelopmentVisit, Site, Task
from jiritsu.placements.selectors import slots_for_matching

SITE_POST = {
    "kind": "farmer", "name": "テスト農園", "address": "那珂市内", "lat": "", "lon": "",
    "contact_name": "農園 太郎", "contact_phone": "029-111-2222", "contact_email": "farm@example.jp",
    "certification": "non_employment", "certified_until": "R8.3.31", "hosting_hours": "火・木 9:00〜12:00",
    "active": "on",
}
TASK_POST = {
    "title": "野菜の収穫", "description": "畑での収穫作業", "min_stage": "日常生活自立", "hours_per_week": "6",
    "physical_load": "medium", "interpersonal_load": "few", "features": ["屋外", "農作業"], "capacity": "2",
    "available_from": "R7.4.1", "available_until": "",
}


def naka():
    return Municipality.objects.get(code="08226")


def make_site(world, **overrides):
    data = {"kind": Site.Kind.COMPANY, "name": "テスト物流", "municipality": naka(), "lat": None, "lon": None,
            **overrides}
    return services.save_site(user=world.developer, data=data)


def make_task(world, site, **overrides):
    data = {"title": "検品", "min_stage": "社会生活自立", "hours_per_week": 10, "physical_load": "light",
            "interpersonal_load": "few", "features": ["屋内", "軽作業"], "capacity": 2, **overrides}
    return services.save_task(user=world.developer, site=site, data=data)


def test_it_places_a_new_site_at_the_municipality_centre_when_no_coordinates_are_given(world, client):
    client.force_login(world.developer)
    response = client.post("/placements/sites/new", {**SITE_POST, "municipality": naka().pk})
    site = Site.objects.get(name="テスト農園")
    assert response.status_code == 302 and response.url == f"/placements/sites/{site.pk}"
    assert (site.lat, site.lon) == geo.municipality_centres()["08226"] and site.located_by_centre
    assert site.certified_until == dt.date(2026, 3, 31)
    page = client.get(response.url).content.decode()
    assert "市町村役場の位置で代用" in page and "令和8年3月31日" in page


def test_it_keeps_coordinates_typed_by_hand(world, client):
    client.force_login(world.developer)
    client.post("/placements/sites/new", {**SITE_POST, "municipality": naka().pk, "lat": "36.41", "lon": "140.52"})
    site = Site.objects.get(name="テスト農園")
    assert (site.lat, site.lon, site.located_by_centre) == (36.41, 140.52, False)


def test_it_shows_errors_at_the_field_and_keeps_the_input(world, client):
    client.force_login(world.developer)
    response = client.post("/placements/sites/new", {**SITE_POST, "municipality": naka().pk, "lat": "36.4",
                                                     "certification": "none"})
    page = response.content.decode()
    assert response.status_code == 200 and not Site.objects.exists()
    assert "緯度と経度は両方入力するか" in page and "認定がない場合は有効期限を空欄に" in page
    assert 'value="テスト農園"' in page and "火・木 9:00〜12:00" in page


def test_it_refuses_a_stale_edit_and_keeps_what_was_typed(world, client):
    site = make_site(world)
    client.force_login(world.developer)
    services.save_site(user=world.developer, site=site, data={"name": "先に保存された名前"},
                       expected_version=site.version)
    response = client.post(f"/placements/sites/{site.pk}/edit", {
        **SITE_POST, "municipality": naka().pk, "name": "後から保存しようとした名前", "version": site.version})
    page = response.content.decode()
    assert response.status_code == 409 and "他の職員がこの記録を先に更新しました" in page
    assert 'value="後から保存しようとした名前"' in page
    assert Site.objects.get(pk=site.pk).name == "先に保存された名前"


def test_it_lets_the_developer_add_a_task_and_a_visit(world, client):
    site = make_site(world)
    client.force_login(world.developer)
    response = client.post(f"/placements/sites/{site.pk}/tasks/new", TASK_POST)
    assert response.status_code == 302
    task = Task.objects.get(site=site)
    assert (task.features, task.capacity, task.available_from) == (["屋外", "農作業"], 2, dt.date(2025, 4, 1))
    response = client.post(f"/placements/sites/{site.pk}/visits/new", {
        "visited_on": "R7.5.1", "outcome": "受入れに前向き", "next_step": "業務の切り出しを相談", "next_on": "R7.5.20"})
    assert response.status_code == 302
    visit = DevelopmentVisit.objects.get(site=site)
    assert (visit.visited_by, visit.next_on) == (world.developer, dt.date(2025, 5, 20))
    page = client.get(f"/placements/sites/{site.pk}").content.decode()
    assert "野菜の収穫" in page and "受入れに前向き" in page


def test_it_refuses_a_task_ending_before_it_starts_with_the_error_at_the_field(world, client):
    site = make_site(world)
    client.force_login(world.developer)
    response = client.post(f"/placements/sites/{site.pk}/tasks/new", {**TASK_POST, "available_until": "R7.3.1"})
    assert response.status_code == 200 and not Task.objects.exists()
    assert "受入れ終了日は開始日より後の日付に" in response.content.decode()


def test_it_refuses_a_stale_task_edit(world):
    task = make_task(world, make_site(world))
    stale = task.version
    services.save_task(user=world.developer, task=task, data={"capacity": 3}, expected_version=stale)
    with pytest.raises(Conflict):
        services.save_task(user=world.developer, task=task, data={"capacity": 1}, expected_version=stale)
    assert Task.objects.get(pk=task.pk).capacity == 3


def test_it_shows_agency_staff_of_any_body_sites_and_tasks_read_only(world, client, django_assert_max_num_queries):
    site = make_site(world)
    make_task(world, site)
    services.record_visit(user=world.developer, site=site, visited_on=dt.date(2025, 5, 1), outcome="内部の記録")
    for user in (world.worker_a, world.worker_b, world.chief_a):
        client.force_login(user)
        with django_assert_max_num_queries(8):
            page = client.get("/placements/").content.decode()
        assert "テスト物流" in page and "受入れ先を登録する" not in page
        detail = client.get(f"/placements/sites/{site.pk}").content.decode()
        assert "検品" in detail and "編集" not in detail and "内部の記録" not in detail
        assert client.get("/placements/sites/new").status_code == 403
        assert client.post(f"/placements/sites/{site.pk}/tasks/new", TASK_POST).status_code == 403
        assert client.get("/placements/counts").status_code == 403
    assert Task.objects.count() == 1


def test_it_shows_the_prefecture_counts_per_region_only(world, client):
    make_task(world, make_site(world), capacity=3)
    client.force_login(world.policy)
    assert client.get("/placements/").url == "/placements/counts"
    page = client.get("/placements/counts").content.decode()
    assert "県央" in page and "テスト物流" not in page and "検品" not in page
    assert client.get(f"/placements/sites/{Site.objects.get().pk}").status_code == 403


def test_it_refuses_everyone_else(world, client):
    site = make_site(world)
    for user in (world.admin_a, world.prep_staff, world.auditor):
        client.force_login(user)
        for url in ("/placements/", f"/placements/sites/{site.pk}", "/placements/counts", "/placements/sites/new"):
            assert client.get(url).status_code == 403, (user, url)


def test_it_turns_open_tasks_into_slots_the_engine_accepts(world):
    site = make_site(world)
    open_task = make_task(world, site, available_from=dt.date(2025, 4, 1))
    make_task(world, site, title="期限切れ", available_until=dt.date(2025, 3, 31))
    closed = make_site(world, name="休止中の先", active=False)
    make_task(world, closed)
    slots = slots_for_matching(dt.date(2025, 6, 1))
    assert [s["id"] for s in slots] == [open_task.pk]
    client = {"id": "c1", "stage": "就労自立", "hours_per_week": 20, "location": [36.45, 140.48],
              "max_travel_km": 10, "avoid": [], "prefers": ["屋内"]}
    problem = matching.parse_problem({"clients": [client], "slots": slots})
    result = matching.solve(problem)
    assert [(a.client, a.slot) for a in result.assignments] == [("c1", open_task.pk)]


def test_it_loads_demo_sites_the_engine_can_use_twice_without_duplicates(ibaraki):
    load_demo_sites()
    load_demo_sites()
    assert Site.objects.count() == 4 and Task.objects.count() == 7
    matching.parse_problem({"clients": [], "slots": slots_for_matching(dt.date(2026, 1, 1))})


def test_it_opens_the_edit_forms_with_the_saved_values(world, client):
    site = make_site(world, certification=Site.Certification.EMPLOYMENT, certified_until=dt.date(2026, 3, 31))
    task = make_task(world, site)
    client.force_login(world.developer)
    page = client.get(f"/placements/sites/{site.pk}/edit").content.decode()
    assert 'value="テスト物流"' in page and 'value="2026-03-31"' in page and f'value="{site.version}"' in page
    assert 'name="lat"' in page and 'value="36.' not in page  # the centre stand-in is not shown as typed
    page = client.get(f"/placements/tasks/{task.pk}/edit").content.decode()
    checked = set(re.findall(r'name="features" value="([^"]+)"[^>]*checked', page))
    assert 'value="検品"' in page and checked == {"屋内", "軽作業"}
    response = client.post(f"/placements/tasks/{task.pk}/edit", {**TASK_POST, "title": "検品（改）",
                                                                 "version": task.version})
    assert response.status_code == 302 and Task.objects.get(pk=task.pk).title == "検品（改）"


def test_it_shows_a_visit_error_at_the_field_and_saves_nothing(world, client):
    site = make_site(world)
    client.force_login(world.developer)
    response = client.post(f"/placements/sites/{site.pk}/visits/new", {
        "visited_on": "R7.5.1", "outcome": "再訪問を約束", "next_on": "R7.4.1"})
    page = response.content.decode()
    assert response.status_code == 200 and not DevelopmentVisit.objects.exists()
    assert "次回予定日は訪問日より後の日付に" in page and "再訪問を約束" in page
