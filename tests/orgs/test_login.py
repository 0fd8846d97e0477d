"""Signing in: deactivated accounts refused, lockout after repeated failures (django-axes)."""
import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jiritsu.orgs import services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_signs_in_an_active_user(client, world):
    response = login(client, "worker_a", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_it_refuses_a_deactivated_user(client, world):
    services.deactivate_account(user=world.admin_a, staff=world.worker_a.staff)
    response = login(client, "worker_a", PASSWORD)
    assert response.status_code == 200 and not signed_in(client)
    assert "ユーザー名とパスワードを確認してください" in response.content.decode()


def test_it_ends_the_session_of_a_user_deactivated_while_signed_in(client, world):
    client.force_login(world.worker_a)
    assert client.get(reverse("org_list")).status_code == 200
    services.deactivate_account(user=world.admin_a, staff=world.worker_a.staff)
    response = client.get(reverse("org_list"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_it_locks_an_account_after_five_failed_logins(client, world):
    for _ in range(4):
        assert login(client, "worker_a", "wrong-password").status_code == 200
    fifth = login(client, "worker_a", "wrong-password")
    assert fifth.status_code == 429
    assert "ログインに5回続けて失敗したため" in fifth.content.decode()
    assert "15分間" in fifth.content.decode()
    right = login(client, "worker_a", PASSWORD)
    assert right.status_code == 429 and not signed_in(client)


def test_it_lets_a_locked_user_in_again_after_fifteen_minutes(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            login(client, "worker_a", "wrong-password")
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert login(client, "worker_a", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=30), tick=False):
        assert login(client, "worker_a", PASSWORD).status_code == 302


def test_it_does_not_lock_other_users_on_the_same_network(client, world):
    for _ in range(5):
        login(client, "worker_a", "wrong-password")
    assert login(client, "chief_a", PASSWORD).status_code == 302


def test_it_does_not_let_failures_from_another_address_lock_the_user_out(client, world):
    for _ in range(5):
        client.post(reverse("login"), {"username": "worker_a", "password": "wrong"}, REMOTE_ADDR="192.0.2.66")
    assert client.post(reverse("login"), {"username": "worker_a", "password": "wrong"},
                       REMOTE_ADDR="192.0.2.66").status_code == 429
    assert login(client, "worker_a", PASSWORD).status_code == 302  # at their own PC (127.0.0.1)


def test_it_lifts_the_lock_when_a_manager_resets_the_password(client, world):
    for _ in range(5):
        login(client, "worker_a", "wrong-password")
    password = services.reset_password(user=world.admin_a, staff=world.worker_a.staff)
    assert login(client, "worker_a", password).status_code == 302


def test_it_lets_a_user_replace_a_temporary_password(client, world):
    temporary = services.reset_password(user=world.admin_a, staff=world.worker_a.staff)
    assert login(client, "worker_a", temporary).status_code == 302
    response = client.post(reverse("password_change"), {
        "old_password": temporary, "new_password1": "hitachi-soudan-2024", "new_password2": "hitachi-soudan-2024"})
    assert response.status_code == 302 and signed_in(client)  # still signed in after the change
    world.worker_a.refresh_from_db()
    assert world.worker_a.check_password("hitachi-soudan-2024")


def test_it_explains_a_weak_new_password_in_japanese(client, world):
    client.force_login(world.worker_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "短すぎ" in errors or "数字だけ" in errors
