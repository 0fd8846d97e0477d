"""Who sees what through the API: out of scope is 404 (never 403, never a hint), providers see only what
was handed to them and only their sections, the prefecture sees no person at all."""
import datetime as dt
import re

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case
from jiritsu.orgs.models import Role
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, make_user, new_case

D = "2024-06-01"
# Every endpoint that names a case or one of its records, with a body that would be valid.
ENDPOINTS = [
    ("get", "/api/cases/{case}", None),
    ("get", "/api/cases/{case}/allowed-steps", None),
    ("get", "/api/cases/{case}/progress", None),
    ("patch", "/api/cases/{case}/client", {"version": 1, "address": "x"}),
    ("patch", "/api/cases/{case}/intake", {"version": 1, "pension": "none"}),
    ("post", "/api/cases/{case}/triage", {"outcome": "continue", "decided_on": D}),
    ("post", "/api/cases/{case}/apply", {"applied_on": D, "rules_explained": True, "share_agreed": True}),
    ("post", "/api/cases/{case}/withdraw-consent", {"withdrawn_on": D}),
    ("post", "/api/cases/{case}/assessments", {"assessed_on": D}),
    ("patch", "/api/assessments/{assessment}", {"version": 1, "summary": "x"}),
    ("post", "/api/cases/{case}/plans", {"drafted_on": D, "wishes": "w", "problems": "p", "support_content": "s",
                                         "period_from": D, "period_to": D, "goals": [{"goal": "g"}]}),
    ("patch", "/api/plans/{plan}", {"version": 1, "drafted_on": D, "wishes": "w", "problems": "p",
                                    "support_content": "s", "period_from": D, "period_to": D, "goals": []}),
    ("patch", "/api/meetings/{meeting}", {"version": 1, "minutes": "x"}),
    ("post", "/api/meetings/{meeting}/agenda", {"case_id": "{case}"}),
    ("post", "/api/agenda-items/{item}/outcome", {"outcome": "approved"}),
    ("post", "/api/agenda-items/{item}/withdraw", {"reason": "x"}),
    ("post", "/api/agenda-items/{item}/move", {"meeting_id": "{meeting}"}),
    ("post", "/api/cases/{case}/decision", {"decided_on": D}),
    ("post", "/api/cases/{case}/handoffs", {"provider_id": 1, "program": "employment_prep", "started_on": D}),
    ("post", "/api/cases/{case}/temporary-use", {"provider_id": 1, "program": "employment_prep",
                                                 "started_on": D, "reason": "r"}),
    ("post", "/api/cases/{case}/urgent-shelter", {"provider_id": 1, "started_on": D, "reason": "r"}),
    ("post", "/api/handoffs/{handoff}/end", {"ended_on": D, "reason": "r"}),
    ("post", "/api/cases/{case}/progress", {"occurred_on": D, "kind": "phone", "text": "t"}),
    ("post", "/api/cases/{case}/outcomes", {"kind": "employed", "occurred_on": D}),
    ("post", "/api/cases/{case}/monitoring", {"monitored_on": D, "delivery": "d"}),
    ("post", "/api/cases/{case}/evaluations", {"evaluated_on": D, "goals_achieved": "g", "decision": "close"}),
    ("post", "/api/cases/{case}/continue", None),
    ("post", "/api/cases/{case}/close", {"closed_on": D, "reason": "moved"}),
]
ENDPOINT_IDS = [f"{m.upper()} {p}" for m, p, _ in ENDPOINTS]


