import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.orgs.models import Municipality, Role
from jiritsu.programs.catalog import Program
from jiritsu.shelter import services
from jiritsu.shelter.models import Building, Room
from tests.factories import advance_case, join_wide_area, make_provider, make_user, new_case


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


@pytest.fixture
def housing(world):
    """A 地域居住支援 provider under contract (every body joined the program in the world's 協定) and its staff."""
    world.housing_provider = make_provider(world.pref, "地域居住支援 広域事業者", [Program.COMMUNITY_LIVING])
    join_wide_area(world, [world.housing_provider])
    world.housing_staff = make_user("housing_staff", world.housing_provider, Role.PROVIDER_STAFF)
    return world.housing_provider


def urgent_case(world, given_name="急迫", *, sex="female", scope=None):
    """A case on the urgent path: applied (consent naming `scope`, the prep and shelter providers by default)
    and handed to the shelter provider today."""
    case = advance_case(world, new_case(world, given_name=given_name, sex=sex), Status.APPLIED, scope=scope)
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


def confirmed_stay(world, case, room, start, end, **extra):
    stay = services.request_room(user=world.worker_a, case=case, room=room, start=start, end=end, **extra)
    return services.confirm_stay(user=world.shelter_staff, stay=stay)


def overstay(world, case, room, *, nights: int = 30, past: int = 5):
    """A stay confirmed `nights + past` days ago for `nights` nights: its planned move-out day was `past` days
    ago and no move-out is recorded (it is 超過 today)."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=nights + past)
    with on(start):
        stay = confirmed_stay(world, case, room, start, start + dt.timedelta(days=nights))
    return stay
