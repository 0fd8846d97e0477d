import datetime as dt

import pytest

from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


def handed(world, program=Program.HOUSEHOLD_BUDGET):
    """A case in support, handed to the 就労準備・家計改善 provider for `program`."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    case_services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=program,
                           started_on=case.received_on + dt.timedelta(days=22))
    return case


@pytest.fixture
def case(world):
    return handed(world)
