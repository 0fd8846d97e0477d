"""Every step of the support process is declared once (cases/steps.py), completely, and everything else reads
that declaration: the process, the permissions, the case page's buttons and pages, the API's allowed steps and
their endpoints, the work lists' next actions, and the rule that allows or refuses the step now."""
import datetime as dt

import pytest
import rules
from django.urls import NoReverseMatch, reverse

from jiritsu.cases import policies, process
from jiritsu.cases.choices import OPEN, Status
from jiritsu.cases.eligibility import CaseFacts
from jiritsu.cases.steps import DECLARED, NEXT_ACTION, STEPS, Step, endpoint_for
from jiritsu.cases.web import steps as step_pages
from jiritsu.orgs.models import Role
from jiritsu.programs.coverage import Refusal
from tests.factories import advance_case, new_case

# What a page that takes a step names besides the case (the declaration's `on`), for resolving its URL.
PAGE_ARGS = {"case": (1,), "agenda_item": (1,), "handoff": (1, 1)}


@pytest.fixture(scope="module")
def openapi(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/openapi.json").json()["paths"]


@pytest.mark.parametrize("declared", DECLARED, ids=[d.code for d in DECLARED])
def test_every_step_is_declared_with_every_part(declared, openapi):
    step = Step(declared.code)
    assert STEPS[step] is declared
    # its transition
    assert declared.allowed_from and declared.allowed_from <= set(Status)
    assert declared.to is None or declared.to in Status
    assert declared.next_in <= declared.allowed_from, "a step is the next one only where it may be taken"
    # who may take it: roles that exist, and the permission the pages and the API ask for
    assert declared.who and declared.who <= set(Role)
    assert rules.perm_exists(f"cases.{declared.code}")
    assert policies.STEP_PERMISSIONS[step] is not None
    # its names
    assert declared.label.strip() and declared.action.strip() and declared.hint.strip()
    # its page resolves, and a step page with its permission serves it (meeting outcomes: the agenda item page)
    try:
        reverse(declared.page, args=PAGE_ARGS[declared.on])
    except NoReverseMatch:
        pytest.fail(f"{declared.code}: page {declared.page} does not resolve")
    if declared.on != "agenda_item":
        page = step_pages.PAGE_BY_NAME[declared.page]
        assert page.perm in (declared.code, *[s.value for s in STEPS if STEPS[s].page == declared.page])
    # its API endpoint exists in the OpenAPI
    method, path = declared.endpoint.split(" ", 1)
    assert path in openapi, f"{declared.code}: {path} is not in the OpenAPI"
    assert method.lower() in openapi[path], f"{declared.code}: {method} {path} is not in the OpenAPI"
    # its eligibility: a status outside the step refuses with the step's name; the rule answers a refusal or None
    assert declared.eligible is None or callable(declared.eligible)


def test_every_open_status_says_what_to_do_next():
    assert set(NEXT_ACTION) == set(OPEN)
    assert NEXT_ACTION[Status.RECEIVED] == "振り分けを行う"
    assert NEXT_ACTION[Status.PLAN_DRAFTED] == "支援調整会議に付議する"
    assert NEXT_ACTION[Status.EVALUATED] == "評価を支援調整会議で確認する"


def test_a_step_fills_in_the_ids_it_knows_and_keeps_the_others_as_placeholders():
    assert endpoint_for(Step.TRIAGE, case_id=7) == "POST /api/cases/7/triage"
    assert endpoint_for(Step.PUT_ON_AGENDA, case_id=7) == "POST /api/meetings/{meeting_id}/agenda"


def test_a_step_outside_its_statuses_is_refused_with_its_name(world):
    case = new_case(world)
    refusal = STEPS[Step.DECIDE].refusal(CaseFacts(case))
    assert refusal == Refusal("step_not_allowed_in_status", "このケースは「相談受付（振り分け待ち）」のため、「支援決定」はできません。")


STATUSES = [Status.RECEIVED, Status.CONTINUING, Status.APPLIED, Status.ASSESSED, Status.PLAN_DRAFTED,
            Status.PLAN_APPROVED, Status.IN_SUPPORT, Status.EVALUATED, Status.EVALUATION_CONFIRMED, Status.CLOSED]


@pytest.mark.parametrize("status", STATUSES)
def test_the_page_the_api_and_the_services_agree_on_what_can_be_done(client, world, status):
    """At each status, for each role: the case page offers exactly the menu steps the API lists, every rule
    answers, and every step the page does not offer is refused by the process with a reason."""
    case = advance_case(world, new_case(world), status)
    facts = CaseFacts(case)
    for declared in DECLARED:
        refusal = declared.refusal(facts)
        assert refusal is None or (refusal.reason and refusal.message), declared.code
        allowed = process.allowed_steps(case)
        if refusal is None:
            assert Step(declared.code) in allowed
        else:
            with pytest.raises(process.InvalidStep) as err:
                process.require(case, Step(declared.code))
            assert err.value.reason == refusal.reason
    for user in (world.worker_a, world.chief_a, world.admin_a):
        client.force_login(user)
        page = client.get(reverse("case_detail", args=[case.pk]))
        actions = [page.context["primary_action"], *page.context["other_actions"]]
        offered = {a["step"] for a in actions if a}
        for action in filter(None, actions):
            assert STEPS[action["step"]].action in page.content.decode()
        listed = client.get(f"/api/cases/{case.pk}/allowed-steps")
        assert listed.status_code == 200
        api_menu = {s["step"] for s in listed.json()["steps"] if STEPS[Step(s["step"])].menu}
        assert offered == api_menu, (user.username, status)


def test_allowed_steps_answers_once_employment_can_be_recorded(client, world):
    """It used to answer 500 once 就労・増収の記録 was allowed (no endpoint for it in a second table)."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    client.force_login(world.worker_a)
    body = client.get(f"/api/cases/{case.pk}/allowed-steps")
    assert body.status_code == 200
    steps = {s["step"]: s for s in body.json()["steps"]}
    assert steps["record_outcome"] == {"step": "record_outcome", "label": "就労・増収の記録",
                                       "endpoint": f"POST /api/cases/{case.pk}/outcomes"}
    assert steps["monitor"]["endpoint"] == f"POST /api/cases/{case.pk}/monitoring"
    assert "evaluate" in steps and "continue_plan" not in steps  # no evaluation confirmed for continuing


def test_the_agenda_item_to_decide_is_named_in_the_meeting_steps(client, world, today):
    from jiritsu.cases import services

    case = advance_case(world, new_case(world), Status.PLAN_DRAFTED)
    meeting = services.create_meeting(user=world.chief_a, held_on=today)
    item = services.add_to_agenda(user=world.worker_a, meeting=meeting, case=case)
    client.force_login(world.chief_a)
    steps = {s["step"]: s for s in client.get(f"/api/cases/{case.pk}/allowed-steps").json()["steps"]}
    assert steps["approve_plan"]["endpoint"] == f"POST /api/agenda-items/{item.pk}/outcome"
    assert "put_on_agenda" not in steps  # already on the agenda: the same rule refuses it


def test_the_greyed_hand_off_option_and_the_service_refuse_with_the_same_reason(world):
    """The hand-off page greys a provider the consent does not name with the reason the service refuses with."""
    from jiritsu.cases import services
    from jiritsu.programs.catalog import Program

    case = advance_case(world, new_case(world), Status.IN_SUPPORT, scope=[world.shelter_provider])
    options = step_pages.provider_options(case, "regular", case.received_on + dt.timedelta(days=22))
    prep = next(o for o in options if o["provider"] == world.prep_provider and o["program"] == Program.EMPLOYMENT_PREP)
    assert not prep["available"]
    with pytest.raises(process.InvalidStep) as err:
        services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                          program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    assert err.value.reason == "consent_does_not_cover_provider" and err.value.message == prep["reason"]


def test_withdrawing_consent_is_offered_only_while_one_is_in_force_and_refused_otherwise(client, world):
    from jiritsu.cases import services

    case = advance_case(world, new_case(world), Status.APPLIED)
    client.force_login(world.worker_a)
    page = lambda: client.get(reverse("case_detail", args=[case.pk])).content.decode()  # noqa: E731
    assert "同意の撤回を記録する" in page() and "再同意を記録する" not in page()
    services.withdraw_consent(user=world.worker_a, case=case, withdrawn_on=case.received_on + dt.timedelta(days=2))
    assert "同意の撤回を記録する" not in page() and "再同意を記録する" in page()
    with pytest.raises(process.InvalidStep) as err:
        services.withdraw_consent(user=world.worker_a, case=case, withdrawn_on=case.received_on + dt.timedelta(days=3))
    assert err.value.reason == "no_active_consent"
    refused = client.post(reverse("case_withdraw_consent", args=[case.pk]),
                          {"withdrawn_on": (case.received_on + dt.timedelta(days=3)).isoformat()})
    assert refused.status_code == 409 and "撤回できる有効な同意がありません。" in refused.content.decode()


def test_a_confirmed_evaluation_says_each_way_on():
    hint = NEXT_ACTION[Status.EVALUATION_CONFIRMED]
    assert "再プランを作成する" in hint and "現プランで支援を継続する" in hint and "終結を記録する" in hint
