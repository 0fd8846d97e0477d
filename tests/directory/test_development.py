"""The resource development log (社会資源の広域的な開拓) and the gap view by region × kind."""
import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jiritsu.directory import gaps, services
from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_development, load_demo_directory
from jiritsu.orgs.models import Municipality
from jiritsu.placements.models import Site
from jiritsu.shelter.models import Building


@pytest.fixture
def directory(world):
    load_demo_directory()
    return world


def _cell(rows, region, kind):
    row = next(r for r in rows if r.region == region)
    return next(c for c in row.cells if c.kind == kind)


def _post(client, **data):
    return client.post(reverse("development_new"), {
        "opened_on": "", "municipality": "", "kind": "", "organization": "", "partner_name": "", "notes": "",
        **data})


def test_the_prefecture_records_a_resource_it_opened_up(client, directory, today):
    food_bank = m.Organization.objects.get(name__contains="食のわ")
    kashima = Municipality.objects.get(name="鹿嶋市")
    client.force_login(directory.policy)
    response = _post(client, opened_on="R7.4.10", municipality=kashima.pk, kind="food",
                     organization=food_bank.pk, notes="鹿行の配送拠点を協議")
    assert response.status_code == 302
    record = m.DevelopmentRecord.objects.get()
    assert (record.opened_on, record.municipality, record.kind) == (dt.date(2025, 4, 10), kashima, "food")
    assert (record.partner_name, record.opened_by, record.recorded_by) == (
        food_bank.name, directory.policy.staff.organisation, directory.policy)
    page = client.get(reverse("development_log")).content.decode()
    assert "鹿行の配送拠点を協議" in page and "令和7年4月10日" in page


def test_it_keeps_the_input_and_says_what_is_wrong(client, directory, today):
    client.force_login(directory.developer)
    tomorrow = today + dt.timedelta(days=1)
    response = _post(client, opened_on=tomorrow.isoformat(), municipality="", kind="placement",
                     partner_name="デモ農園", notes="見学済み")
    assert response.status_code == 200 and not m.DevelopmentRecord.objects.exists()
    form = response.context["form"]
    assert "未来の日付は入力できません。" in form.errors["opened_on"]
    assert "市町村を選んでください。" in form.errors["municipality"]
    assert "見学済み" in response.content.decode() and "デモ農園" in response.content.decode()
    response = _post(client, opened_on=today.isoformat(), municipality=Municipality.objects.get(name="那珂市").pk,
                     kind="placement")
    assert "相手先の名称を入力するか" in str(response.context["form"].errors["partner_name"])


def test_agencies_read_the_log_but_only_the_prefecture_and_the_npo_write(client, directory):
    load_demo_development()
    assert m.DevelopmentRecord.objects.count() == 6
    for user in (directory.worker_a, directory.chief_a, directory.worker_b):
        client.force_login(user)
        page = client.get(reverse("development_log"))
        assert page.status_code == 200 and reverse("development_new") not in page.content.decode()
        assert client.get(reverse("development_new")).status_code == 403
        assert _post(client, opened_on="2025-01-01", kind="food", partner_name="x").status_code == 403
    for user in (directory.prep_staff, directory.shelter_staff, directory.admin_a, directory.auditor):
        client.force_login(user)
        assert client.get(reverse("development_log")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_development_record(user=directory.worker_a, data={
            "opened_on": dt.date(2025, 1, 1), "municipality": Municipality.objects.first(), "kind": "food",
            "partner_name": "x"})
    assert m.DevelopmentRecord.objects.count() == 6


def test_a_writer_corrects_only_their_own_organisations_records_and_a_stale_form_is_refused(client, directory):
    load_demo_development()
    npo_record = m.DevelopmentRecord.objects.filter(kind="placement").first()
    prefecture_record = m.DevelopmentRecord.objects.filter(kind="food").first()
    client.force_login(directory.developer)
    url = reverse("development_edit", args=[npo_record.pk])
    form = client.get(url).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "opened_on": npo_record.opened_on.isoformat(),
            "notes": "受入れ人数を2名に拡大"}
    assert client.post(url, data).status_code == 302
    npo_record.refresh_from_db()
    assert (npo_record.notes, npo_record.version) == ("受入れ人数を2名に拡大", 2)
    response = client.post(url, {**data, "notes": "古い画面から"})
    assert response.status_code == 409
    npo_record.refresh_from_db()
    assert npo_record.notes == "受入れ人数を2名に拡大"
    with pytest.raises(PermissionDenied):
        services.save_development_record(user=directory.developer, record=prefecture_record, data={
            "opened_on": prefecture_record.opened_on, "municipality": prefecture_record.municipality,
            "kind": "food", "partner_name": "上書き"})


def test_the_demo_log_loads_again_without_duplicates(directory):
    assert load_demo_development() == 6
    load_demo_development()
    assert m.DevelopmentRecord.objects.count() == 6


def test_the_gap_view_finds_regions_without_a_food_partner_or_a_placement_site(directory, today):
    load_demo_development()
    Site.objects.create(kind=Site.Kind.FARMER, name="デモ農園", municipality=Municipality.objects.get(name="那珂市"),
                        lat=36.45, lon=140.48)
    Site.objects.create(kind=Site.Kind.NPO, name="休止中", municipality=Municipality.objects.get(name="鹿嶋市"),
                        active=False)
    Building.objects.create(name="県営古河団地", municipality=Municipality.objects.get(name="古河市"),
                            available_from=dt.date(2019, 4, 1))
    rows = gaps.gap_rows()
    assert [r.region for r in rows] == ["県央", "県北", "県南", "県西", "鹿行"]
    # The food bank sits in 水戸 (県央) and the meal service in 土浦 (県南): 県北, 県西 and 鹿行 have none.
    assert {r.region for r in rows if _cell(rows, r.region, "food").is_gap} == {"県北", "県西", "鹿行"}
    assert _cell(rows, "県央", "placement").resources == 1
    assert _cell(rows, "鹿行", "placement").is_gap  # an inactive site is no resource
    assert _cell(rows, "県西", "shelter").resources == 1 and _cell(rows, "県北", "shelter").is_gap
    # Live directory entries (shelter, placements) are counted from their apps, not as housing/work.
    assert _cell(rows, "県央", "housing").is_gap
    assert _cell(rows, "県央", "food").opened == 1 and _cell(rows, "県南", "placement").opened == 1


def test_the_gap_page_shows_a_table_and_an_inline_svg_map(client, directory):
    client.force_login(directory.worker_a)
    page = client.get(reverse("development_log")).content.decode()
    assert "<svg" in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert page.count('class="region-tile"') == 5
    tile = re.search(r'<g class="region-tile" data-region="鹿行">(.*?)</g>\s*</g>\s*(?=<g class="region-tile"|</svg>)',
                     page, re.S)
    assert tile and 'data-kind="food"' in tile.group(1)
    assert re.search(r'class="gap-cell is-gap" data-kind="food">\s*<title>鹿行', page)
    assert "空白" in page
