"""Each work list in full (今日の業務 → すべてを見る): every case a page at a time, in the Today page's order and
scope; audited; not found for roles without the lists."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services, worklists
from jiritsu.cases.choices import Status
from jiritsu.cases.web import today as today_view
from tests.factories import advance_case, new_case

from .test_today import section


@pytest.fixture
def waiting(world, days_ago):
    """Seven cases waiting for triage (oldest first) and two waiting for their assessment."""
    received = [new_case(world, given_name=f"受付{i}", phone=f"090-7000-{i:04d}", received_on=days_ago(100 - i))
                for i in range(7)]
    applied = [advance_case(world, new_case(world, given_name=f"申込{i}", phone=f"090-7100-{i:04d}"), Status.APPLIED)
               for i in range(2)]
    return {"received": received, "applied": applied}


def get_list(client, user, slug, **params):
    client.force_login(user)
    return client.get(reverse("work_list", args=[slug]), params)


def test_it_lists_every_case_a_page_at_a_time_in_the_today_page_s_order(client, world, waiting, monkeypatch):
    monkeypatch.setattr(today_view, "LIST_PAGE_SIZE", 5)
    html = get_list(client, world.worker_a, "awaiting", status=Status.RECEIVED).content.decode()
    numbers = [c.case_number for c in waiting["received"]]
    assert "7件" in html and all(n in html for n in numbers[:5]) and numbers[5] not in html
    assert [html.index(n) for n in numbers[:5]] == sorted(html.index(n) for n in numbers[:5])  # oldest first
    assert all(c.case_number not in html for c in waiting["applied"])  # the status asked for only
    second = get_list(client, world.worker_a, "awaiting", status=Status.RECEIVED, page=2).content.decode()
    assert numbers[5] in second and numbers[6] in second and numbers[0] not in second
    assert "status=received&amp;page=1" in second


def test_it_records_each_case_shown_with_the_list_s_name(client, world, waiting):
    get_list(client, world.worker_a, "awaiting")
    shown = AccessLog.objects.filter(action="read", what="今日の業務一覧（次の手続きを待っているケース）")
    assert sorted(shown.values_list("case_id", flat=True)) == sorted(
        c.pk for c in waiting["received"] + waiting["applied"])


def test_each_list_of_the_today_page_has_its_full_page(client, world, waiting, today):
    services.withdraw_consent(user=world.worker_a, case=waiting["applied"][0], withdrawn_on=today)
    for spec in worklists.SPECS.values():
        res = get_list(client, world.worker_a, spec.slug)
        assert res.status_code == 200 and spec.title in res.content.decode()
    consent = section(get_list(client, world.worker_a, "consent").content.decode(), "consent")
    assert waiting["applied"][0].case_number in consent and "撤回" in consent
    assert waiting["applied"][1].case_number not in consent


def test_it_shows_only_the_user_s_own_cases_when_asked(client, world, waiting):
    own = new_case(world, user=world.chief_a, given_name="主任担当", phone="090-7200-0001")
    html = get_list(client, world.chief_a, "awaiting", mine="1").content.decode()
    assert own.case_number in html and waiting["received"][0].case_number not in html


def test_another_city_sees_none_of_the_cases(client, world, waiting):
    html = get_list(client, world.worker_b, "awaiting").content.decode()
    assert all(c.case_number not in html for c in waiting["received"] + waiting["applied"])


@pytest.mark.parametrize("who", ["prep_staff", "policy", "auditor", "developer"])
def test_it_is_not_found_for_roles_without_the_work_lists(client, world, waiting, who):
    assert get_list(client, getattr(world, who), "awaiting").status_code == 404
    assert not AccessLog.objects.filter(username=who, action="read").exists()


def test_an_unknown_list_is_not_found(client, world):
    assert get_list(client, world.worker_a, "everything").status_code == 404


def test_it_reads_a_page_in_the_same_number_of_queries_however_long_the_list(client, world, waiting,
                                                                           django_assert_num_queries):
    client.force_login(world.worker_a)
    url = reverse("work_list", args=["awaiting"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        new_case(world, given_name=f"追加{i}", phone=f"090-7300-{i:04d}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
