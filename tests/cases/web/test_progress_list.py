"""A case followed for years: its page shows the newest progress records (支援経過) and links to all of them,
a page at a time, scoped and audited like the case page."""
import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import records, services
from jiritsu.cases.choices import Status
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


def _marker(n: int) -> str:
    return f"経過第{n:03d}号"


@pytest.fixture
def long_case(world, today):
    """A case in support with 55 progress records by the agency, numbered in the order recorded."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    for n in range(55):
        services.record_progress(user=world.worker_a, case=case, occurred_on=today, kind="phone", text=_marker(n))
    return case


def _get(client, user, name, case, **params):
    client.force_login(user)
    return client.get(reverse(name, args=[case.pk]), params)


def test_the_case_page_shows_the_newest_records_and_links_to_all_of_them(client, world, long_case):
    html = _get(client, world.worker_a, "case_detail", long_case).content.decode()
    shown = records.PROGRESS_SHOWN
    assert all(_marker(n) in html for n in range(55 - shown, 55))
    assert _marker(55 - shown - 1) not in html and _marker(0) not in html
    assert reverse("case_progress_list", args=[long_case.pk]) in html and "支援経過をすべて見る" in html


def test_a_case_with_few_records_offers_no_link_to_more(client, world, today):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.record_progress(user=world.worker_a, case=case, occurred_on=today, kind="phone", text=_marker(1))
    html = _get(client, world.worker_a, "case_detail", case).content.decode()
    assert _marker(1) in html and "支援経過をすべて見る" not in html


def test_the_list_shows_every_record_newest_first_fifty_a_page(client, world, long_case):
    first = _get(client, world.worker_a, "case_progress_list", long_case).content.decode()
    assert "55件" in first and first.index(_marker(54)) < first.index(_marker(5))
    assert _marker(4) not in first and "古い50件" in first
    second = _get(client, world.worker_a, "case_progress_list", long_case, page=2).content.decode()
    assert all(_marker(n) in second for n in range(5)) and _marker(5) not in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999", "2\x00"])
def test_a_page_number_that_is_not_one_still_answers_with_a_page(client, world, long_case, page):
    assert _get(client, world.worker_a, "case_progress_list", long_case, page=page).status_code == 200


def test_reading_the_list_is_audited(client, world, long_case):
    _get(client, world.worker_a, "case_progress_list", long_case)
    assert AccessLog.objects.filter(case_id=long_case.pk, what="支援経過記録の一覧", user_id=world.worker_a.pk).exists()


def test_another_bodys_worker_gets_not_found(client, world, long_case):
    assert _get(client, world.worker_b, "case_progress_list", long_case).status_code == 404


def test_a_provider_sees_in_the_list_only_what_was_recorded_within_its_consent(client, world, today):
    case = new_case(world)
    # Recorded before the person consented to share with any provider: the agency's alone.
    services.record_progress(user=world.worker_a, case=case, occurred_on=today, kind="phone", text="同意前の記録")
    case = advance_case(world, case, Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                      program=Program.EMPLOYMENT_PREP, started_on=today)
    services.record_progress(user=world.prep_staff, case=case, occurred_on=today, kind="service", text="作業体験の記録")
    provider = _get(client, world.prep_staff, "case_progress_list", case).content.decode()
    assert "作業体験の記録" in provider and "同意前の記録" not in provider and "1件" in provider
    agency = _get(client, world.worker_a, "case_progress_list", case).content.decode()
    assert "作業体験の記録" in agency and "同意前の記録" in agency and "2件" in agency


def test_a_prefecture_user_without_case_access_gets_not_found(client, world, long_case):
    assert _get(client, world.policy, "case_progress_list", long_case).status_code == 404
