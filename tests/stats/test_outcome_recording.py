"""Recording 就労・増収 on a case: the form page and the API endpoint, both counted by the survey."""
import datetime as dt

import pytest

from jiritsu.api.models import ApiToken
from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Outcome
from jiritsu.core.wareki import format_wareki
from jiritsu.stats.survey import monthly_survey, resolve_unit
from tests.factories import advance_case, new_case


@pytest.fixture
def case(world, days_ago):
    return advance_case(world, new_case(world, received_on=days_ago(60)), Status.IN_SUPPORT)


def url(case):
    return f"/cases/{case.pk}/outcome/new/"


def test_it_records_employment_from_the_case_page_and_the_survey_counts_it(client, world, case, days_ago):
    client.force_login(world.worker_a)
    page = client.get(f"/cases/{case.pk}/")
    assert url(case) in page.content.decode()
    form = client.get(url(case))
    assert form.status_code == 200 and "就労・増収の記録" in form.content.decode()
    assert AccessLog.objects.filter(case_id=case.pk, action="read", what__contains="就労・増収の記録").exists()
    day = days_ago(5)
    response = client.post(url(case), {"kind": "employed", "occurred_on": format_wareki(day), "note": "パート就職"})
    assert response.status_code == 302
    outcome = Outcome.objects.get(case=case)
    assert (outcome.kind, outcome.occurred_on, outcome.recorded_by) == ("employed", day, world.worker_a)
    month = day.replace(day=1)
    counts = monthly_survey(resolve_unit("08202"), month, month).total.counts
    assert counts["employed"] == 1 and counts["employed_targeted"] == 1


def test_it_keeps_the_input_and_shows_the_error_at_the_field(client, world, case, days_ago):
    client.force_login(world.worker_a)
    before = format_wareki(case.received_on - dt.timedelta(days=1))
    response = client.post(url(case), {"kind": "income_increased", "occurred_on": before, "note": "昇給"})
    html = response.content.decode()
    assert response.status_code == 200 and "受付日" in html and "昇給" in html
    assert not Outcome.objects.exists()


def test_it_refuses_before_the_application_and_hides_other_bodies_cases(client, world, days_ago):
    fresh = new_case(world, received_on=days_ago(3))
    client.force_login(world.worker_a)
    assert client.get(url(fresh)).status_code == 409
    client.force_login(world.worker_b)
    assert client.get(url(fresh)).status_code == 404


def test_a_user_without_access_gets_not_found(client, world, case):
    for user in (world.policy, world.auditor, world.prep_staff):
        client.force_login(user)
        assert client.get(url(case)).status_code == 404
    client.force_login(world.admin_a)  # the body's administrator sees the case but does not record outcomes
    assert client.get(url(case)).status_code == 403


def _api(client, user, case, data):
    _token, raw = ApiToken.issue(user=user, label="test", can_write=True)
    return client.post(f"/api/cases/{case.pk}/outcomes", data, content_type="application/json",
                       headers={"Authorization": f"Bearer {raw}"})


def test_the_api_records_an_outcome_with_a_wareki_date(client, world, case, days_ago):
    response = _api(client, world.worker_a, case, {"kind": "income_increased", "occurred_on": format_wareki(days_ago(2))})
    assert response.status_code == 201, response.json()
    assert response.json()["case_id"] == case.pk
    assert Outcome.objects.get(pk=response.json()["id"]).kind == "income_increased"


def test_the_api_refuses_bad_input_and_outsiders(client, world, case, days_ago):
    assert _api(client, world.worker_a, case, {"kind": "promoted", "occurred_on": "2024-01-01"}).status_code == 422
    assert _api(client, world.worker_b, case, {"kind": "employed", "occurred_on": "2024-01-01"}).status_code == 404
    assert _api(client, world.policy, case, {"kind": "employed", "occurred_on": "2024-01-01"}).status_code == 404
    assert not Outcome.objects.exists()
