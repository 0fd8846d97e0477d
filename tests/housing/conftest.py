import datetime as dt

import pytest

from jiritsu.housing import services
from jiritsu.housing.models import BenefitLimit
from tests.factories import new_case

# 日立市's amounts in these tests (山武市's one-person figures from DOMAIN.md section 12, then larger households).
AMOUNTS = {1: (78_000, 37_200), 2: (115_000, 44_000), 3: (140_000, 48_000), 4: (175_000, 52_000)}
SINCE = dt.date(2020, 4, 1)


@pytest.fixture
def limits(world):
    for size, (base, cap) in AMOUNTS.items():
        BenefitLimit.objects.create(body=world.hitachi, household_size=size, base_amount=base, rent_cap=cap,
                                    valid_from=SINCE, recorded_by=world.admin_a)


def application_data(today, **changes):
    data = {"received_on": today, "household_size": 1, "monthly_income": 60_000, "assets": 100_000,
            "rent": 40_000, "cause": "left_job", "lost_on": today - dt.timedelta(days=60),
            "hellowork_registered": True, "landlord_name": "日立不動産管理", "bank_name": "常陽銀行",
            "branch_name": "日立支店", "account_type": "ordinary", "account_number": "1234567",
            "account_holder": "ヒタチフドウサン"}
    return {**data, **changes}


@pytest.fixture
def case(world):
    return new_case(world)


@pytest.fixture
def application(world, limits, case, today):
    return services.apply(user=world.worker_a, case=case, data=application_data(today))


def granted(world, application, today):
    return services.grant(user=world.admin_a, application=application, decided_on=today,
                          first_month=today, version=None)
