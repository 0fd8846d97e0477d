"""API tokens: read-only unless issued read-write, expiring, listed and revoked by their owner on the API
tokens page and by a system administrator (admin site, command line); the secret is shown once only."""
import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jiritsu.api.models import ApiToken
from jiritsu.audit.models import AccessLog
from tests.factories import new_case

PAGE = "/accounts/api-tokens/"


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def _triage(client, case, raw):
    return client.post(f"/api/cases/{case.pk}/triage", {"outcome": "continue",
                                                        "decided_on": case.received_on.isoformat()},
                       content_type="application/json", headers=bearer(raw))


def test_it_lets_a_read_only_token_read_but_not_write_and_logs_the_refusal(client, world):
    case = new_case(world)
    token, raw = ApiToken.issue(user=world.worker_a, label="読み取り連携")
    assert not token.can_write
    assert client.get(f"/api/cases/{case.pk}", headers=bearer(raw)).status_code == 200
    refused = _triage(client, case, raw)
    assert refused.status_code == 403 and refused.json()["reason"] == "token_read_only"
    case.refresh_from_db()
    assert case.status == "received"
    assert AccessLog.objects.filter(action="denied", token_id=token.pk).count() == 1
    _, writer = ApiToken.issue(user=world.worker_a, label="書き込み連携", can_write=True)
    assert _triage(client, case, writer).status_code == 201


def test_it_refuses_a_token_past_its_expiry_and_names_it_in_the_log(client, world):
    token, raw = ApiToken.issue(user=world.worker_a, label="短期", days=30)
    with time_machine.travel(timezone.now() + dt.timedelta(days=29, hours=23)):
        assert client.get("/api/cases", headers=bearer(raw)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=30, minutes=1)):
        assert client.get("/api/cases", headers=bearer(raw)).status_code == 401
    assert AccessLog.objects.get(action="denied").token_id == token.pk


def test_it_shows_a_new_token_once_on_the_page_and_lists_it_without_the_secret(client, world):
    client.force_login(world.worker_a)
    issued = client.post(PAGE, {"label": "家計改善の記録連携", "days": "180", "can_write": "on"})
    raw = issued.context["issued"]["raw"]
    token = ApiToken.objects.get(token_hash=ApiToken.digest(raw))
    assert token.user == world.worker_a and token.can_write
    assert dt.timedelta(days=179) < token.expires_at - timezone.now() <= dt.timedelta(days=180)
    assert raw in issued.content.decode() and "二度と表示されません" in issued.content.decode()
    listed = client.get(PAGE).content.decode()
    assert "家計改善の記録連携" in listed and "読み書き" in listed and raw not in listed


def test_it_keeps_the_input_and_explains_a_bad_label_or_expiry(client, world):
    client.force_login(world.worker_a)
    response = client.post(PAGE, {"label": "   ", "days": "9999"})
    form = response.context["form"]
    assert form.errors["label"] and form.errors["days"] and not ApiToken.objects.exists()


def test_it_lets_the_owner_revoke_and_nobody_else_see_the_token(client, world):
    token, raw = ApiToken.issue(user=world.worker_a, label="就労準備の記録連携")
    client.force_login(world.worker_b)
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert "就労準備の記録連携" not in client.get(PAGE).content.decode()
    client.force_login(world.worker_a)
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 302
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 302  # twice: still revoked once
    token.refresh_from_db()
    assert token.revoked_at is not None and token.status == "失効"
    assert client.get("/api/cases", headers=bearer(raw)).status_code == 401


def test_it_lets_a_system_administrator_revoke_any_token_on_the_admin_site(client, world):
    token, _raw = ApiToken.issue(user=world.worker_a, label="連携")
    admin = get_user_model().objects.create_superuser("sysadmin", password="x-pass-12345")
    client.force_login(admin)
    assert "連携" in client.get("/admin/api/apitoken/").content.decode()
    client.post("/admin/api/apitoken/", {"action": "revoke_selected", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_lists_and_revokes_tokens_on_the_command_line(world, capsys):
    live, _ = ApiToken.issue(user=world.worker_a, label="生きている")
    old, _ = ApiToken.issue(user=world.worker_b, label="古い")
    call_command("revoke_api_token", str(old.pk))
    assert "1件のトークンを失効させました" in capsys.readouterr().out
    call_command("list_api_tokens")
    out = capsys.readouterr().out
    assert f"{live.pk}\tworker_a\t生きている\t読み取り専用" in out and "古い" not in out
    call_command("list_api_tokens", "--all", "--user", "worker_b")
    assert "古い" in (out := capsys.readouterr().out) and "失効" in out and "生きている" not in out
    with pytest.raises(CommandError, match="何も失効させていません"):
        call_command("revoke_api_token", str(live.pk), "999999")
    live.refresh_from_db()
    assert live.revoked_at is None


def test_it_issues_a_read_write_token_for_a_given_number_of_days_on_the_command_line(world, capsys):
    call_command("issue_api_token", "worker_a", "--label", "記録連携", "--days", "30", "--write")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(token_hash=ApiToken.digest(raw))
    assert token.can_write and dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    with pytest.raises(CommandError, match="1日から365日"):
        call_command("issue_api_token", "worker_a", "--label", "x", "--days", "0")
