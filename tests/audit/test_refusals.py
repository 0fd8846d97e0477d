"""Refusals in the access log: every 403 and 404 a signed-in user or an API token gets is a 拒否 row with
who, role, what was asked, when, from which address and by which token; the auditor's page filters them
and flags a user refused again and again within minutes."""
import datetime as dt

import time_machine
from django.test import override_settings
from django.utils import timezone

from jiritsu.api.models import ApiToken
from jiritsu.audit.models import AccessLog
from tests.factories import new_case

URL = "/audit/"


def refusals():
    return AccessLog.objects.filter(action=AccessLog.Action.DENIED).order_by("id")


def test_it_logs_a_404_for_another_city_s_case_with_who_role_what_and_address(client, world):
    case = new_case(world)
    client.force_login(world.worker_b)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    row = refusals().get()
    assert (row.username, row.role, row.organisation_name) == ("worker_b", "support_worker",
                                                              world.worker_b.staff.organisation.name)
    assert row.what == f"見つからない・範囲外（404）: GET /cases/{case.pk}/"
    assert row.client_address == "127.0.0.1" and row.token_id is None
    assert row.case_id is None and row.body_id is None  # the refused case is not looked up, not named
    assert timezone.now() - row.at < dt.timedelta(minutes=1)


def test_it_logs_a_403_of_a_page_the_role_may_not_open(client, world):
    client.force_login(world.worker_a)
    assert client.get("/programs/").status_code == 403
    assert refusals().get().what == "権限なし（403）: GET /programs/"


def test_it_does_not_log_a_path_no_page_serves_nor_an_allowed_page(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    assert client.get("/favicon.ico").status_code == 404
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert not refusals().exists()


def test_it_logs_an_api_refusal_with_the_token_and_every_api_row_carries_the_token(client, world):
    case = new_case(world)
    token, raw = ApiToken.issue(user=world.worker_b, label="連携")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"/api/cases/{case.pk}", headers=headers).status_code == 404
    row = refusals().get()
    assert (row.username, row.token_id, row.client_address) == ("worker_b", token.pk, "127.0.0.1")
    assert row.what == f"見つからない・範囲外（404）: GET /api/cases/{case.pk}"
    own = new_case(world, user=world.worker_b)
    assert client.get(f"/api/cases/{own.pk}", headers=headers).status_code == 200
    read = AccessLog.objects.filter(case_id=own.pk, action="read").get()
    assert read.token_id == token.pk and read.via == f"api: GET /api/cases/{own.pk}"


def test_it_logs_a_revoked_token_s_attempt_with_its_id_but_not_a_request_without_a_token(client, world):
    token, raw = ApiToken.issue(user=world.worker_a, label="古い連携")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    assert client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert client.get("/api/cases", headers={"Authorization": "Bearer made-up"}).status_code == 401
    assert client.get("/api/cases").status_code == 401
    first, second = refusals()
    assert (first.username, first.token_id, first.user_id) == ("(未ログイン)", token.pk, None)
    assert first.what == "無効なAPIトークン（401）: GET /api/cases"
    assert second.token_id is None


@override_settings(JIRITSU_PROXY_COUNT=1)
def test_it_takes_the_address_our_proxy_saw_not_one_the_client_typed(client, world):
    client.force_login(world.worker_b)
    client.get(f"/cases/{new_case(world).pk}/", headers={"X-Forwarded-For": "10.9.9.9, 192.0.2.7"})
    client.get(f"/cases/{new_case(world).pk}/", headers={"X-Forwarded-For": "not an address"})
    assert [r.client_address for r in refusals()] == ["192.0.2.7", None]


def _probe(client, world, count, start):
    """worker_b walks through `count` case numbers of another city, one every 20 seconds."""
    cases = [new_case(world) for _ in range(count)]
    client.force_login(world.worker_b)
    for i, case in enumerate(cases):
        with time_machine.travel(start + dt.timedelta(seconds=20 * i), tick=False):
            assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_it_flags_a_burst_of_refusals_by_one_user_on_the_auditor_s_page(client, world):
    _probe(client, world, 10, timezone.now() - dt.timedelta(hours=1))
    client.force_login(world.auditor)
    response = client.get(URL)
    [burst] = response.context["bursts"]
    assert (burst.username, burst.role, burst.in_window, burst.total) == ("worker_b", "相談支援員", 10, 10)
    assert "拒否が集中している利用者" in response.content.decode()
    denied = client.get(URL, {"action": "denied", "username": "worker_b"}).context["page"].paginator.count
    assert denied == 10


def test_it_does_not_flag_refusals_spread_over_time_or_a_few_mistakes(client, world):
    start = timezone.now() - dt.timedelta(days=2)
    cases = [new_case(world) for _ in range(12)]
    client.force_login(world.worker_b)
    for i, case in enumerate(cases):  # one every two minutes: at most five in any ten minutes
        with time_machine.travel(start + dt.timedelta(minutes=2 * i + 1), tick=False):
            client.get(f"/cases/{case.pk}/")
    client.force_login(world.auditor)
    response = client.get(URL)
    assert response.context["bursts"] == [] and "拒否が集中" not in response.content.decode()


def test_it_shows_the_refused_user_s_chief_the_burst_and_the_other_chief_nothing(client, world):
    from jiritsu.orgs.models import Role
    from tests.factories import make_user

    _probe(client, world, 10, timezone.now() - dt.timedelta(minutes=30))
    chief_b = make_user("chief_b", world.agency_b, Role.CHIEF)
    client.force_login(chief_b)
    assert [b.username for b in client.get(URL).context["bursts"]] == ["worker_b"]
    client.force_login(world.chief_a)  # the probed city's chief: the rows name no case of theirs
    assert client.get(URL).context["bursts"] == []


def test_it_filters_the_log_by_client_address_and_refuses_a_malformed_one_at_the_field(client, world):
    client.force_login(world.worker_b)
    client.get(f"/cases/{new_case(world).pk}/", REMOTE_ADDR="192.0.2.44")
    client.force_login(world.auditor)
    rows = client.get(URL, {"client_address": "192.0.2.44"}).context["page"].object_list
    assert [r.username for r in rows] == ["worker_b"]
    response = client.get(URL, {"client_address": "192.0.2.444"})
    assert response.context["form"].errors["client_address"]