@pytest.fixture
def handed_off(world):
    """A 日立 case in support with every kind of record, handed to the 就労準備 provider."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    handoff = services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                                program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    item = case.meeting_items.get()
    return {"case": case.pk, "plan": case.plans.get().pk, "assessment": case.assessments.get().pk,
            "handoff": handoff.pk, "meeting": item.meeting_id, "item": item.pk, "obj": case}


def _fill(value, ids):
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _call(caller, method, path, body, ids):
    url = path.format(**ids)
    return caller.get(url) if method == "get" else getattr(caller, method)(url, _fill(body, ids))


def _unchanged(case):
    before = case.status, case.version, case.handoffs.count(), case.progress_records.count()
    case.refresh_from_db()
    return before == (case.status, case.version, case.handoffs.count(), case.progress_records.count())


def test_it_lists_every_endpoint_that_names_a_case_record(client):
    """The case API's endpoints; each domain's own router checks its own (tests/shelter/test_api.py, …)."""
    paths = client.get("/api/openapi.json").json()["paths"]
    named = {(m, p) for p, ops in paths.items() if "{" in p for m, op in ops.items()
             if {"cases", "meetings"} & set(op["tags"])}
    covered = {(m, re.sub(r"\{\w+\}", lambda g: {"{case}": "{case_id}", "{plan}": "{plan_id}",
                                                  "{assessment}": "{assessment_id}", "{handoff}": "{handoff_id}",
                                                  "{meeting}": "{meeting_id}", "{item}": "{item_id}"}[g[0]], p))
               for m, p, _ in ENDPOINTS}
    assert named == covered


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_it_answers_404_to_another_citys_worker(api, world, handed_off, method, path, body):
    caller = api.as_(world.worker_b)
    for payload in (body, {}):
        response = _call(caller, method, path, payload, handed_off)
        assert response.status_code == 404, response.content
        assert response.json() == {"reason": "not_found", "message": "見つかりません。"}
    assert _unchanged(handed_off["obj"])


def test_it_answers_a_hidden_case_exactly_like_a_missing_one(api, world, handed_off):
    caller = api.as_(world.worker_b)
    hidden = caller.post(f"/api/cases/{handed_off['case']}/triage", {})
    missing = caller.post(f"/api/cases/{handed_off['case'] + 999}/triage", {})
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content


def test_it_will_not_put_another_citys_case_on_a_meeting(api, world, handed_off, today):
    chief_b = make_user("chief_b", world.agency_b, Role.CHIEF)
    own = services.create_meeting(user=chief_b, held_on=today)
    response = api.as_(chief_b).post(f"/api/meetings/{own.pk}/agenda", {"case_id": handed_off["case"]})
    assert response.status_code == 404 and not own.items.exists()


@pytest.mark.parametrize("who", ["policy", "auditor", "developer", "worker_b", "shelter_staff"])
def test_it_gives_empty_lists_to_those_without_the_case(api, world, handed_off, who):
    caller = api.as_(getattr(world, who))
    case = handed_off["obj"]
    listing = caller.get("/api/cases", q=case.client.family_name)
    assert listing.status_code == 200 and listing.json()["count"] == 0 and listing.json()["items"] == []
    assert case.case_number not in caller.get("/api/cases").content.decode()
    meetings = caller.get("/api/meetings").json()
    assert case.case_number not in str(meetings)
    assert caller.get(f"/api/cases/{case.pk}").status_code == 404
    assert caller.get(f"/api/cases/{case.pk}/progress").status_code == 404


def test_it_shows_a_provider_only_the_handed_off_case_and_its_sections(api, world, handed_off):
    other = advance_case(world, new_case(world, family_name="鈴木", phone="090-9999-0000"), Status.IN_SUPPORT)
    provider = api.as_(world.prep_staff)
    listing = provider.get("/api/cases").json()
    assert [c["id"] for c in listing["items"]] == [handed_off["case"]]
    assert provider.get(f"/api/cases/{other.pk}").status_code == 404

    detail = provider.get(f"/api/cases/{handed_off['case']}").json()
    assert set(detail["sections"]) == {"identity", "contact", "plan", "handoffs", "progress",
                                       "assessment_work", "assessment_health"}
    assert detail["client"]["family_name"] == "山田"
    assert detail["intake"] is None and detail["consents"] == [] and detail["meeting_items"] == []
    assert detail["monitorings"] == [] and detail["evaluations"] == []
    [assessment] = detail["assessments"]
    assert assessment["health"] == "腰痛" and assessment["income"] is None and assessment["assets_debts"] is None
    assert detail["plans"] and detail["handoffs"]


def test_it_lets_the_provider_record_progress_but_not_take_steps(api, world, handed_off):
    provider = api.as_(world.prep_staff)
    case = handed_off["obj"]
    day = (case.received_on + dt.timedelta(days=25)).isoformat()
    assert provider.post(f"/api/cases/{case.pk}/progress", {"occurred_on": day, "kind": "service",
                                                            "text": "初回面談"}).status_code == 201
    assert provider.post(f"/api/cases/{case.pk}/close", {"closed_on": day, "reason": "moved"}).status_code == 403
    steps = provider.get(f"/api/cases/{case.pk}/allowed-steps").json()["steps"]
    assert [s["step"] for s in steps] == ["record_progress"]
    assert [r["text"] for r in provider.get(f"/api/cases/{case.pk}/progress").json()] == ["初回面談"]
    assert AccessLog.objects.filter(case_id=case.pk, username="prep_staff", action="read",
                                    what="支援経過記録（API）").exists()


def test_it_hides_the_case_from_the_provider_after_consent_withdrawal(api, world, handed_off):
    case = handed_off["obj"]
    provider = api.as_(world.prep_staff)
    assert provider.get(f"/api/cases/{case.pk}").status_code == 200
    withdrawn = api.as_(world.worker_a).post(f"/api/cases/{case.pk}/withdraw-consent", {
        "withdrawn_on": (case.received_on + dt.timedelta(days=30)).isoformat(), "note": "本人の申出"})
    assert withdrawn.status_code == 201
    for method, path, body in ENDPOINTS:
        assert _call(provider, method, path, body, handed_off).status_code == 404, path
    assert provider.get("/api/cases").json()["count"] == 0
    assert Case.objects.get(pk=case.pk).handoffs.filter(ended_on__isnull=True).count() == 0


def test_it_hides_the_case_from_a_provider_of_another_program(api, world, handed_off):
    shelter = api.as_(world.shelter_staff)  # named in the consent, but nothing was handed to it
    for method, path, body in ENDPOINTS:
        assert _call(shelter, method, path, body, handed_off).status_code == 404, path
