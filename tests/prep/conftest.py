import datetime as dt

import pytest

from jiritsu.prep import services
from jiritsu.programs.catalog import Program
from tests.budget.conftest import handed


def session_data(held_on, **changes):
    return {"stage": "daily", "title": "朝の生活リズム講座", "held_on": held_on, "time_slot": "10:00～12:00",
            "place": "日立市福祉会館 2階", "capacity": 2, **changes}


@pytest.fixture
def case(world):
    return handed(world, Program.EMPLOYMENT_PREP)


@pytest.fixture
def enrolment(world, case, today):
    return services.start(user=world.prep_staff, case=case, started_on=today - dt.timedelta(days=30), stage="daily")


@pytest.fixture
def session(world, today):
    return services.save_session(user=world.prep_staff, session=None, data=session_data(today), version=None)
