"""A temporary password (a new account, a manager's reset) is shown once and opens only the password page
until its owner has chosen their own: the manager who saw it cannot use the account."""
import pytest
from django.urls import reverse

from jiritsu.orgs import services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "hitachi-soudan-2024"


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_reset_password_leads_only_to_the_password_page(client, world):
    temporary = services.reset_password(user=world.admin_a, staff=world.worker_a.staff)
    assert sign_in(client, "worker_a", temporary).status_code == 302
    for name in ("today", "org_list", "api_tokens", "two_factor"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("password_change")), name
    page = client.get(reverse("password_change")).content.decode()
    assert "仮パスワードでログインしました" in page


def test_the_api_does_not_answer_a_session_with_a_temporary_password(client, world):
    temporary = services.reset_password(user=world.admin_a, staff=world.worker_a.staff)
    sign_in(client, "worker_a", temporary)
    assert client.get("/api/cases").status_code == 401


def test_after_the_change_every_page_opens_and_the_temporary_password_is_dead(client, world):
    temporary = services.reset_password(user=world.admin_a, staff=world.worker_a.staff)
    sign_in(client, "worker_a", temporary)
    response = client.post(reverse("password_change"), {
        "old_password": temporary, "new_password1": NEW, "new_password2": NEW, "next": "/orgs/"})
    assert response.status_code == 302 and response.url == "/orgs/"
    assert client.get(reverse("today")).status_code == 200
    client.post(reverse("logout"))
    assert sign_in(client, "worker_a", temporary).status_code == 200  # refused: the form again


def test_the_new_password_must_differ_from_the_temporary_one(client, world):
    temporary = services.reset_password(user=world.admin_a, staff=world.worker_a.staff)
    sign_in(client, "worker_a", temporary)
    response = client.post(reverse("password_change"), {
        "old_password": temporary, "new_password1": temporary, "new_password2": temporary})
    assert "現在のパスワードとは別のパスワード" in response.content.decode()
    assert client.get(reverse("today")).status_code == 302


def test_a_new_account_must_change_its_first_password(client, world):
    staff, temporary = services.create_staff_account(
        user=world.admin_a, organisation=world.agency_a, username="new_worker", display_name="新人 相談員",
        role="support_worker")
    sign_in(client, "new_worker", temporary)
    assert client.get(reverse("today")).url.startswith(reverse("password_change"))


def test_the_manager_sees_the_temporary_password_once(client, world):
    client.force_login(world.admin_a)
    response = client.post(reverse("staff_reset_password", args=[world.worker_a.staff.pk]), follow=True)
    shown = response.content.decode()
    assert "仮パスワード" in shown and 'class="temporary-password"' in shown
    again = client.get(reverse("staff_edit", args=[world.worker_a.staff.pk])).content.decode()
    assert 'class="temporary-password"' not in again


def test_a_user_who_chose_their_own_password_is_not_stopped(client, world):
    assert sign_in(client, "worker_a", PASSWORD).status_code == 302
    assert client.get(reverse("today")).status_code == 200
