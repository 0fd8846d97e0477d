"""Issue 17, item 3: closing the case, ending a hand-off or withdrawing consent ends the placement NPO's and every
provider's sight of the person, each for the reason that ended it; a hand-off that ends takes only its own
organisation's sight (and the developer's when it is 就労準備支援)."""
import datetime as dt

import pytest
from django.utils import timezone

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.orgs.models import Municipality
from jiritsu.placements import services as placement_services
from jiritsu.placements.models import Match, Profile
from jiritsu.programs.catalog import PlanService, Program
from jiritsu.shelter import services as shelter_services
from jiritsu.shelter.models import Building, Room
from tests.factories import advance_case, new_case
from tests.placements.conftest import profile_for, site_with_task

NAME, PHONE = "山田 花子", "090-1234-5678"


@pytest.fixture
def shared(world):
    """A person in support shared three ways: 就労準備支援 with the prep provider, a shelter stay with the shelter
    provider, and a match the agency confirmed with the placement developer (who then sees name and phone)."""
    today = timezone.localdate()
    case = advance_case(world, new_case(world), Status.IN_SUPPORT,
                        services_used=(PlanService.EMPLOYMENT_PREP, PlanService.TEMPORARY_SHELTER))
    prep = case_services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                                  program=Program.EMPLOYMENT_PREP, started_on=today)
    shelter = case_services.hand_off(user=world.worker_a, case=case, provider=world.shelter_provider,
                                     program=Program.TEMPORARY_SHELTER, started_on=today)
    building = Building.objects.create(name="県営日立団地", municipality=Municipality.objects.get(name="日立市"),
                                       available_from=dt.date(2019, 4, 1))
    room = Room.objects.create(building=building, label="101", capacity=1)
    stay = shelter_services.request_room(user=world.worker_a, case=case, room=room, start=today,
                                         end=today + dt.timedelta(days=14))
    shelter_services.confirm_stay(user=world.shelter_staff, stay=stay)
    profile = profile_for(world, case)
    _site, task = site_with_task(world)
    match, = placement_services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    placement_services.confirm_match(user=world.worker_a, match=match, consent_given=True, consent_on=today)
    return {"case": case, "prep": prep, "shelter": shelter, "stay": stay, "match": match}


def _sight(client, user, shared) -> dict[str, bool]:
    """What of the person each role can open (True: the page shows their name)."""
    client.force_login(user)
    case, stay, match = shared["case"], shared["stay"], shared["match"]
    seen = {}
    pages = {"case": f"/cases/{case.pk}/", "api": f"/api/cases/{case.pk}", "stay": f"/shelter/stays/{stay.pk}",
             "match": f"/placements/matches/{match.pk}"}
    for key, url in pages.items():
        response = client.get(url)
        body = response.content.decode()
        seen[key] = response.status_code == 200 and ("山田" in body or PHONE in body)
    return seen


def _sees(client, world, shared):
    return {"prep": _sight(client, world.prep_staff, shared)["case"],
            "prep_api": _sight(client, world.prep_staff, shared)["api"],
            "shelter": _sight(client, world.shelter_staff, shared)["stay"],
            "shelter_case": _sight(client, world.shelter_staff, shared)["case"],
            "developer": _sight(client, world.developer, shared)["match"]}


EVERYONE = {"prep": True, "prep_api": True, "shelter": True, "shelter_case": True, "developer": True}
NOBODY = dict.fromkeys(EVERYONE, False)


def test_before_anything_ends_each_role_sees_the_person_it_serves(client, world, shared):
    assert _sees(client, world, shared) == EVERYONE


def test_closing_the_case_ends_every_providers_and_the_developers_sight(client, world, shared):
    case_services.close_case(user=world.worker_a, case=shared["case"], closed_on=timezone.localdate(),
                             reason="moved")
    assert _sees(client, world, shared) == NOBODY
    match = Match.objects.get()
    assert (match.status, match.end_reason, match.ended_on) == (Match.Status.ENDED, "ケース終結",
                                                                  timezone.localdate())
    assert Profile.objects.get().status == Profile.Status.CLOSED
    page = _page(client, world.developer, match)
    assert "終了の理由" in page and "ケース終結" in page and "マッチングが終了したため表示されません" in page


def test_withdrawing_consent_ends_every_providers_and_the_developers_sight(client, world, shared):
    case_services.withdraw_consent(user=world.worker_a, case=shared["case"], withdrawn_on=timezone.localdate())
    assert _sees(client, world, shared) == NOBODY
    assert Match.objects.get().end_reason == "本人同意の撤回"
    assert set(shared["case"].handoffs.values_list("end_reason", flat=True)) == {"本人同意の撤回"}


def test_ending_the_employment_prep_handoff_ends_the_prep_providers_and_the_developers_sight_only(
        client, world, shared):
    case_services.end_handoff(user=world.worker_a, handoff=shared["prep"], ended_on=timezone.localdate(),
                              reason="就労準備支援を終了")
    assert _sees(client, world, shared) == {**NOBODY, "shelter": True, "shelter_case": True}
    assert Match.objects.get().end_reason == "引継ぎの終了"


def test_ending_the_shelter_handoff_ends_the_shelter_providers_sight_and_leaves_the_match(client, world, shared):
    case_services.end_handoff(user=world.worker_a, handoff=shared["shelter"], ended_on=timezone.localdate(),
                              reason="退所")
    assert _sees(client, world, shared) == {**EVERYONE, "shelter": False, "shelter_case": False}
    assert Match.objects.get().status == Match.Status.CONFIRMED


def test_handing_over_the_prep_handoff_ends_the_developers_sight(client, world, shared):
    case_services.hand_over(user=world.prep_staff, handoff=shared["prep"], ended_on=timezone.localdate(),
                            reason="一般就労へ")
    assert _sees(client, world, shared)["developer"] is False


def test_a_proposal_waiting_for_the_agency_is_taken_down_when_the_case_closes(world, today):
    case = advance_case(world, new_case(world, given_name="次郎"), Status.IN_SUPPORT)
    profile = profile_for(world, case)
    _site, task = site_with_task(world)
    match, = placement_services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    case_services.close_case(user=world.worker_a, case=case, closed_on=today, reason="lost_contact")
    match.refresh_from_db()
    assert (match.status, match.end_reason, match.ended_on) == (Match.Status.WITHDRAWN, "ケース終結", None)
    assert AccessLog.objects.filter(case_id=case.pk, what__contains="マッチングを終了").exists()


def test_a_match_ended_by_the_agency_no_longer_shows_name_or_phone(client, world, shared, today):
    placement_services.record_follow_up(user=world.worker_a, match=shared["match"], kind="ended", occurred_on=today)
    assert _sight(client, world.developer, shared)["match"] is False


def test_the_agency_still_sees_its_own_ended_match_with_the_name(client, world, shared):
    case_services.close_case(user=world.worker_a, case=shared["case"], closed_on=timezone.localdate(),
                             reason="moved")
    assert NAME in _page(client, world.worker_a, shared["match"])


def _page(client, user, match) -> str:
    client.force_login(user)
    return client.get(f"/placements/matches/{match.pk}").content.decode()
