"""The lists do not cost a query per row: the same number of queries with one record or many."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiritsu.outreach.models import Meeting
from jiritsu.outreach.services import meetings, phases, surveys, visits
from tests.outreach.conftest import sent_survey, visit_to


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _more(world, survey, q1, n):
    for i in range(n):
        visit = visit_to(world, on=dt.date(2025, 5, 1 + i))
        visits.add_follow_up(user=world.policy, visit=visit, action=f"対応{i}", due_on=dt.date(2025, 5, 2 + i))
        meetings.save_meeting(user=world.policy, invited=[world.hitachi, world.tsuchiura], data={
            "kind": Meeting.Kind.STUDY, "title": f"勉強会{i}", "held_on": dt.date(2025, 6, 1 + i), "agenda": "x"})
        phases.add_problem(user=world.policy, body=world.hitachi, program="employment_prep", phase="start",
                           text=f"課題{i}", raised_on=dt.date(2025, 5, 1))


def test_it_reads_the_outreach_pages_in_a_fixed_number_of_queries(client, world, admin_b):
    survey, q1, q2 = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "検討中"})
    _more(world, survey, q1, 1)
    client.force_login(world.policy)
    urls = ["/outreach/", "/outreach/phases/", f"/outreach/bodies/{world.hitachi.pk}/", "/outreach/meetings/",
            f"/outreach/surveys/{survey.pk}/", "/outreach/follow-ups/overdue/"]
    before = {url: _queries(client, url) for url in urls}
    _more(world, survey, q1, 4)
    surveys.submit_response(user=admin_b, survey=survey, answers={q1.pk: "参加したい"})
    after = {url: _queries(client, url) for url in urls}
    assert after == before
