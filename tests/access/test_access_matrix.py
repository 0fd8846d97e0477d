"""The privacy matrix: for every role and every page or API endpoint that carries a case's data, what must
be hidden is hidden — as 404, never a hint that the case exists.

Endpoints are discovered from the URL configuration and the OpenAPI schema, so a new case page or endpoint
is covered without editing this file.
"""
import datetime as dt
import re

import pytest
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case
from jiritsu.orgs.models import Organisation, Role
from jiritsu.programs.catalog import Program
from tests.core.test_error_pages import page_text
from tests.factories import advance_case, make_agency, make_user, new_case

CASE_ROUTE = re.compile(r"^(print/)?cases/<int:pk>/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name


def case_page_routes():
    routes = sorted({route for route, _name in _walk(get_resolver().url_patterns) if CASE_ROUTE.match(route)})
    assert len(routes) >= 10, routes  # the case page, the step forms and the print forms
    return routes


# The records a case's endpoints are addressed by (related_ids); endpoints of organisations, agreements and
# other records that are not a case's answer by role, not by case, and have their own tests.
CASE_RECORDS = ("case", "assessment", "plan", "handoff", "meeting", "item")


def api_case_paths(client, user):
    client.force_login(user)
    schema = client.get("/api/openapi.json").json()
    named = re.compile(r"^/api/\w[\w-]*/\{(\w+?)(?:_pk|_id)?\}")
    return sorted(p for p in schema["paths"] if (m := named.match(p)) and m.group(1) in CASE_RECORDS)


def related_ids(case) -> dict:
    """Ids of the case's own records, for routes that name them besides the case."""
    item = case.meeting_items.select_related("meeting").first()
    ids = {
        "assessment": case.assessments.values_list("pk", flat=True).first(),
        "plan": case.plans.values_list("pk", flat=True).first(),
        "handoff": case.handoffs.values_list("pk", flat=True).first(),
        "meeting": item.meeting_id if item else None,
        "item": item.pk if item else None,
    }
    return {k: v for k, v in ids.items() if v is not None}


def _fill(url: str, case, pattern: str) -> str:
    ids = related_ids(case) if not isinstance(case, int) else {}
    pk = case if isinstance(case, int) else case.pk

    def sub(m):
        name = m.group(1).removesuffix("_pk").removesuffix("_id")
        if name in ("pk", "case"):
            return str(pk)
        return str(ids.get(name, 0))  # 0: the case has no such record; the route must still say 404

    return re.sub(pattern, sub, url)


def to_url(route: str, case) -> str:
    return "/" + _fill(route, case, r"<int:(\w+)>")


def api_url(path: str, case) -> str:
    return _fill(path, case, r"\{(\w+)\}")


@pytest.fixture
def handed_off(world):
    """A 日立 case in support, handed to the 就労準備 provider, consent naming both providers."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                      program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    return case


@pytest.fixture
def outsiders(world):
    """Everyone who must not see a 日立 case (before any withdrawal)."""
    other_office = Organisation.objects.create(prefecture=world.pref, kind=Organisation.Kind.BODY_OFFICE,
                                               body=world.tsuchiura, name="土浦市 社会福祉課")
    pref_body = world.hitachi.prefecture.bodies.get(code="08000")
    pref_agency = make_agency(pref_body, "県 町村部 自立相談支援機関")
    return {
        "another city's worker": world.worker_b,
        "another city's chief": make_user("chief_b", world.agency_b, Role.CHIEF),
        "another city's body admin": make_user("admin_b", other_office, Role.BODY_ADMIN),
        "the prefecture's own welfare-office worker": make_user("pref_worker", pref_agency, Role.SUPPORT_WORKER),
        "a provider of another program": world.shelter_staff,
        "prefecture policy staff": world.policy,
        "the auditor": world.auditor,
        "the placement developer": world.developer,
    }


OUTSIDER_KEYS = [
    "another city's worker", "another city's chief", "another city's body admin",
    "the prefecture's own welfare-office worker", "a provider of another program", "prefecture policy staff",
    "the auditor", "the placement developer",
]


@pytest.mark.parametrize("who", OUTSIDER_KEYS)
def test_it_hides_every_case_page_from_outsiders(client, handed_off, outsiders, who):
    client.force_login(outsiders[who])
    for route in case_page_routes():
        url = to_url(route, handed_off)
        assert client.get(url).status_code == 404, f"{who} reached GET {url}"
        assert client.post(url, {}).status_code in (404, 405), f"{who} reached POST {url}"
    handed_off.refresh_from_db()
    assert handed_off.status == Status.IN_SUPPORT


@pytest.mark.parametrize("who", OUTSIDER_KEYS)
def test_it_hides_every_case_endpoint_of_the_api_from_outsiders(client, handed_off, outsiders, who):
    paths = api_case_paths(client, outsiders[who])
    assert paths
    for path in paths:
        url = api_url(path, handed_off)
        assert client.get(url).status_code in (404, 405), f"{who} reached GET {url}"
        assert client.post(url, {}, content_type="application/json").status_code in (404, 405), f"{who} POST {url}"


@pytest.mark.parametrize("who", OUTSIDER_KEYS)
def test_it_leaves_case_search_and_lists_empty_for_outsiders(client, handed_off, outsiders, who):
    client.force_login(outsiders[who])
    name = handed_off.client.family_name
    for url in ("/cases/?q=" + name, "/", "/api/cases?q=" + name):
        response = client.get(url, follow=True)  # the policy staff's home leads to the prefecture's overview
        assert response.status_code in (200, 404)
        assert handed_off.case_number not in response.content.decode(), f"{who} found the case at {url}"
        assert handed_off.client.given_name not in response.content.decode(), f"{who} saw the name at {url}"


def test_it_shows_the_case_to_its_own_agency_and_the_provider_it_was_handed_to(client, world, handed_off):
    for user in (world.worker_a, world.chief_a, world.admin_a, world.prep_staff):
        client.force_login(user)
        assert client.get(f"/cases/{handed_off.pk}/").status_code == 200
        assert client.get(f"/api/cases/{handed_off.pk}").status_code == 200


def test_it_hides_a_case_from_the_provider_before_the_hand_off(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    client.force_login(world.prep_staff)
    for route in case_page_routes():
        assert client.get(to_url(route, case)).status_code == 404
    assert client.get(f"/api/cases/{case.pk}").status_code == 404


def test_it_hides_the_case_from_the_provider_once_consent_is_withdrawn(client, world, handed_off):
    services.withdraw_consent(user=world.worker_a, case=handed_off,
                              withdrawn_on=handed_off.received_on + dt.timedelta(days=30), note="本人の申出")
    client.force_login(world.prep_staff)
    for route in case_page_routes():
        assert client.get(to_url(route, handed_off)).status_code == 404
    for path in api_case_paths(client, world.prep_staff):
        assert client.get(api_url(path, handed_off)).status_code in (404, 405)


def test_it_hides_the_case_from_a_provider_the_consent_does_not_name(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT, scope=[world.prep_provider])
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                      program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    # The shelter provider is not named and has no hand-off.
    client.force_login(world.shelter_staff)
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_it_answers_404_for_a_case_that_does_not_exist_exactly_as_for_a_hidden_one(client, world, handed_off):
    client.force_login(world.worker_b)
    hidden = client.get(f"/cases/{handed_off.pk}/")
    missing = client.get(f"/cases/{Case.objects.order_by('-pk').first().pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    # Identical but for the CSRF token, which is masked anew on every page.
    assert page_text(hidden) == page_text(missing)


@pytest.mark.parametrize("who", OUTSIDER_KEYS)
def test_it_hides_a_cases_placement_pages_from_outsiders(client, world, handed_off, outsiders, who):
    """The matching profile of a case and its matches: only the case's agency, and the developer only as a
    pseudonym until the match is confirmed (tests/placements/test_access.py)."""
    from jiritsu.orgs.models import Municipality
    from jiritsu.placements import services as placement_services
    from jiritsu.placements.models import Site

    profile = placement_services.save_profile(user=world.worker_a, case=handed_off, data={
        "stage": "社会生活自立", "hours_per_week": 10, "municipality": Municipality.objects.get(code="08202"),
        "max_travel_km": 10, "avoid": [], "prefers": []})
    site = placement_services.save_site(user=world.developer, data={
        "kind": Site.Kind.NPO, "name": "近くのNPO", "municipality": Municipality.objects.get(code="08202")})
    task = placement_services.save_task(user=world.developer, site=site, data={
        "title": "軽作業", "min_stage": "日常生活自立", "hours_per_week": 4, "physical_load": "light",
        "interpersonal_load": "few", "features": ["軽作業"], "capacity": 1})
    match, = placement_services.propose_matches(user=world.developer, choices={profile.pk: task.pk},
                                                on_date=task.created_at.date())
    client.force_login(outsiders[who])
    name = handed_off.client.given_name
    for url in (f"/placements/profiles/case/{handed_off.pk}", f"/placements/matches/{match.pk}",
                "/placements/matching", "/placements/counts", "/placements/tours"):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), f"{who} GET {url}: {response.status_code}"
        assert name not in response.content.decode(), f"{who} saw the name at {url}"
        assert handed_off.case_number not in response.content.decode(), f"{who} saw the case number at {url}"
    for url in (f"/placements/profiles/case/{handed_off.pk}", f"/placements/matches/{match.pk}/confirm",
                f"/placements/matches/{match.pk}/follow-up"):
        assert client.post(url, {}).status_code in (403, 404), f"{who} reached POST {url}"
