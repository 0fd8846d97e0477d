"""The hand-off's report frequency through the API: recorded, monthly when left out, 422 at the field outside
1-92 days with nothing saved."""
import datetime as dt

from jiritsu.cases.choices import Status
from jiritsu.cases.models import Handoff
from tests.factories import advance_case, new_case


def test_the_api_records_the_frequency_defaults_to_monthly_and_refuses_out_of_range(api, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    worker = api.as_(world.worker_a)
    day = (case.received_on + dt.timedelta(days=22)).isoformat()
    body = {"provider_id": world.prep_provider.pk, "program": "employment_prep", "started_on": day}
    for wrong in (0, 93, "週1"):
        response = worker.post(f"/api/cases/{case.pk}/handoffs", body | {"report_every_days": wrong})
        assert response.status_code == 422 and "report_every_days" in response.json()["errors"]
    assert not Handoff.objects.exists()
    assert worker.post(f"/api/cases/{case.pk}/handoffs", body | {"report_every_days": 7}).status_code == 201
    assert worker.get(f"/api/cases/{case.pk}").json()["handoffs"][0]["report_every_days"] == 7
    other = advance_case(world, new_case(world, given_name="次郎", phone="090-2222-3333"), Status.IN_SUPPORT)
    body["started_on"] = (other.received_on + dt.timedelta(days=22)).isoformat()
    assert worker.post(f"/api/cases/{other.pk}/handoffs", body).status_code == 201
    assert Handoff.objects.get(case=other).report_every_days == 30
