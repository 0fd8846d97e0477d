"""One password tried over many user names from one address is slowed, without shutting out an office
behind that address (orgs.sign_in_limits)."""
import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SPRAYER = "198.51.100.7"


def attempt(client, username, password, address=SPRAYER):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def spray(client, names: int, start: int = 0):
    for i in range(start, start + names):
        attempt(client, f"guess{i}", "Password1!")


def test_failures_for_ten_user_names_make_the_address_wait(client, world):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        spray(client, 10)
        response = attempt(client, "worker_a", PASSWORD)
    assert response.status_code == 429
    assert "このネットワークから多くのユーザー名でログインの失敗が続いている" in response.content.decode()
    assert response["Retry-After"] == "5"
    assert "_auth_user_id" not in client.session


def test_nine_user_names_are_not_slowed(client, world):
    with time_machine.travel(timezone.now(), tick=False):
        spray(client, 9)
        assert attempt(client, "worker_a", PASSWORD).status_code == 302


def test_the_wait_doubles_with_each_further_user_name(client, world):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        spray(client, 10)
    with time_machine.travel(now + dt.timedelta(seconds=6), tick=False):
        attempt(client, "guess10", "Password1!")  # the 11th name: 10 seconds from now
        assert attempt(client, "worker_a", PASSWORD)["Retry-After"] == "10"


def test_the_wait_is_capped_at_five_minutes(client, world):
    now = timezone.now()
    for i in range(20):
        with time_machine.travel(now + dt.timedelta(minutes=i * 0.5), tick=False):
            attempt(client, f"guess{i}", "Password1!")
    with time_machine.travel(now + dt.timedelta(minutes=10), tick=False):
        assert int(attempt(client, "worker_a", PASSWORD)["Retry-After"]) <= 300


def test_a_colleague_behind_the_same_address_gets_in_once_the_wait_is_over(client, world):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        spray(client, 10)
    with time_machine.travel(now + dt.timedelta(seconds=6), tick=False):
        assert attempt(client, "worker_a", PASSWORD).status_code == 302


def test_another_address_is_not_slowed(client, world):
    with time_machine.travel(timezone.now(), tick=False):
        spray(client, 15)
        assert attempt(client, "worker_a", PASSWORD, address="203.0.113.9").status_code == 302


def test_failures_older_than_fifteen_minutes_no_longer_count(client, world):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        spray(client, 12)
    with time_machine.travel(now + dt.timedelta(minutes=16), tick=False):
        assert attempt(client, "worker_a", PASSWORD).status_code == 302


def test_a_refused_attempt_does_not_check_the_password(client, world):
    """While waiting, even the right password is not tried: the sprayer learns nothing from the answer."""
    with time_machine.travel(timezone.now(), tick=False):
        spray(client, 10)
        wrong = attempt(client, "worker_a", "wrong")
        right = attempt(client, "worker_a", PASSWORD)
    assert wrong.status_code == right.status_code == 429
