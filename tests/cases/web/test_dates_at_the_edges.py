"""Dates at the edges: every date field takes 明治元年 to its sensible latest and refuses the rest at the field
in Japanese; a date stored before 明治 (by an older version, or by hand) never makes a page fail, and the
record can be put right through its form."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, Client, Meeting
from jiritsu.cases.worklists import SPECS
from tests.api.conftest import ApiCaller
from tests.cases.web.test_intake_edit import client_data, intake_data
from tests.factories import advance_case, new_case

PRE_MEIJI = dt.date(1024, 4, 1)


def new_case_form(received_on, birth_date=""):
    return {"family_name": "佐藤", "given_name": "一郎", "family_name_kana": "さとう", "given_name_kana": "いちろう",
            "birth_date": birth_date, "received_on": received_on, "route": "visit", "complaints": ["income"],
            "main_complaint": "income", "confirm_new_person": "1"}


def test_the_new_case_form_refuses_a_date_before_meiji_at_the_field_and_keeps_the_input(client, world):
    client.force_login(world.worker_a)
    response = client.post(reverse("case_new"), new_case_form("1024-04-01", birth_date="1800-01-01"))
    html = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert html.count("明治元年1月25日（1868年）以降の日付を入力してください。") == 2
    assert 'value="1024-04-01"' in html and 'value="1800-01-01"' in html


def test_the_new_case_form_takes_the_first_day_of_meiji_as_a_birth_date(client, world, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("case_new"), new_case_form(today.isoformat(), birth_date="明治元年1月25日"))
    assert response.status_code == 302
    assert Client.objects.get().birth_date == dt.date(1868, 1, 25)


def test_a_birth_date_in_the_future_is_refused_at_the_field(client, world, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("case_new"), new_case_form(today.isoformat(),
                                                              (today + dt.timedelta(days=1)).isoformat()))
    assert response.status_code == 200 and "生年月日に未来の日付は入力できません。" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("received_on", ["1024-04-01", "9999-12-31", "0001-01-01"])
def test_the_api_refuses_a_date_out_of_range_at_the_field(api, world, received_on):
    response = api.as_(world.worker_a).post("/api/cases", {
        "client": {"family_name": "佐藤", "given_name": "一郎"}, "confirm_new_person": True,
        "intake": {"received_on": received_on, "route": "visit", "complaints": ["income"], "main_complaint": "income"}})
    assert response.status_code == 422
    body = response.json()
    assert body["reason"] == "invalid" and list(body["errors"]) == ["intake.received_on"]
    assert "日付を入力してください" in body["errors"]["intake.received_on"][0]
    assert not Case.objects.exists()


def test_the_api_refuses_a_birth_date_before_meiji_on_a_patch(api, world):
    case = new_case(world)
    response = api.as_(world.worker_a).patch(f"/api/cases/{case.pk}/client", {
        "version": case.client.version, "birth_date": "1800-01-01"})
    assert response.status_code == 422 and "birth_date" in response.json()["errors"]
    case.client.refresh_from_db()
    assert case.client.birth_date != dt.date(1800, 1, 1)


@pytest.fixture
def api(client):
    return ApiCaller(client)


@pytest.fixture
def stored_before_meiji(world):
    """A case whose dates were stored before the fields refused them (an older version, or by hand)."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    Case.objects.filter(pk=case.pk).update(received_on=PRE_MEIJI, monitoring_due=PRE_MEIJI,
                                           evaluation_due=dt.date(1800, 1, 1))
    Client.objects.filter(pk=case.client_id).update(birth_date=dt.date(1000, 1, 1))
    Meeting.objects.update(held_on=dt.date(1800, 1, 1))
    case.refresh_from_db()
    return case


def test_a_date_stored_before_meiji_breaks_no_page(client, world, stored_before_meiji):
    case = stored_before_meiji
    client.force_login(world.worker_a)
    urls = [reverse("today"), reverse("case_search"), reverse("case_search") + "?q=山田",
            reverse("case_search_export"), reverse("print_caselist"), reverse("case_detail", args=[case.pk]),
            reverse("case_history", args=[case.pk]), reverse("meeting_list"),
            reverse("print_intake", args=[case.pk]), reverse("print_plan", args=[case.pk]),
            *[reverse("work_list", args=[spec.slug]) for spec in SPECS.values()]]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "1024年4月1日" in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    for user in (world.admin_a, world.chief_a):
        client.force_login(user)
        assert client.get(reverse("today")).status_code == 200
        assert client.get(reverse("meeting_list")).status_code == 200


def test_a_date_stored_before_meiji_breaks_no_api_answer(api, world, stored_before_meiji):
    caller = api.as_(world.worker_a)
    for url in ("/api/cases", f"/api/cases/{stored_before_meiji.pk}", "/api/meetings"):
        assert caller.get(url).status_code == 200, url


def test_a_date_stored_before_meiji_is_put_right_through_the_forms(client, world, stored_before_meiji):
    case = stored_before_meiji
    client.force_login(world.worker_a)
    page = client.get(reverse("case_intake_edit", args=[case.pk])).content.decode()
    assert 'value="1024-04-01"' in page
    response = client.post(reverse("case_intake_edit", args=[case.pk]), intake_data(case, received_on="R7.4.1"))
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.received_on == dt.date(2025, 4, 1)
    assert client.get(reverse("case_client_edit", args=[case.pk])).status_code == 200
    response = client.post(reverse("case_client_edit", args=[case.pk]), client_data(case))
    assert response.status_code == 302
    case.client.refresh_from_db()
    assert case.client.birth_date == dt.date(1985, 6, 1)
