"""支援ケース一覧: the agency's caseload, cut into A4 sheets, with a fixed number of queries."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, Client
from jiritsu.core.wareki import format_wareki
from jiritsu.documents.sheets import ROWS_PER_SHEET
from tests.factories import advance_case, make_agency, make_user, new_case

URL = "/print/caselist/"


def bulk_cases(world, n, *, agency=None, body=None, start=1):
    """Many cases at once (the services would take minutes for a thousand)."""
    body, agency = body or world.hitachi, agency or world.agency_a
    clients = Client.objects.bulk_create(
        Client(body=body, family_name="試験", given_name=f"太郎{i}", name_folded=f"試験太郎{i}")
        for i in range(start, start + n)
    )
    Case.objects.bulk_create(
        Case(body=body, agency=agency, client=c, case_number=f"B-{body.code}-{i:05d}",
             received_on=dt.date(2024, 4, 1) + dt.timedelta(days=i % 300), received_by=world.worker_a,
             assigned_to=world.worker_a, route="visit", complaints=["income"], main_complaint="income")
        for i, c in enumerate(clients, start=start)
    )


def test_it_lists_the_agency_s_open_cases_with_number_date_name_status_and_worker(client, world):
    case = new_case(world)
    closed = advance_case(world, new_case(world, family_name="佐藤", given_name="一郎"), Status.CLOSED)
    other = new_case(world, user=world.worker_b, family_name="土浦", given_name="次郎")
    client.force_login(world.worker_a)
    page = client.get(URL).content.decode()
    assert "支援ケース一覧" in page and world.agency_a.name in page and world.hitachi.name in page
    assert case.case_number in page and format_wareki(case.received_on) in page and "山田 花子" in page
    assert "相談受付（振り分け待ち）" in page and "日立 相談員" in page
    assert "佐藤" not in page and "土浦 次郎" not in page and other.body_id != case.body_id
    everything = client.get(URL + "?status=all").content.decode()
    assert closed.case_number in everything and "終結" in everything
    assert case.case_number not in client.get(URL + "?status=closed").content.decode()


def test_it_lists_only_the_user_s_own_agency_of_the_body(client, world):
    second = make_agency(world.hitachi, "日立市 第二相談窓口")
    bulk_cases(world, 3, agency=second)
    client.force_login(world.worker_a)
    assert "B-08202-00001" not in client.get(URL).content.decode()
    client.force_login(make_user("worker_second", second, "support_worker"))
    assert "B-08202-00001" in client.get(URL).content.decode()
    client.force_login(world.admin_a)  # the body's administrator sees every agency of the body
    assert "B-08202-00001" in client.get(URL).content.decode()


@pytest.mark.parametrize("who", ["prep_staff", "policy", "auditor", "developer"])
def test_it_has_no_caseload_list_for_anyone_outside_the_owning_agencies(client, world, who):
    bulk_cases(world, 2)
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 404


def test_it_cuts_a_thousand_cases_into_a4_sheets_with_a_fixed_number_of_queries(
        client, world, django_assert_max_num_queries):
    bulk_cases(world, 5)
    client.force_login(world.worker_a)
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    bulk_cases(world, 995, start=6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(URL).content.decode()
    sheets = -(-1000 // ROWS_PER_SHEET)
    assert page.count('<div class="sheet">') == sheets
    assert f"全1000件　{sheets} / {sheets} 枚" in page
    assert "B-08202-01000" in page


def test_it_records_one_print_row_per_listed_case(client, world):
    bulk_cases(world, 120)
    bulk_cases(world, 2, agency=world.agency_b, body=world.tsuchiura)
    client.force_login(world.chief_a)
    client.get(URL)
    rows = AccessLog.objects.filter(action="print", username="chief_a")
    assert rows.count() == 120
    row = rows.first()
    assert row.what == "支援ケース一覧を印刷" and row.body_id == world.hitachi.pk
    assert row.organisation_name == world.agency_a.name and row.via == "web: GET /print/caselist/"
    assert set(rows.values_list("case_number", flat=True)) == {f"B-08202-{i:05d}" for i in range(1, 121)}
