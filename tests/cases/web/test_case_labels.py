"""Case numbers are unique per body only: a shared provider sees each with its body (Body.case_label)."""
import csv
import io

import pytest
from django.urls import reverse

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


@pytest.fixture
def twins(world, today):
    """Two bodies' first cases of the year, both numbered the same and both handed to one provider."""
    hitachi = advance_case(world, new_case(world), Status.ASSESSED)
    tsuchiura = advance_case(world, new_case(world, user=world.worker_b, family_name="土浦", given_name="二郎",
                                             phone="090-9999-0000"), Status.ASSESSED, user=world.worker_b)
    assert hitachi.case_number == tsuchiura.case_number
    for case, worker in ((hitachi, world.worker_a), (tsuchiura, world.worker_b)):
        services.start_temporary_use(user=worker, case=case, provider=world.prep_provider,
                                     program=Program.EMPLOYMENT_PREP, started_on=today, reason="早期の支援")
    return hitachi, tsuchiura


def _page(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params).content.decode()


def test_a_provider_sees_two_bodies_same_number_apart_on_its_work_list(client, world, twins):
    hitachi, tsuchiura = twins
    html = _page(client, world.prep_staff, "today")
    assert f"日立市 {hitachi.case_number}" in html and f"土浦市 {tsuchiura.case_number}" in html


def test_a_provider_sees_them_apart_in_search_results_and_the_csv(client, world, twins):
    number = twins[0].case_number
    html = _page(client, world.prep_staff, "case_search", q=number)
    assert f"日立市 {number}" in html and f"土浦市 {number}" in html
    client.force_login(world.prep_staff)
    response = client.get(reverse("case_search_export"), {"q": ""})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")
                                       if response.streaming else response.content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {f"日立市 {number}", f"土浦市 {number}"}


def test_a_provider_finds_one_case_by_the_label_it_was_shown(client, world, twins):
    hitachi, tsuchiura = twins
    html = _page(client, world.prep_staff, "case_search", q=f"土浦市 {tsuchiura.case_number}")
    assert "土浦 二郎" in html and "山田 花子" not in html


def test_a_provider_sees_the_body_with_the_number_on_the_case_page_and_the_printed_form(client, world, twins):
    hitachi = twins[0]
    client.force_login(world.prep_staff)
    page = client.get(reverse("case_detail", args=[hitachi.pk])).content.decode()
    assert f"ケース 日立市 {hitachi.case_number}" in page
    printed = client.get(reverse("print_progress", args=[hitachi.pk])).content.decode()
    assert f"日立市 {hitachi.case_number}" in printed


def test_a_body_worker_sees_the_plain_number_on_their_own_lists(client, world, twins):
    hitachi = twins[0]
    html = _page(client, world.worker_a, "case_search", q=hitachi.case_number)
    assert hitachi.case_number in html and f"日立市 {hitachi.case_number}" not in html


def test_the_printed_forms_file_name_carries_the_body(client, world, twins):
    client.force_login(world.prep_staff)
    response = client.get(reverse("print_progress", args=[twins[1].pk]), {"format": "pdf"})
    if response["Content-Type"] != "application/pdf":
        pytest.skip("WeasyPrint is not available here")
    assert f"progress-08203-{twins[1].case_number}.pdf" in response["Content-Disposition"]


def test_the_api_lists_each_case_with_its_label(client, world, twins):
    client.force_login(world.prep_staff)
    items = client.get("/api/cases").json()["items"]
    assert sorted(item["case_label"] for item in items) == sorted(
        [f"日立市 {twins[0].case_number}", f"土浦市 {twins[1].case_number}"])
