"""Move-out hands over (issue 15, item 5): the person's address changes (the old one kept in the field history),
the 一時生活支援 hand-off ends, and with the person's agreement 地域居住支援 starts with the housing provider in
the same step, checked against the 協定, contract and consent as any hand-off is. The housing provider then sees
the watch-over and records visits, and nothing more of the case than its role allows."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import policies
from jiritsu.cases.choices import HandoffMode
from jiritsu.cases.models import Client, Handoff
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Role
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Contract
from jiritsu.shelter import services, watch
from jiritsu.shelter.models import MoveOut, Stay, WatchVisit
from tests.factories import make_provider, make_user

from .conftest import confirmed_stay, on, urgent_case

D = dt.timedelta
NEW_ADDRESS = "茨城県水戸市三の丸1-1-1 コーポ見本101"


@pytest.fixture
def stay(world, rooms, housing, today):
    case = urgent_case(world, scope=[world.prep_provider, world.shelter_provider, world.housing_provider])
    return confirmed_stay(world, case, rooms["h101"], today, today + D(60))


def _move_out(world, stay, day, *, user=None, agreed=True, provider=None):
    with on(day):
        return services.record_move_out(user=user or world.shelter_staff, stay=stay, moved_on=day,
                                        address=NEW_ADDRESS, postal_code="310-0011",
                                        community_support=agreed, housing_provider=provider or (
                                            world.housing_provider if agreed else None))


def test_the_move_out_changes_the_address_ends_the_shelter_and_starts_community_living(world, stay, today):
    old_address = stay.case.client.address
    move_out = _move_out(world, stay, today + D(20))
    client = Client.objects.get(pk=stay.case.client_id)
    assert (client.address, client.postal_code) == (NEW_ADDRESS, "310-0011")
    assert list(client.history.order_by("history_id").values_list("address", flat=True))[-2:] == [
        old_address, NEW_ADDRESS]
    shelter = Handoff.objects.get(pk=stay.handoff_id)
    assert shelter.ended_on == today + D(20) and "転居" in shelter.end_reason
    housing = move_out.handoff
    assert (housing.provider, housing.program, housing.started_on, housing.mode) == (
        world.housing_provider, Program.COMMUNITY_LIVING, today + D(20), HandoffMode.MOVE_ON)
    assert AccessLog.objects.filter(case_id=stay.case_id, what__contains="住所を更新").exists()


def test_the_housing_provider_sees_the_watch_over_and_nothing_more(client, world, stay, today):
    move_out = _move_out(world, stay, today + D(20))
    visit = move_out.visits.first()
    with on(visit.due_on):
        client.force_login(world.housing_staff)
        watch_page = client.get(reverse("shelter_watch", args=[move_out.pk])).content.decode()
        assert "見守り訪問を記録する" in watch_page and NEW_ADDRESS in watch_page
        assert client.get(reverse("shelter_stay", args=[stay.pk])).status_code == 404  # meals, allergies ...
        shown = policies.sections(world.housing_staff, stay.case)
        assert not shown & {"assessment_money", "assessment_work", "intake", "meetings", "history"}
        response = client.post(reverse("shelter_visit_record", args=[move_out.pk]), {
            "visit": visit.pk, "visited_on": visit.due_on.isoformat(), "visitor": "住まい 支援員",
            "condition": WatchVisit.Condition.STABLE, "notes": "近所の方と挨拶している"})
        assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.visitor == "住まい 支援員" and visit.recorded_by == world.housing_staff


def test_the_housing_provider_s_today_lists_the_visits_due_and_overdue(client, world, stay, today):
    move_out = _move_out(world, stay, today + D(20))
    first, second = list(move_out.visits.all()[:2])
    with on(second.due_on - D(3)):  # the first overdue, the second due within a week
        client.force_login(world.housing_staff)
        page = client.get(reverse("today")).content.decode()
    assert page.count(f'href="/shelter/move-outs/{move_out.pk}?visit=') == 2 and "期限超過" in page
    assert f"?visit={first.pk}#record" in page and f"?visit={second.pk}#record" in page
    assert AccessLog.objects.filter(user_id=world.housing_staff.pk, case_id=stay.case_id,
                                    what="今日の業務一覧").exists()


def test_another_housing_provider_and_the_shelter_provider_do_not_see_the_watch_over(client, world, stay, today):
    move_out = _move_out(world, stay, today + D(20))
    other = make_user("other_housing", make_provider(world.pref, "別の居住支援", [Program.COMMUNITY_LIVING]),
                      Role.PROVIDER_STAFF)
    for user in (other, world.shelter_staff, world.prep_staff, world.worker_b, world.policy):
        client.force_login(user)
        assert client.get(reverse("shelter_watch", args=[move_out.pk])).status_code == 404, user
        with pytest.raises(Exception):  # noqa: B017 - 404 or not permitted, by who asks
            watch.add_visit(user=user, move_out=move_out, due_on=today + D(40))


def test_without_the_person_s_agreement_the_worker_keeps_the_watch_over(client, world, stay, today):
    move_out = _move_out(world, stay, today + D(20), user=world.worker_a, agreed=False)
    assert move_out.handoff is None
    assert not Handoff.objects.filter(program=Program.COMMUNITY_LIVING).exists()
    assert Handoff.objects.get(pk=stay.handoff_id).ended_on == today + D(20)
    client.force_login(world.housing_staff)
    assert client.get(reverse("shelter_watch", args=[move_out.pk])).status_code == 404
    client.force_login(world.worker_a)
    assert "予定がありません" not in client.get(reverse("shelter_watch", args=[move_out.pk])).content.decode()


def test_a_hand_over_the_contract_does_not_cover_is_refused_and_nothing_is_saved(world, stay, today):
    Contract.objects.filter(provider=world.housing_provider).delete()
    old_address = Client.objects.get(pk=stay.case.client_id).address
    with pytest.raises(ValidationError) as refused:
        _move_out(world, stay, today + D(20))
    assert "委託契約" in refused.value.message_dict["housing_provider"][0]
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CONFIRMED and not MoveOut.objects.exists()
    assert Client.objects.get(pk=stay.case.client_id).address == old_address
    assert Handoff.objects.get(pk=stay.handoff_id).ended_on is None


@pytest.mark.parametrize("agreement", ["none", "ended"])
def test_a_hand_over_without_a_kyotei_in_force_on_the_move_out_day_is_refused(world, stay, today, agreement):
    mine = Agreement.objects.filter(body=stay.case.body, program=Program.COMMUNITY_LIVING)
    if agreement == "none":
        mine.delete()
    else:
        mine.update(term_to=today + D(10))  # the 協定 ends before the move-out day
    with pytest.raises(ValidationError) as refused:
        _move_out(world, stay, today + D(20))
    message = refused.value.message_dict["housing_provider"][0]
    assert "協定" in message and (agreement == "none" or format_wareki(today + D(20)) in message)
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CONFIRMED and not MoveOut.objects.exists()
    assert Handoff.objects.get(pk=stay.handoff_id).ended_on is None
    assert not Handoff.objects.filter(program=Program.COMMUNITY_LIVING).exists()


def test_a_hand_over_the_consent_does_not_cover_is_refused(world, rooms, housing, today):
    stay = confirmed_stay(world, urgent_case(world, given_name="同意なし"), rooms["h102"], today, today + D(30))
    with pytest.raises(ValidationError) as refused:
        _move_out(world, stay, today + D(5))
    assert "本人同意" in refused.value.message_dict["housing_provider"][0]
    with pytest.raises(ValidationError) as refused:
        services.record_move_out(user=world.worker_a, stay=stay, moved_on=today, address=NEW_ADDRESS,
                                 community_support=True, housing_provider=None)
    assert "事業者を選んでください" in refused.value.message_dict["housing_provider"][0]


def test_the_case_page_no_longer_offers_a_room_after_the_move_out(client, world, stay, today):
    client.force_login(world.worker_a)
    room_search = reverse("shelter_find", args=[stay.case_id])
    assert room_search in client.get(reverse("case_detail", args=[stay.case_id])).content.decode()
    _move_out(world, stay, today + D(20))
    with on(today + D(20)):
        client.force_login(world.worker_a)
        page = client.get(reverse("case_detail", args=[stay.case_id])).content.decode()
    assert room_search not in page and "地域居住支援" in page and "転居済み" in page
