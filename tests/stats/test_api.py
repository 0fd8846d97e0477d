"""The statistics API answers the figures of the survey page and `jiritsu report monthly`, the comparison, and
the publication figures (suppressed as the publication CSV), to the same readers."""
import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

from jiritsu.programs.catalog import PlanService
from tests.api.conftest import ApiCaller

from . import builders as b
from .test_public_figures import at, read_csv, year_of_cases  # noqa: F401 (fixture)


@pytest.fixture
def api(client):
    return ApiCaller(client)


@pytest.fixture
def data(world):
    c = b.case("08202", dt.date(2024, 4, 3))
    b.plan(c, 1, dt.date(2024, 5, 7), services=[PlanService.WORK_TRAINING], work_support_target=True)
    b.outcome(c, "employed", dt.date(2024, 6, 1))
    b.case("08203", dt.date(2024, 4, 5))
    return c


def test_the_survey_answers_the_rows_the_cli_prints(api, world, data):
    out = io.StringIO()
    call_command("report_monthly", "--unit", "08202", "--from", "2024-04", "--to", "2024-06", stdout=out)
    printed = list(csv.reader(io.StringIO(out.getvalue())))
    response = api.as_(world.worker_a).get("/api/stats/survey", unit="08202", first="2024-04", last="2024-06")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [body["header"], *[[str(c) for c in row["cells"]] for row in body["rows"]]] == printed
    assert body["rows"][-1]["label"] == "合計" and body["rows"][-1]["counts"]["new"] == 1
    assert body["rows"][-1]["counts"]["service:work_training"] == 1


def test_a_body_reads_only_its_own_unit_and_the_prefecture_every_unit(api, world, data):
    worker = api.as_(world.worker_a)
    assert worker.get("/api/stats/survey", unit="08203", first="2024-04", last="2024-06").status_code == 404
    assert worker.get("/api/stats/survey", unit="08", first="2024-04", last="2024-06").status_code == 404
    policy = api.as_(world.policy)
    for unit in ("08", "08202", "08203"):
        assert policy.get("/api/stats/survey", unit=unit, first="2024-04", last="2024-06").status_code == 200
    refused = api.as_(world.prep_staff).get("/api/stats/survey", unit="08202", first="2024-04", last="2024-06")
    assert refused.status_code == 403 and refused.json()["reason"] == "not_permitted"


def test_bad_months_are_refused_at_their_fields(api, world, data):
    caller = api.as_(world.worker_a)
    response = caller.get("/api/stats/survey", unit="08202", first="2024-13", last="2024-06")
    assert response.status_code == 422 and list(response.json()["errors"]) == ["first"]
    backwards = caller.get("/api/stats/survey", unit="08202", first="2024-06", last="2024-04")
    assert backwards.status_code == 422 and list(backwards.json()["errors"]) == ["last"]


def test_the_comparison_has_every_body_of_the_prefecture_with_counts_only(api, world, data):
    body = api.as_(world.worker_a).get("/api/stats/comparison", first="2024-04", last="2024-06").json()
    rows = {r["body_code"]: r for r in body["rows"]}
    assert rows["08202"]["counts"]["new"] == 1 and rows["08203"]["counts"]["new"] == 1
    assert rows["08202"]["funnel"]["received"] == 1 and set(body["targets"]) == {"new", "plans", "work_support"}
    assert "内訳" not in str(body) and data.client.family_name not in str(body)
    assert api.as_(world.auditor).get("/api/stats/comparison", first="2024-04", last="2024-06").status_code == 403
    # The prefecture compares the published, suppressed figures only (as its comparison page does).
    assert api.as_(world.policy).get("/api/stats/comparison", first="2024-04", last="2024-06").status_code == 403


def test_the_public_figures_are_the_publication_csvs_suppressed_cells(api, client, world, year_of_cases):  # noqa: F811
    with at(dt.date(2025, 4, 10)):
        answer = api.as_(world.policy).get("/api/stats/public", period="FY2024")
        client.force_login(world.policy)
        printed = read_csv(client.get("/stats/public.csv?period=FY2024"))
    assert answer.status_code == 200, answer.json()
    rows = [[t["label"], *[str(c) for c in row]] for t in answer.json()["tables"] for row in t["rows"]]
    assert rows == printed[1:]
    assert any("*" in row for row in rows)
    with at(dt.date(2024, 11, 15)):
        early = api.as_(world.policy).get("/api/stats/public", period="2024-11")
    assert early.status_code == 422 and list(early.json()["errors"]) == ["period"]
