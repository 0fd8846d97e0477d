"""The page where the prefecture's policy staff publish the directory through the HSDS API or withdraw it:
current state, what becomes visible, a confirmed form, an audit row; other staff see neither control nor link."""
import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_directory
from jiritsu.directory.models import Publication

URL = "/directory/publication"


@pytest.fixture
def directory(world):
    load_demo_directory()
    return world


def test_the_policy_staff_publish_the_directory_after_confirming_and_it_is_audited(client, directory):
    client.force_login(directory.policy)
    page = client.get(reverse("directory_publication")).content.decode()
    assert "非公開" in page and f"{m.Service.objects.count()}件" in page and "/hsds/services" in page
    unconfirmed = client.post(reverse("directory_publication"), {"public": "1", "version": "1"})
    assert unconfirmed.status_code == 200 and "チェックを入れてください" in unconfirmed.content.decode()
    assert not Publication.objects.filter(public=True).exists()
    client.logout()
    assert client.get("/hsds/services").status_code == 401
    client.force_login(directory.policy)
    done = client.post(reverse("directory_publication"), {"public": "1", "confirm": "on", "version": "1"})
    assert done.status_code == 302
    row = Publication.objects.get()
    assert row.public and row.updated_by == directory.policy
    assert AccessLog.objects.filter(user=directory.policy, action="update", what__contains="公開").exists()
    assert "公開中" in client.get(reverse("directory_publication")).content.decode()
    client.logout()
    assert client.get("/hsds/services").status_code == 200  # anyone now


def test_a_stale_form_does_not_overwrite_a_newer_choice(client, directory):
    client.force_login(directory.policy)
    client.post(reverse("directory_publication"), {"public": "1", "confirm": "on", "version": "1"})
    stale = client.post(reverse("directory_publication"), {"public": "0", "confirm": "on", "version": "1"})
    assert stale.status_code == 409 and Publication.objects.get().public
    withdrawn = client.post(reverse("directory_publication"), {"public": "0", "confirm": "on", "version": "2"})
    assert withdrawn.status_code == 302 and not Publication.objects.get().public
    client.logout()
    assert client.get("/hsds/services").status_code == 401


@pytest.mark.parametrize("data", [{"public": "maybe", "confirm": "on"}, {"public": "1", "confirm": "on",
                                                                          "version": "x\x00"}, {}])
def test_bad_input_is_refused_at_the_field_with_nothing_saved(client, directory, data):
    client.force_login(directory.policy)
    response = client.post(reverse("directory_publication"), data)
    assert response.status_code == 200 and "入力内容を確認してください" in response.content.decode()
    assert not Publication.objects.exists()


def test_other_staff_get_neither_the_control_nor_the_link(client, directory):
    client.force_login(directory.policy)
    assert URL in client.get(reverse("directory_search")).content.decode()
    for user in (directory.worker_a, directory.admin_a):
        client.force_login(user)
        search = client.get(reverse("directory_search")).content.decode()
        assert "非公開" in search and URL not in search
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"public": "1", "confirm": "on", "version": "1"}).status_code == 403
    assert not Publication.objects.exists()
