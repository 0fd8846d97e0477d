"""Item 7: agencies see sites and tasks across the prefecture, the NPO sees only pseudonymous profiles until
confirmation, the prefecture sees counts."""
from jiritsu.core.wareki import format_wareki
from jiritsu.navigation import MENU

from .conftest import profile_for, site_with_task


def test_agencies_of_every_body_read_sites_and_tasks_across_the_prefecture(client, world):
    site, task = site_with_task(world, code="08202")
    for user in (world.worker_a, world.worker_b):
        client.force_login(user)
        assert site.name in client.get("/placements/").content.decode()
        page = client.get(f"/placements/sites/{site.pk}").content.decode()
        assert task.title in page and "業務を追加する" not in page
        assert client.get(f"/placements/sites/{site.pk}/tasks/new").status_code == 403
    for user in (world.prep_staff, world.auditor):
        client.force_login(user)
        assert client.get(f"/placements/sites/{site.pk}").status_code == 403


def test_the_developer_sees_no_name_contact_address_or_birth_date_before_confirmation(client, world, person):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    client.force_login(world.developer)
    person_data = [person.client.family_name, person.client.given_name, person.client.phone_mobile,
                   person.client.address, format_wareki(person.client.birth_date),
                   format_wareki(person.client.birth_date, short=True), person.client.birth_date.isoformat(),
                   person.case_number, "やまだ"]
    before = client.get("/placements/matching").content.decode()
    assert profile.code in before and not [d for d in person_data if d in before]
    client.post("/placements/matching", {f"task_{profile.pk}": task.pk})
    match = profile.matches.get()
    for url in ("/placements/matching", f"/placements/matches/{match.pk}", "/placements/"):
        page = client.get(url).content.decode()
        assert not [d for d in person_data if d in page], url
    assert client.get(f"/placements/profiles/case/{person.pk}").status_code == 403
    assert client.get(f"/cases/{person.pk}/").status_code == 404


def test_the_prefecture_sees_counts_and_never_a_pseudonym(client, world, person):
    profile = profile_for(world, person)
    site_with_task(world)
    client.force_login(world.policy)
    assert client.get("/placements/").url == "/placements/counts"
    page = client.get("/placements/counts").content.decode()
    assert "マッチング待ちの人" in page and profile.code not in page and "山田" not in page
    assert client.get("/placements/matching").status_code == 403


def test_the_menu_offers_matching_and_tours_to_whom_they_serve(world):
    entries = {name: allowed for name, _label, allowed in MENU}
    assert entries["placement_matching"](world.developer) and entries["placement_matching"](world.worker_b)
    assert not entries["placement_matching"](world.policy) and not entries["placement_matching"](world.prep_staff)
    assert entries["placement_tours"](world.prep_staff) and entries["placement_tours"](world.admin_a)
    assert not entries["placement_tours"](world.policy) and not entries["placement_tours"](world.auditor)
