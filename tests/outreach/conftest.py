"""Outreach fixtures: the world of tests/factories plus a 土浦 body administrator and a sent survey."""
import datetime as dt

import pytest

from jiritsu.orgs.models import Organisation, Role
from jiritsu.outreach.models import Question
from jiritsu.outreach.services import surveys, visits
from tests.factories import make_user


@pytest.fixture
def admin_b(world):
    office = Organisation.objects.create(prefecture=world.pref, kind=Organisation.Kind.BODY_OFFICE,
                                         body=world.tsuchiura, name="土浦市 社会福祉課")
    return make_user("admin_b", office, Role.BODY_ADMIN, name="土浦 担当")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def visit_to(world, body=None, on=None, **data):
    on = on or dt.date(2025, 5, 12)
    return visits.save_visit(user=world.policy, body=body or world.hitachi, data={
        "visited_on": on, "visitors": "課長、担当", "met": "社会福祉課長 日立一郎", "topics": "就労準備支援の利用",
        "requests": "事例を紹介してほしい", **data})


def sent_survey(world, bodies=None):
    survey = surveys.save_survey(user=world.policy, bodies=bodies or [world.hitachi, world.tsuchiura], data={
        "title": "広域実施意向調査", "purpose": "", "due_on": dt.date(2025, 7, 31)})
    q1 = surveys.add_question(user=world.policy, survey=survey, text="参加の意向", kind=Question.Kind.CHOICE,
                              choices=["参加したい", "検討中", "参加しない"])
    q2 = surveys.add_question(user=world.policy, survey=survey, text="県に求める支援", kind=Question.Kind.TEXT,
                              choices=[])
    survey = surveys.send_survey(user=world.policy, survey=survey, sent_on=dt.date(2025, 7, 1),
                                 expected_version=survey.version)
    return survey, q1, q2
