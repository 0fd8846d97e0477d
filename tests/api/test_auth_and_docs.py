"""Signing in to the API (browser session with CSRF, or a bearer token), the OpenAPI schema and its
docs page with local assets only."""
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from jiritsu.api.models import ApiToken
from tests.factories import new_case


@pytest.mark.parametrize("url", ["/api/cases", "/api/meetings", "/api/cases/1", "/api/cases/1/progress"])
def test_it_answers_401_without_a_session_or_token(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["reason"] == "unauthenticated" and "ログイン" in response.json()["message"]


def test_it_answers_401_to_a_write_without_auth_and_changes_nothing(client, world):
    case = new_case(world)
    response = client.post(f"/api/cases/{case.pk}/triage", {"outcome": "continue", "decided_on": "2024-01-01"},
                           content_type="application/json")
    assert response.status_code == 401
    case.refresh_from_db()
    assert case.status == "received"


def test_it_refuses_an_unknown_or_revoked_token(client, world):
    token, raw = ApiToken.issue(user=world.worker_a, label="連携")
    assert client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert client.get("/api/cases", headers={"Authorization": "Bearer nope"}).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(client, world):
    _token, raw = ApiToken.issue(user=world.worker_a, label="連携")
    world.worker_a.is_active = False
    world.worker_a.save(update_fields=["is_active"])
    assert client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_it_lets_a_signed_in_browser_read_and_demands_csrf_for_writes(world):
    case = new_case(world)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.worker_a)
    assert browser.get(f"/api/cases/{case.pk}").status_code == 200
    body = {"outcome": "continue", "decided_on": case.received_on.isoformat()}
    refused = browser.post(f"/api/cases/{case.pk}/triage", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["reason"] == "csrf_failed"
    case.refresh_from_db()
    assert case.status == "received"

    browser.get("/api/docs")  # any page that renders the token sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(f"/api/cases/{case.pk}/triage", body, content_type="application/json",
                            headers={"X-CSRFToken": token})
    assert accepted.status_code == 201 and accepted.json()["status"] == "continuing"


def test_it_needs_no_csrf_token_with_a_bearer_token(world):
    case = new_case(world)
    _token, raw = ApiToken.issue(user=world.worker_a, label="連携", can_write=True)
    integration = Client(enforce_csrf_checks=True)
    response = integration.post(f"/api/cases/{case.pk}/triage",
                                {"outcome": "continue", "decided_on": case.received_on.isoformat()},
                                content_type="application/json", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 201


def test_it_acts_as_the_tokens_user_in_the_audit_log(api, world):
    from jiritsu.audit.models import AccessLog

    case = new_case(world)
    api.as_(world.chief_a).get(f"/api/cases/{case.pk}")
    row = AccessLog.objects.filter(case_id=case.pk, action="read").latest("id")
    assert row.username == "chief_a" and row.organisation_name == world.agency_a.name


def test_it_answers_malformed_json_with_400(api, world):
    caller = api.as_(world.worker_a)
    response = caller.client.post("/api/cases", "{not json", content_type="application/json", headers=caller.headers)
    assert response.status_code == 400 and response.json()["reason"] == "bad_request"


def test_it_publishes_a_valid_openapi_schema_without_login(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in ("/api/cases", "/api/cases/{case_id}", "/api/cases/{case_id}/triage", "/api/meetings",
                 "/api/cases/{case_id}/allowed-steps", "/api/handoffs/{handoff_id}/end", "/api/plans/{plan_id}",
                 "/api/agenda-items/{item_id}/outcome", "/api/cases/{case_id}/urgent-shelter"):
        assert path in schema["paths"], path
    assert {"SessionAuth", "TokenAuth"} <= set(schema["components"]["securitySchemes"])
    assert "409" in schema["paths"]["/api/cases/{case_id}/triage"]["post"]["responses"]
    date = schema["components"]["schemas"]["TriageIn"]["properties"]["decided_on"]
    assert "R6.4.1" in date["examples"]
    assert not any("/docs/assets" in p for p in schema["paths"])


def _refs(node):
    if isinstance(node, dict):
        yield from ([node["$ref"]] if "$ref" in node else [])
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_it_describes_every_operation_consistently(client, db):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    for ref in _refs(schema):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in components, ref
    for path, operations in schema["paths"].items():
        declared = set(re.findall(r"\{(\w+)\}", path))
        for method, op in operations.items():
            params = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert params == declared, (method, path)
            assert op["responses"] and op["operationId"], (method, path)
            assert op.get("security"), f"{method} {path} must require auth"


def test_it_serves_the_docs_page_with_local_assets_only(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) == 4
    for url in assets:
        assert url.startswith("/api/docs/assets/")
        asset = client.get(url)
        assert asset.status_code == 200 and b"".join(asset.streaming_content)
    assert client.get("/api/docs/assets/..%2Fsettings.py").status_code == 404
    assert client.get("/api/docs/assets/redoc.standalone.js.map").status_code == 404


def test_it_issues_a_token_from_the_command_line(world, capsys):
    call_command("issue_api_token", "worker_a", "--label", "家計改善の記録連携")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(token_hash=ApiToken.digest(raw))
    assert token.user == world.worker_a and token.label == "家計改善の記録連携"
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("issue_api_token", "nobody", "--label", "x")
