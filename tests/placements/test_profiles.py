"""Matching profiles: made by the case's own agency from a case in 就労準備支援, seen by the developer only
under a pseudonym until a match is confirmed with consent."""
import re

from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import Status
from jiritsu.orgs import geo
from jiritsu.orgs.models import Municipality
from jiritsu.placements.models import Profile
from jiritsu.programs.catalog import PlanService
from tests.factories import advance_case, new_case

from .conftest import profile_for

PROFILE_POST = {"stage": "社会生活自立", "hours_per_week": "10", "max_travel_km": "15", "avoid": ["対人業務"],
                "prefers": ["屋外", "農作業"]}


def test_it_makes_a_profile_from_the_case_page_with_a_pseudonym_and_the_municipality_centre(client, world, person):
    client.force_login(world.worker_a)
    page = client.get(f"/cases/{person.pk}/").content.decode()
    assert "マッチング用プロフィールを作成" in page
    form = client.get(f"/placements/profiles/case/{person.pk}").content.decode()
    hitachi = Municipality.objects.get(code="08202")
    assert f'<option value="{hitachi.pk}" selected>' in form  # guessed from the address 日立市幸町
    assert "体調に配慮" in form  # the plan's 留意事項, to derive the profile from
    response = client.post(f"/placements/profiles/case/{person.pk}", {**PROFILE_POST, "municipality": hitachi.pk})
    assert response.status_code == 302
    profile = Profile.objects.get(case=person)
    assert re.fullmatch(r"P-[A-Z0-9]{6}", profile.code)
    assert (profile.lat, profile.lon) == geo.municipality_centres()["08202"]
    assert AccessLog.objects.filter(case_id=person.pk, action="create", what__contains=profile.code).exists()
    page = client.get(f"/cases/{person.pk}/").content.decode()
    assert f"{profile.code}（{profile.get_status_display()}）" in page and "プロフィールを更新" in page


def test_it_keeps_the_pseudonym_when_the_profile_is_refreshed(world, person):
    first = profile_for(world, person)
    again = profile_for(world, person, stage="就労自立")
    assert again.pk == first.pk and again.code == first.code and again.stage == "就労自立"


def test_it_refuses_a_profile_for_a_case_not_in_employment_preparation(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT, services_used=(PlanService.HOUSEHOLD_BUDGET,))
    client.force_login(world.worker_a)
    assert "マッチング用プロフィール" not in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(f"/placements/profiles/case/{case.pk}", {
        **PROFILE_POST, "municipality": Municipality.objects.get(code="08202").pk})
    assert response.status_code == 200 and "就労準備支援を利用中" in response.content.decode()
    assert not Profile.objects.exists()


def test_it_shows_the_error_at_the_field_and_keeps_the_input(client, world, person):
    client.force_login(world.worker_a)
    mito = Municipality.objects.get(code="08201")  # not 日立's area
    response = client.post(f"/placements/profiles/case/{person.pk}", {
        **PROFILE_POST, "municipality": mito.pk, "prefers": ["対人業務"], "hours_per_week": "12.5"})
    page = response.content.decode()
    assert response.status_code == 200 and not Profile.objects.exists()
    assert "候補にありません" in page
    assert 'value="12.5"' in page


def test_it_refuses_a_feature_both_avoided_and_preferred(client, world, person):
    client.force_login(world.worker_a)
    response = client.post(f"/placements/profiles/case/{person.pk}", {
        **PROFILE_POST, "municipality": Municipality.objects.get(code="08202").pk, "prefers": ["対人業務"]})
    assert "避けたい作業と希望する作業の両方" in response.content.decode()
    assert not Profile.objects.exists()


def test_it_hides_another_bodys_case_from_the_profile_page(client, world, person):
    for user in (world.worker_b, world.developer, world.policy, world.prep_staff):
        client.force_login(user)
        assert client.get(f"/placements/profiles/case/{person.pk}").status_code in (403, 404)
    assert not Profile.objects.exists()


def test_it_lists_only_the_agencys_own_profiles(client, world, person):
    profile = profile_for(world, person)
    client.force_login(world.worker_b)
    page = client.get("/placements/matching").content.decode()
    assert "山田" not in page and profile.code not in page
    client.force_login(world.worker_a)
    assert "山田 花子" in client.get("/placements/matching").content.decode()


def test_it_refuses_a_stale_refresh_and_keeps_what_was_typed(client, world, person):
    profile = profile_for(world, person)
    profile_for(world, person, stage="就労自立")  # someone else refreshed it meanwhile
    client.force_login(world.worker_a)
    response = client.post(f"/placements/profiles/case/{person.pk}", {
        **PROFILE_POST, "municipality": profile.municipality_id, "hours_per_week": "17.5", "version": profile.version})
    assert response.status_code == 409 and 'value="17.5"' in response.content.decode()
    assert Profile.objects.get().stage == "就労自立"
