"""A session left unused for the idle timeout (default 30 minutes) ends on the server; the page's question
how long is left does not count as use, 「ログインを続ける」 does."""
import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_default_is_thirty_minutes(settings):
    assert settings.IDLE_TIMEOUT_SECONDS == 30 * 60


def test_a_session_unused_past_the_timeout_is_signed_out_with_a_message(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.worker_a)
        assert client.get(reverse("org_list")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        response = client.get(reverse("org_list"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        page = client.get(response.url).content.decode()
    assert "一定時間操作がなかったため、自動的にログアウトしました" in page
    assert "_auth_user_id" not in client.session


def test_use_within_the_timeout_keeps_the_session(client, world):
    start = timezone.now()
    client.force_login(world.worker_a)
    for minutes in (0, 25, 50, 75):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("org_list")).status_code == 200


def test_asking_how_long_is_left_does_not_count_as_use(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.worker_a)
        client.get(reverse("org_list"))
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert client.get(reverse("session_status")).json()["remaining"] == 600
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert client.get(reverse("session_status")).json()["remaining"] == 0
        assert client.get(reverse("org_list")).status_code == 302


def test_staying_signed_in_starts_the_idle_time_again(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.worker_a)
        client.get(reverse("org_list"))
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.post(reverse("session_status")).json()["remaining"] == 1800
    with time_machine.travel(start + dt.timedelta(minutes=50), tick=False):
        assert client.get(reverse("org_list")).status_code == 200


def test_the_timeout_is_a_setting(client, world, settings):
    settings.IDLE_TIMEOUT_SECONDS = 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.worker_a)
        client.get(reverse("org_list"))
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert client.get(reverse("org_list")).status_code == 302


def test_pages_carry_the_warning_script_and_its_settings(client, world):
    client.force_login(world.worker_a)
    page = client.get(reverse("org_list")).content.decode()
    assert "jiritsu/idle.js" in page and 'data-idle-timeout="1800"' in page and 'id="idle-warning"' in page


def test_signed_out_the_status_says_nothing_is_left(client, db):
    assert client.get(reverse("session_status")).json()["remaining"] == 0
