"""Prefecture policy staff use every page and export of the programs app (agreements, contracts, demand,
results, cost sharing ...) without ever reaching a person's data: no name, contact, case number or address
appears, and no case read is logged for them."""
import datetime as dt
import io

from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from openpyxl import load_workbook

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.core.wareki import fiscal_year, format_wareki
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Contract
from tests.factories import advance_case, new_case


def program_urls(world, fy) -> list[str]:
    """Every page under programs/ (the programs app's and the program reports stats keeps there), discovered
    from the URL configuration, with each export format."""
    resolvers = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and str(p.pattern) == "programs/"]
    kwargs = {"participation_edit": {"fy": fy, "code": "08202", "program": "employment_prep"},
              "agreement_edit": {"pk": Agreement.objects.filter(body=world.hitachi).first().pk},
              "contract_edit": {"pk": Contract.objects.first().pk}}
    urls = [reverse(p.name, kwargs=kwargs.get(p.name)) for resolver in resolvers for p in resolver.url_patterns]
    assert len(urls) >= 10, urls
    queries = [f"?fy={fy}", f"?fy={fy}&format=csv", f"?from_fy={fy}&to_fy={fy}&format=xlsx",
               "?program=employment_prep&format=csv",
               f"?program=employment_prep&fy={fy}&amount=1000000&key=利用実績割:100&format=xlsx"]
    return urls + [u + q for u in urls for q in queries]


def _text(response) -> str:
    if "spreadsheetml" in response["Content-Type"]:
        sheet = load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    return response.content.decode("utf-8")


def test_policy_staff_reach_no_person_through_any_programs_page_or_export(client, world):
    case = advance_case(world, new_case(world, family_name="秘密川", given_name="匿名子", phone="090-9999-0001",
                                        complaints=("job_search", "debt"), main="job_search"), Status.IN_SUPPORT)
    started = case.received_on + dt.timedelta(days=22)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=started)
    services.record_outcome(user=world.worker_a, case=case, kind="employed", occurred_on=started)
    birth = case.client.birth_date
    # The birth date as any page would write it (a bare year would also match an id in a form's choices).
    secrets = ["秘密川", "匿名子", "090-9999-0001", case.case_number, "幸町1-1", "ひみつ", format_wareki(birth),
               format_wareki(birth, short=True), birth.isoformat()]
    client.force_login(world.policy)
    for url in program_urls(world, fiscal_year(started)):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _text(response)
        for secret in secrets:
            assert secret not in body, f"{secret} shown at {url}"
    assert not AccessLog.objects.filter(username="policy").exists()
