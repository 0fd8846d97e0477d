"""Every page and endpoint that shows a case's personal data leaves an access-log row naming the user,
their organisation, the case and the page."""
import datetime as dt

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.programs.catalog import Program
from tests.access.test_access_matrix import api_url, case_page_routes, to_url
from tests.factories import advance_case, new_case


def _case(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                      program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    return case


def test_it_records_every_case_page_the_owner_opens(client, world):
    case = _case(world)
    client.force_login(world.worker_a)
    for route in case_page_routes():
        url = to_url(route, case)
        before = AccessLog.objects.count()
        response = client.get(url)
        if response.status_code != 200:
            continue  # a step form not offered in this status answers with a refusal, showing nothing
        rows = AccessLog.objects.filter(case_id=case.pk).order_by("-id")[: AccessLog.objects.count() - before]
        assert any(r.action in ("read", "print") and url in r.via for r in rows), f"no read logged for {url}"
        row = rows[0]
        assert row.username == "worker_a" and row.organisation_name == world.agency_a.name


def test_it_records_reads_through_the_api(client, world):
    case = _case(world)
    client.force_login(world.prep_staff)
    url = api_url("/api/cases/{case_id}", case)
    assert client.get(url).status_code == 200
    row = AccessLog.objects.filter(case_id=case.pk, action="read").latest("id")
    assert row.username == "prep_staff" and url in row.via and row.organisation_name == world.prep_provider.name


def test_it_records_who_wrote_what(world):
    case = _case(world)
    rows = AccessLog.objects.filter(case_id=case.pk, action__in=["create", "update"])
    assert {r.username for r in rows} >= {"worker_a", "chief_a", "admin_a"}
    assert rows.filter(what__contains="支援決定").exists()
