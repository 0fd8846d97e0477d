"""The demo's shelter at work (issue 15, item 10), made through the services from the people with a running
一時生活支援 hand-off: rooms about two-thirds occupied today, one overstay, one pending request, one stay ending
this week, one person moved out last month and handed over to 地域居住支援 with a visit overdue, and meals and
supplies on the current stays. Made once."""
import datetime as dt

import pytest

from jiritsu.cases.choices import HandoffMode
from jiritsu.directory.demo import load_demo_directory, load_demo_meal_delivery
from jiritsu.shelter import grid, rules
from jiritsu.shelter.demo import load_demo_stays
from jiritsu.shelter.inventory import load_demo_rooms
from jiritsu.shelter.models import FoodSupport, MoveOut, Stay, SupplyIssue

from .conftest import on, urgent_case

D = dt.timedelta


@pytest.mark.parametrize("day", [None, dt.date(2026, 3, 2)], ids=["today", "early in a month"])
def test_the_demo_shelter_is_at_work(world, housing, today, day):
    today = day or today
    load_demo_rooms()
    load_demo_directory()
    load_demo_meal_delivery()
    scope = [world.prep_provider, world.shelter_provider, world.housing_provider]
    for ago in (50, 45, 40, 30, 20, 12, 9, 6, 3, 1):  # hand-offs started on these days
        with on(today - D(ago)):
            urgent_case(world, given_name=f"{ago}日前", scope=scope)

    with on(today):
        made = load_demo_stays(today=today, shelter_staff=world.shelter_staff,
                               housing_provider=world.housing_provider, policy=world.policy)
        again = load_demo_stays(today=today, shelter_staff=world.shelter_staff,
                                housing_provider=world.housing_provider, policy=world.policy)

    assert (made, again) == (10, 0)
    active = Stay.objects.filter(status__in=Stay.ACTIVE)
    assert sum(rules.is_overstay(s, today) for s in active) == 1
    assert active.filter(status=Stay.Status.REQUESTED).count() == 1
    assert active.filter(status=Stay.Status.CONFIRMED, end_on__gte=today, end_on__lte=today + D(7)).exists()
    move_out = MoveOut.objects.get()
    first_of_month = today.replace(day=1)
    assert (first_of_month - D(1)).replace(day=1) <= move_out.moved_on < first_of_month  # last month
    assert move_out.handoff.mode == HandoffMode.MOVE_ON and move_out.handoff.provider == world.housing_provider
    assert move_out.visits.filter(visited_on__isnull=True, due_on__lt=today).count() == 1
    current = active.filter(status=Stay.Status.CONFIRMED)
    assert not current.exclude(pk__in=SupplyIssue.objects.values("stay_id")).exists()
    assert FoodSupport.objects.filter(kind="meal_service").exists() and FoodSupport.objects.filter(kind="food_bank").exists()
    _, _, total = grid.occupancy(today, 1, today)
    assert total.tonight_occupied == current.filter(start_on__lte=today).count() == 8
