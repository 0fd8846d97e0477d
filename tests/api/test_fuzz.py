"""A bounded fuzz run of the whole API: schemathesis generates requests for every operation of
/api/openapi.json and of the directory's HSDS API (/hsds/openapi.json), valid (positive) and invalid (negative), sent as an agency worker, a provider's staff and
the prefecture's policy staff (who may write the programs' records), with path ids both random and naming real records of each kind. No answer
may be a 5xx, and every error must be JSON with `reason` and `message`.

Bounded (FUZZ_EXAMPLES per operation, user and mode; JIRITSU_FUZZ_EXAMPLES to change it) so that it adds
about a minute to `make test`; failures are collected over the whole run and reported together."""
import datetime as dt
import json
import os
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.core import NOT_SET
from schemathesis.generation.modes import GenerationMode

from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Assessment, MeetingItem, Plan
from jiritsu.placements import services as placement_services
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement
from tests.api.conftest import ApiCaller
from tests.crashes import recording_crashes
from tests.factories import advance_case, new_case
from tests.outreach.conftest import sent_survey, visit_to
from tests.placements.conftest import profile_for, site_with_task
from tests.training.builders import make_course

FUZZ_EXAMPLES = int(os.environ.get("JIRITSU_FUZZ_EXAMPLES", "3"))


@pytest.fixture
def records(world, today):
    """One real record of every kind a path names, in the agency worker's city, handed to the provider (and,
    keyed by an operation's path, the ids that operation takes instead)."""
    supported = advance_case(world, new_case(world), Status.IN_SUPPORT)
    handoff = case_services.hand_off(user=world.worker_a, case=supported, provider=world.prep_provider,
                                     program=Program.EMPLOYMENT_PREP, started_on=timezone.localdate())
    drafted = advance_case(world, new_case(world, given_name="次郎", kana=("やまだ", "じろう")), Status.PLAN_DRAFTED)
    item = MeetingItem.objects.get(case=supported)
    site, task = site_with_task(world)
    survey, _q1, _q2 = sent_survey(world)
    course, _lectures, exercise = make_course(world, today)
    tour = placement_services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(10),
                                          capacity=5)
    # One match waiting for the agency's answer, one confirmed with its first day today (its outcome can be
    # recorded, its follow-ups written): each operation on a match names the one its step needs.
    placed = advance_case(world, new_case(world, given_name="三郎", kana=("やまだ", "さぶろう")), Status.IN_SUPPORT)
    _site, free_task = site_with_task(world, name="日立の工房")
    match, = placement_services.propose_matches(user=world.developer, choices={
        profile_for(world, supported).pk: task.pk}, on_date=timezone.localdate())
    confirmed, = placement_services.propose_matches(user=world.developer, choices={
        profile_for(world, placed).pk: free_task.pk}, on_date=timezone.localdate())
    confirmed = placement_services.confirm_match(user=world.worker_a, match=confirmed, consent_given=True,
                                                 consent_on=today)
    placement_services.schedule_first_use(user=world.developer, match=confirmed, scheduled_on=today,
                                          meet_at=dt.time(9), accompanied_by=world.developer.staff, site_contact="担当")
    on_proposal = {f"/api/placements/matches/{{match_id}}/{step}": {"match_id": match.pk}
                   for step in ("confirm", "decline", "withdraw")}
    return {"case_id": supported.pk, "plan_id": Plan.objects.get(case=drafted).pk,
            "assessment_id": Assessment.objects.get(case=drafted).pk, "handoff_id": handoff.pk,
            "meeting_id": item.meeting_id, "item_id": item.pk, "organisation_id": world.prep_provider.pk,
            "body_id": world.hitachi.pk, "agreement_id": Agreement.objects.filter(body=world.hitachi).first().pk,
            "contract_id": world.contracts[0].pk, "site_id": site.pk, "match_id": confirmed.pk, **on_proposal,
            "visit_id": visit_to(world).pk, "survey_id": survey.pk, "course_id": course.pk,
            "exercise_id": exercise.pk, "tour_id": tour.pk}


def _request(client, case, headers):
    query = urlencode(case.query or {}, doseq=True)
    path = case.formatted_path + (f"?{query}" if query else "")
    body = b"" if case.body is NOT_SET else case.body if isinstance(case.body, bytes) else json.dumps(case.body)
    return client.generic(case.method.upper(), path, body, content_type="application/json",
                          headers={**(case.headers or {}), **headers})


def test_no_request_to_the_api_answers_a_server_error(world, records):
    client = Client(raise_request_exception=False)
    callers = {name: ApiCaller(client).as_(getattr(world, name)).headers
               for name in ("worker_a", "prep_staff", "policy", "developer")}
    failures: dict[str, str] = {}
    operations = [result for url in ("/api/openapi.json", "/hsds/openapi.json")
                  for result in schemathesis.openapi.from_dict(client.get(url).json()).get_all_operations()]
    with recording_crashes() as crashes:
        for result in operations:
            operation = result.ok()
            real = {p.name: records.get(operation.path, records)[p.name] for p in operation.path_parameters
                    if p.name in records.get(operation.path, records)}
            flavours = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
            flavours += [(GenerationMode.POSITIVE, real)] if real else []
            for mode, ids in flavours:
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=ids)
                for who, headers in callers.items():
                    label = f"{operation.label} as {who} ({mode.value}{', real ids' if ids else ''})"
                    _fuzz(client, strategy, headers, label, failures, crashes)
    assert not failures, "\n\n".join(f"{what}\n{detail}" for what, detail in failures.items())


def _fuzz(client, strategy, headers, label, failures, crashes):
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        response = _request(client, case, headers)
        wrong = None
        if response.status_code >= 500:
            wrong = f"{response.status_code}\n{crashes[-1] if crashes else ''}"
        elif response.status_code >= 400:
            body = response.json() if response.get("Content-Type", "").startswith("application/json") else {}
            if not (isinstance(body, dict) and body.get("reason") and body.get("message")):
                wrong = f"{response.status_code} without reason and message: {response.content[:200]!r}"
        if wrong and label not in failures:
            failures[label] = f"{case.method.upper()} {case.formatted_path} query={case.query} " \
                              f"body={None if case.body is NOT_SET else case.body!r}\n{wrong}"

    run()
