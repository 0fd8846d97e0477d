"""Sites and rooms are kept in the app (issue 15, item 7) by the prefecture's policy staff and the shelter
provider's staff; the grid shows a site only from the day it joined, for any period chosen, with each site's
occupancy, and links occupied cells to the stay for those who may open it."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.cases.policies import NotPermitted
from jiritsu.core.errors import Conflict
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Municipality
from jiritsu.shelter import grid, selectors, sites
from jiritsu.shelter.forms import GridForm
from jiritsu.shelter.inventory import load_demo_rooms
from jiritsu.shelter.models import Building, OutOfService, Room

from .conftest import confirmed_stay, urgent_case

D = dt.timedelta


def _site(user, **changes):
    data = {"name": "県営見本団地", "municipality": Municipality.objects.get(name="日立市"), "address": "日立市（架空）",
            "available_from": dt.date(2021, 1, 1), "available_until": None, "cleaning_days": 3, **changes}
    return sites.save_site(user=user, **data)


def test_the_prefecture_and_the_shelter_provider_keep_sites_and_rooms(world):
    site = _site(world.policy)
    room = sites.save_room(user=world.shelter_staff, site=site, label="101", capacity=2,
                           features=["ground_floor", "pets"])
    assert (site.version, room.building, room.features) == (1, site, ["ground_floor", "pets"])
    for user in (world.worker_a, world.prep_staff, world.auditor, world.admin_a):
        with pytest.raises(NotPermitted):
            _site(user)
    with pytest.raises(ValidationError) as refused:
        sites.save_room(user=world.policy, site=site, label="101", capacity=1)
    assert "101" in refused.value.message_dict["label"][0]


def test_bad_input_is_told_at_the_field(world):
    with pytest.raises(ValidationError) as refused:
        _site(world.policy, name=" ", available_until=dt.date(2020, 1, 1), cleaning_days=99)
    assert set(refused.value.message_dict) == {"name", "available_until", "cleaning_days"}
    assert not Building.objects.exists()


def test_two_people_editing_a_site_the_second_is_told(world):
    site = _site(world.policy)
    sites.save_site(user=world.policy, site=site, expected_version=1, name="改名", municipality=site.municipality,
                    available_from=site.available_from)
    with pytest.raises(Conflict):
        sites.save_site(user=world.shelter_staff, site=site, expected_version=1, name="別名",
                        municipality=site.municipality, available_from=site.available_from)
    assert Building.objects.get().name == "改名"


def test_an_edit_that_would_drop_a_booked_night_is_refused(world, rooms, today):
    stay = confirmed_stay(world, urgent_case(world), rooms["h102"], today, today + D(30), people=2)
    site = rooms["h102"].building
    with pytest.raises(ValidationError) as refused:
        sites.save_site(user=world.policy, site=site, expected_version=site.version, name=site.name,
                        municipality=site.municipality, available_from=site.available_from,
                        available_until=today + D(10))
    assert "令和" in refused.value.message_dict["available_until"][0]
    room = rooms["h102"]
    with pytest.raises(ValidationError) as refused:
        sites.save_room(user=world.policy, site=site, room=room, expected_version=room.version, label=room.label,
                        capacity=1)
    assert "定員より多い" in refused.value.message_dict["capacity"][0]
    with pytest.raises(ValidationError):
        sites.add_out_of_service(user=world.shelter_staff, room=room, start_on=today + D(5), end_on=today + D(6),
                                 reason="修繕")
    period = sites.add_out_of_service(user=world.shelter_staff, room=room, start_on=stay.end_on,
                                      end_on=stay.end_on + D(2), reason="修繕")
    assert OutOfService.objects.get() == period


def test_the_maintenance_pages_keep_input_and_refuse_others(client, world):
    client.force_login(world.policy)
    page = client.post(reverse("shelter_site_new"), {"name": "県営見本団地", "municipality": "",
                                                     "available_from": "R3.1.1"}).content.decode()
    assert "R3.1.1" in page and "県営見本団地" in page and not Building.objects.exists()
    mito = Municipality.objects.get(name="水戸市")
    response = client.post(reverse("shelter_site_new"), {"name": "県営見本団地", "municipality": mito.pk,
                                                         "available_from": "R3.1.1", "cleaning_days": 3})
    site = Building.objects.get()
    assert response.status_code == 302 and site.available_from == dt.date(2021, 1, 1)
    assert client.post(reverse("shelter_room_new", args=[site.pk]), {"label": "201", "capacity": 2,
                                                                     "features": ["women_only"]}).status_code == 302
    page = client.get(reverse("shelter_sites")).content.decode()
    assert "令和3年1月1日" in page and "県営見本団地" in page
    for user in (world.worker_a, world.prep_staff, world.auditor):
        client.force_login(user)
        assert client.get(reverse("shelter_sites")).status_code == 403
        assert client.post(reverse("shelter_room_new", args=[site.pk]), {"label": "9", "capacity": 1}).status_code == 403
    assert Room.objects.count() == 1


@pytest.mark.parametrize("text", ["R3.1", "令和3年1月", "2021-01", "２０２１年１月"])
def test_the_grid_takes_a_month_written_any_way(text):
    form = GridForm({"month": text})
    assert form.period() == (dt.date(2021, 1, 1), 31)


def test_the_grid_shows_a_site_only_from_the_day_it_joined(client, world):
    load_demo_rooms()
    client.force_login(world.policy)
    december = client.get(reverse("shelter_grid"), {"month": "R2.12"}).content.decode()
    january = client.get(reverse("shelter_grid"), {"month": "R3.1"}).content.decode()
    assert "龍ケ崎市" not in december and "下妻市" not in december and "日立市" in december
    assert "龍ケ崎市" in january and "令和3年1月1日から" in january and "下妻市" not in january
    dates, found, _ = grid.occupancy(dt.date(2022, 4, 25), 14, dt.date(2022, 4, 25))
    shimotsuma = next(s for s in found if s.site.municipality.name == "下妻市")
    states = [c.state for c in shimotsuma.rows[0].cells]
    assert states == ["unavailable"] * 6 + ["free"] * 8  # it joined on 1 May (R4.5)


def test_occupied_cells_link_to_the_stay_for_those_who_may_open_it(client, world, rooms, today):
    stay = confirmed_stay(world, urgent_case(world), rooms["h101"], today, today + D(10))
    link = f'href="/shelter/stays/{stay.pk}"'
    for user, linked in ((world.worker_a, True), (world.shelter_staff, True), (world.worker_b, False),
                         (world.policy, False), (world.prep_staff, False)):
        client.force_login(user)
        page = client.get(reverse("shelter_grid"), {"start": today.isoformat(), "days": 7}).content.decode()
        assert (link in page) == linked, user
        assert "拠点ごとの稼働" in page and "今夜の入居" in page


def test_the_summary_counts_occupied_nights_per_site(world, rooms, today):
    confirmed_stay(world, urgent_case(world), rooms["h101"], today, today + D(7))
    dates, found, total = grid.occupancy(today, 7, today)
    hitachi = next(s for s in found if s.site.municipality.name == "日立市")
    assert (hitachi.summary.occupied_nights, hitachi.summary.open_nights) == (7, 14)
    assert (hitachi.summary.tonight_occupied, hitachi.summary.tonight_open) == (1, 2)
    assert total.open_nights == 21 and round(total.rate, 3) == round(7 / 21, 3)


def test_a_room_is_taken_out_of_service_from_the_site_page_and_put_back(client, world, rooms, today):
    """Repairs or cleaning: the shelter provider's staff set the period on the site's page; the room is not
    offered for those nights and shows so on the grid; the period can be removed. Bad input stays at its field."""
    site, room = rooms["h101"].building, rooms["h101"]
    add = reverse("shelter_oos_add", args=[site.pk, room.pk])
    start, end = today + D(2), today + D(4)
    client.force_login(world.shelter_staff)
    page = client.post(add, {"start_on": end.isoformat(), "end_on": start.isoformat(), "reason": "浴室の修繕"})
    html = page.content.decode()
    assert page.status_code == 200 and "終了日は開始日以降にしてください。" in html and "浴室の修繕" in html
    assert not OutOfService.objects.exists()
    response = client.post(add, {"start_on": format_wareki(start, short=True), "end_on": end.isoformat(),
                                 "reason": "浴室の修繕"})
    assert response.status_code == 302 and response.url == reverse("shelter_site", args=[site.pk])
    period = OutOfService.objects.get(room=room)
    assert (period.start_on, period.end_on, period.recorded_by) == (start, end, world.shelter_staff)
    site_page = client.get(reverse("shelter_site", args=[site.pk])).content.decode()
    assert f"{format_wareki(start)}〜{format_wareki(end)}：浴室の修繕" in site_page
    assert room not in selectors.free_rooms(today, today + D(10))
    assert room in selectors.free_rooms(today, start) and room in selectors.free_rooms(end + D(1), end + D(5))
    _, found, _ = grid.occupancy(today, 6, today)
    cells = next(r for s in found for r in s.rows if r.room == room).cells
    assert [c.state for c in cells] == ["free"] * 2 + ["out_of_service"] * 3 + ["free"]
    for user in (world.worker_a, world.prep_staff):
        client.force_login(user)
        assert client.post(reverse("shelter_oos_remove", args=[site.pk, period.pk])).status_code == 403
    client.force_login(world.policy)
    assert client.post(reverse("shelter_oos_remove", args=[site.pk, period.pk])).status_code == 302
    assert not OutOfService.objects.exists() and room in selectors.free_rooms(today, today + D(10))


def test_a_site_that_leaves_the_program_is_offered_and_shown_only_until_its_last_day(client, world, rooms, today):
    site = rooms["h101"].building
    last = today + D(3)
    sites.save_site(user=world.policy, site=site, expected_version=site.version, name=site.name,
                    municipality=site.municipality, available_from=site.available_from, available_until=last)
    _, found, _ = grid.occupancy(today, 7, today)
    hitachi = next(s for s in found if s.site == site)
    assert [c.state for c in hitachi.rows[0].cells] == ["free"] * 4 + ["unavailable"] * 3
    assert (hitachi.summary.open_nights, hitachi.summary.tonight_open) == (8, 2)
    assert site not in [s.site for s in grid.occupancy(last + D(1), 7, today)[1]]
    assert rooms["h101"] in selectors.free_rooms(today, last + D(1))  # its last night is the day it leaves
    assert {rooms["h101"], rooms["h102"]}.isdisjoint(selectors.free_rooms(today, last + D(2)))
    client.force_login(world.policy)
    page = client.get(reverse("shelter_grid"), {"start": today.isoformat(), "days": 7}).content.decode()
    assert f"{format_wareki(site.available_from)}から{format_wareki(last)}まで" in page
    later = client.get(reverse("shelter_grid"), {"start": (last + D(1)).isoformat(), "days": 7}).content.decode()
    assert site.name not in later
