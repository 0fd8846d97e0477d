"""Provider staff see the shelter side of the cases handed to them and nothing else; the prefecture sees
occupancy and counts, never people (issue 4, item 8)."""
import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from jiritsu.cases import policies
from jiritsu.cases import services as case_services
from jiritsu.orgs.models import Role
from jiritsu.programs.catalog import Program
from jiritsu.shelter import care, services
from tests.factories import make_provider, make_user

from .conftest import confirmed_stay, on, urgent_case

D = dt.timedelta


@pytest.fixture
def stay(world, rooms, today):
    return confirmed_stay(world, urgent_case(world), rooms["h101"], today, today + D(30))


@pytest.fixture
def other_shelter_staff(world):
    other = make_provider(world.pref, "別の一時生活支援事業者", [Program.TEMPORARY_SHELTER])
    return make_user("other_shelter", other, Role.PROVIDER_STAFF)


def stay_urls(stay):
    return [reverse("shelter_stay", args=[stay.pk]), reverse("shelter_food", args=[stay.pk]),
            reverse("shelter_supplies", args=[stay.pk]), reverse("shelter_move_out", args=[stay.pk]),
            reverse("shelter_extend", args=[stay.pk])]


def test_the_shelter_provider_sees_the_stay_and_the_shelter_side_of_the_case_only(client, world, stay):
    client.force_login(world.shelter_staff)
    assert client.get(reverse("shelter_stay", args=[stay.pk])).status_code == 200
    assert client.get(reverse("case_detail", args=[stay.case_id])).status_code == 200
    shown = policies.sections(world.shelter_staff, stay.case)
    assert "assessment_health" in shown  # allergies and diet matter to the meals it arranges
    assert not shown & {"assessment_money", "assessment_work", "assessment_background", "intake", "meetings"}


@pytest.mark.parametrize("who", ["prep_staff", "other_shelter", "policy", "worker_b", "auditor"])
def test_no_one_else_opens_or_writes_the_stay(client, world, stay, other_shelter_staff, who):
    user = other_shelter_staff if who == "other_shelter" else getattr(world, who)
    client.force_login(user)
    for url in stay_urls(stay):
        response = client.get(url) if url.endswith(str(stay.pk)) else client.post(url, {})
        assert response.status_code == 404, url
    with pytest.raises((Http404, policies.NotPermitted)):
        care.issue_supplies(user=user, stay=stay, issued_on=dt.date.today(), item="タオル", quantity=1)


def test_the_provider_loses_the_stay_with_the_hand_off(client, world, stay, today):
    case_services.end_handoff(user=world.worker_a, handoff=stay.handoff, ended_on=today, reason="支援終了")
    client.force_login(world.shelter_staff)
    assert client.get(reverse("shelter_stay", args=[stay.pk])).status_code == 404


def test_the_prefecture_sees_counts_of_overdue_visits_nowhere_and_no_names_on_the_grid(client, world, stay, today):
    with on(today + D(1)):
        services.record_move_out(user=world.worker_a, stay=stay, moved_on=today + D(1), address="日立市1-1")
    with on(today + D(60)):
        client.force_login(world.policy)
        today_page = client.get(reverse("today")).content.decode()
        grid = client.get(reverse("shelter_grid")).content.decode()
    assert stay.case.case_number not in today_page and "見守り" not in today_page
    assert stay.case.client.given_name not in grid
