import datetime as dt
import os

import pytest

os.environ.setdefault("JIRITSU_FAST_TESTS", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def ibaraki(db):
    """Ibaraki's prefecture, 44 municipalities, 33 bodies and the prefecture's welfare offices."""
    from jiritsu.orgs.loader import load_prefecture

    return load_prefecture()


@pytest.fixture
def world(ibaraki):
    """Two cities with agencies and staff of every role, two providers, the prefecture's staff."""
    from tests.factories import build_world

    return build_world()


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    return lambda n: today - dt.timedelta(days=n)
