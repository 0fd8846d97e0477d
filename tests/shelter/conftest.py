import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.orgs.models import Municipality
from jiritsu.shelter import services
from jiritsu.shelter.models import Building, Room
from tests.factories import advance_case, new_case


@pytest.fixture
def rooms(world):
    """Two rooms in 日立 (the person's city), one in 土浦; all open since 2019."""
    def building(city):
        return Building.objects.create(name=f"県営{city}団地", municipality=Municipality.objects.get(name=city),
                                       available_from=dt.date(2019, 4, 1))
    hitachi, tsuchiura = building("日立市"), building("土浦市")
    return {
        "h101": Room.objects.create(building=hitachi, label="101", capacity=1, features=["ground_floor"]),
        "h102": Room.objects.create(building=hitachi, label="102", capacity=2, features=["barrier_free"]),
        "t201": Room.objects.create(building=tsuchiura, label="201", capacity=1, features=[]),
    }


def urgent_case(world, given_name="急迫"):
    case = advance_case(world, new_case(world, given_name=given_name), Status.APPLIED)
    case_services.start_urgent_shelter(user=world.worker_a, case=case, provider=world.shelter_provider,
                                       started_on=timezone.localdate(), reason="寮を退去、所持金なし")
    case.refresh_from_db()
    return case


@pytest.fixture
def urgent(world):
    return urgent_case(world)


def on(day: dt.date, *, tick: bool = False):
    """time-machine travel to noon in Japan on `day` (so timezone.localdate() is that day)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("Asia/Tokyo")), tick=tick)


def confirmed_stay(world, case, room, start, end):
    stay = services.request_room(user=world.worker_a, case=case, room=room, start=start, end=end)
    return services.confirm_stay(user=world.shelter_staff, stay=stay)
