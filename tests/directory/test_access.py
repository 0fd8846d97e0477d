"""Who reaches which directory page: the directory for all staff, the development log for the prefecture,
the placement NPO (writing) and agencies (reading), a case's referrals for the owning agency only."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_development, load_demo_directory
from tests.factories import new_case

ROLES = ["worker_a", "chief_a", "admin_a", "worker_b", "prep_staff", "shelter_staff", "policy", "auditor",
         "developer"]
# page -> roles that get 200; every other role gets the status in REFUSED.
ALLOWED = {
    "search": set(ROLES),
    "service": set(ROLES),
    "csv": set(ROLES),
    "log": {"worker_a", "chief_a", "worker_b", "policy", "developer"},
    "log_new": {"policy", "developer"},
    "log_edit": {"policy"},  # the record was written by the prefecture
    "referrals": {"worker_a", "chief_a", "admin_a"},
}
REFUSED = {"search": 404, "service": 404, "csv": 404, "log": 403, "log_new": 403, "log_edit": 403,
           "referrals": 404}


@pytest.fixture
def urls(world):
    load_demo_directory()
    load_demo_development()
    case = new_case(world)
    return {
        "search": reverse("directory_search"),
        "service": reverse("directory_service", args=[m.Service.objects.first().pk]),
        "csv": reverse("directory_csv"),
        "log": reverse("development_log"),
        "log_new": reverse("development_new"),
        "log_edit": reverse("development_edit",
                            args=[m.DevelopmentRecord.objects.filter(opened_by=world.policy.staff.organisation)
                                  .first().pk]),
        "referrals": reverse("case_referrals", args=[case.pk]),
    }


@pytest.mark.parametrize("page", list(ALLOWED))
def test_each_role_reaches_only_its_directory_pages(client, world, urls, page):
    for role in ROLES:
        client.force_login(getattr(world, role))
        expected = 200 if role in ALLOWED[page] else REFUSED[page]
        assert client.get(urls[page]).status_code == expected, (role, page)


def test_the_npo_cannot_correct_the_prefectures_record(client, world, urls):
    client.force_login(world.developer)
    assert client.post(urls["log_edit"], {"opened_on": "2025-01-01", "kind": "food", "partner_name": "x"}
                       ).status_code == 403


def test_signed_out_and_roleless_users_see_no_directory_page(client, world, urls):
    for url in urls.values():
        assert client.get(url).status_code == 302
    client.force_login(get_user_model().objects.create_user("nobody", password="x"))
    for page, url in urls.items():
        assert client.get(url).status_code in (403, 404), page


def test_the_menu_offers_the_development_log_to_those_who_may_read_it(client, world, urls):
    for role in ROLES:
        client.force_login(getattr(world, role))
        page = client.get(reverse("directory_search")).content.decode()
        assert (f'href="{urls["log"]}"' in page) == (role in ALLOWED["log"]), role
