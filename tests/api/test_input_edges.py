"""Input at the edges through the API: control characters refused at the field (a NUL used to be stored on
SQLite and to fail on PostgreSQL), ids and page numbers that name nothing answered 404 or 422, never 500."""
import datetime as dt

import pytest

from jiritsu.cases.choices import Status
from jiritsu.cases.models import ProgressRecord
from jiritsu.core.text import CONTROL_MESSAGE
from tests.factories import advance_case, new_case


@pytest.mark.parametrize("text", ["a\x00b", "ベル\x07", "\x1b[31m赤", "削除\x7f", "\ud800"])
def test_a_control_character_in_a_text_is_refused_at_the_field_and_nothing_is_stored(api, world, text):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    response = api.as_(world.worker_a).post(f"/api/cases/{case.pk}/progress", {
        "occurred_on": (case.received_on + dt.timedelta(days=40)).isoformat(), "kind": "interview", "text": text})
    assert response.status_code == 422
    assert response.json()["errors"] == {"text": [CONTROL_MESSAGE]}
    assert not ProgressRecord.objects.exists()


def test_tabs_and_line_breaks_are_kept(api, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    response = api.as_(world.worker_a).post(f"/api/cases/{case.pk}/progress", {
        "occurred_on": (case.received_on + dt.timedelta(days=40)).isoformat(), "kind": "interview",
        "text": "面談\t1回目\r\n次回は来週"})
    assert response.status_code == 201
    assert ProgressRecord.objects.get().text == "面談\t1回目\r\n次回は来週"


def test_a_control_character_deep_in_a_body_is_named_by_its_path(api, world):
    response = api.as_(world.worker_a).post("/api/cases", {
        "client": {"family_name": "山\x00田", "given_name": "花子"}, "confirm_new_person": True,
        "intake": {"received_on": "R7.4.1", "route": "visit", "complaints": ["income"], "main_complaint": "income",
                   "consultation_note": "\x01"}})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"client.family_name", "intake.consultation_note"}


def test_a_nul_in_a_search_is_refused_not_sent_to_the_database(api, world):
    new_case(world)
    response = api.as_(world.worker_a).get("/api/cases", q="山田\x00")
    assert response.status_code == 422 and response.json()["errors"] == {"q": [CONTROL_MESSAGE]}


def test_an_outsider_sending_a_nul_learns_nothing_about_the_case(api, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    response = api.as_(world.worker_b).post(f"/api/cases/{case.pk}/progress", {
        "occurred_on": "R7.4.1", "kind": "interview", "text": "\x00"})
    assert response.status_code == 404 and response.json()["reason"] == "not_found"


@pytest.mark.parametrize("url", ["/api/plans/AAA", "/api/plans/-1", "/api/plans/0", "/api/plans/1e3",
                                 "/api/plans/99999999999999999999", "/api/meetings/99999999999999999999"])
def test_an_id_that_names_nothing_is_not_found(api, world, url):
    response = api.as_(world.worker_a).patch(url, {"version": 1})
    assert response.status_code in (404, 422) and response.json()["reason"] in ("not_found", "invalid")


@pytest.mark.parametrize("url", ["/api/cases/99999999999999999999", "/api/cases/99999999999999999999/progress",
                                 "/api/shelter/stays/99999999999999999999"])
def test_an_id_past_any_integer_is_not_found(api, world, url):
    response = api.as_(world.worker_a).get(url)
    assert response.status_code == 404 and response.json()["reason"] == "not_found"


@pytest.mark.parametrize("page", ["99999999999999999999", "100001", "0", "-1", "abc"])
def test_a_page_number_out_of_range_is_refused_at_the_field(api, world, page):
    for url in ("/api/cases", "/api/meetings"):
        response = api.as_(world.worker_a).get(url, page=page)
        assert response.status_code == 422 and list(response.json()["errors"]) == ["page"], (url, page)
