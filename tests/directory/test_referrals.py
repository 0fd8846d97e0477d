"""Referring a case's person to a directory service from the case, recording the outcome, and counts
on the service's page that never name anyone."""
import datetime as dt

import pytest
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import policies
from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.directory import models as m
from jiritsu.directory import services
from jiritsu.directory.demo import load_demo_directory
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


@pytest.fixture
def directory(world):
    load_demo_directory()
    return world


@pytest.fixture
def case(directory):
    return new_case(directory, complaints=("no_food", "income"), main="no_food")


def _hand_off(world, case):
    advance_case(world, case, Status.IN_SUPPORT)
    case_services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                           program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))


def _food_bank():
    return m.Service.objects.get(name="緊急食料支援（フードバンク）")


def test_it_lets_a_worker_find_a_food_bank_for_a_case_and_record_the_referral(client, directory, case, today,
                                                                            django_assert_max_num_queries):
    client.force_login(directory.worker_a)
    url = reverse("case_referrals", args=[case.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    assert page.status_code == 200
    # Pre-filled with the main complaint and the person's municipality (日立市 from the address).
    assert page.context["search"].data == {"need": "no_food", "municipality": "08202"}
    assert "緊急食料支援（フードバンク）" in {s.name for s in page.context["services"]}

    response = client.post(url, {"service": str(_food_bank().pk), "referred_on": "", "note": "明日来所予定"})
    assert response.status_code == 200 and not m.Referral.objects.exists()  # date missing: kept, at the field
    assert "明日来所予定" in response.content.decode()

    response = client.post(url, {"service": str(_food_bank().pk), "referred_on": today.isoformat(),
                                 "note": "明日来所予定"})
    assert response.status_code == 302
    referral = m.Referral.objects.get()
    assert (referral.case, referral.service, referral.referred_by) == (case, _food_bank(), directory.worker_a)
    assert referral.outcome == m.Referral.Outcome.UNCONFIRMED
    page = client.get(url).content.decode()
    assert "明日来所予定" in page and "未確認" in page


def test_it_records_the_outcome_of_a_referral(client, directory, case, today):
    referral = services.refer(user=directory.worker_a, case=case, service=_food_bank(), referred_on=today)
    client.force_login(directory.worker_a)
    response = client.post(reverse("case_referrals", args=[case.pk]),
                           {"referral": referral.pk, "outcome": "used", "outcome_on": today.isoformat()})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_on, referral.outcome_by) == ("used", today, directory.worker_a)
    assert "利用につながった" in client.get(reverse("case_referrals", args=[case.pk])).content.decode()


def test_it_writes_audit_rows_for_reading_referring_and_outcomes(client, directory, case, today):
    client.force_login(directory.worker_a)
    client.get(reverse("case_referrals", args=[case.pk]))
    referral = services.refer(user=directory.worker_a, case=case, service=_food_bank(), referred_on=today)
    services.record_referral_outcome(user=directory.worker_a, case=case, referral_id=referral.pk,
                                     outcome="not_used", outcome_on=today)
    rows = AccessLog.objects.filter(case_id=case.pk, what__contains="紹介")
    assert set(rows.values_list("action", flat=True)) == {"read", "create", "update"}


def test_it_shows_another_citys_worker_not_found(client, directory, case, today):
    client.force_login(directory.worker_b)
    assert client.get(reverse("case_referrals", args=[case.pk])).status_code == 404
    assert client.post(reverse("case_referrals", args=[case.pk]),
                       {"service": str(_food_bank().pk), "referred_on": today.isoformat()}).status_code == 404
    with pytest.raises(Http404):
        services.refer(user=directory.worker_b, case=case, service=_food_bank(), referred_on=today)
    assert not m.Referral.objects.exists()


def test_it_does_not_let_provider_staff_or_users_without_access_refer(client, directory, case, today):
    _hand_off(directory, case)
    # The provider sees the case through its hand-off, yet referring is the agency's work.
    assert policies.get_case_or_404(directory.prep_staff, case.pk)
    with pytest.raises(policies.NotPermitted):
        services.refer(user=directory.prep_staff, case=case, service=_food_bank(), referred_on=today)
    for user in (directory.prep_staff, directory.policy, directory.auditor):
        client.force_login(user)
        assert client.get(reverse("case_referrals", args=[case.pk])).status_code == 404
    # The body's administrator may read the referrals but not record one.
    client.force_login(directory.admin_a)
    assert client.get(reverse("case_referrals", args=[case.pk])).status_code == 200
    assert client.post(reverse("case_referrals", args=[case.pk]),
                       {"service": str(_food_bank().pk), "referred_on": today.isoformat()}).status_code == 403
    assert not m.Referral.objects.exists()


def test_it_links_to_referrals_from_the_case_page_for_agency_staff_only(client, directory, case):
    _hand_off(directory, case)
    link = reverse("case_referrals", args=[case.pk])
    client.force_login(directory.worker_a)
    assert link in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    client.force_login(directory.prep_staff)
    assert link not in client.get(reverse("case_detail", args=[case.pk])).content.decode()


def test_it_shows_referral_counts_on_the_service_page_and_no_names(client, directory, case, today):
    other = new_case(directory, family_name="佐藤", given_name="次郎", kana=("さとう", "じろう"))
    first = services.refer(user=directory.worker_a, case=case, service=_food_bank(), referred_on=today)
    services.refer(user=directory.worker_a, case=other, service=_food_bank(), referred_on=today)
    services.record_referral_outcome(user=directory.worker_a, case=case, referral_id=first.pk,
                                     outcome="used", outcome_on=today)
    client.force_login(directory.policy)
    response = client.get(reverse("directory_service", args=[_food_bank().pk]))
    [row] = response.context["referral_counts"]
    assert row["total"] == 2
    assert dict(row["by_outcome"]) == {"未確認": 1, "利用につながった": 1, "利用に至らず": 0, "不明": 0}
    page = response.content.decode()
    for personal in ("山田", "佐藤", case.case_number, other.case_number, "worker_a"):
        assert personal not in page


def test_it_leaves_referrals_out_of_the_hsds_round_trip(directory, case, today, tmp_path):
    call_command("export_hsds", str(tmp_path / "before"))
    services.refer(user=directory.worker_a, case=case, service=_food_bank(), referred_on=today)
    call_command("export_hsds", str(tmp_path / "after"))
    before = {p.name: p.read_text() for p in (tmp_path / "before").iterdir()}
    after = {p.name: p.read_text() for p in (tmp_path / "after").iterdir()}
    assert before == after
    call_command("import_hsds", str(tmp_path / "after"))
    call_command("export_hsds", str(tmp_path / "again"))
    assert {p.name: p.read_text() for p in (tmp_path / "again").iterdir()} == before
    assert m.Referral.objects.count() == 1
