"""The demo's relationship work: something to see on every outreach page, and written only once."""
from jiritsu.audit.models import AccessLog
from jiritsu.demo.organisations import build_accounts, build_organisations
from jiritsu.orgs.loader import load_prefecture
from jiritsu.outreach import selectors
from jiritsu.outreach.demo import load_demo_outreach
from jiritsu.outreach.models import (
    Answer,
    FollowUp,
    Meeting,
    MeetingBody,
    PhaseRecord,
    Problem,
    ProblemResponse,
    Response,
    Survey,
    Visit,
)

MODELS = (Visit, FollowUp, Meeting, MeetingBody, Survey, Response, Answer, PhaseRecord, Problem, ProblemResponse,
          AccessLog)


def _counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_it_loads_visits_a_meeting_a_survey_with_answers_and_phases_once(db, today):
    build_accounts(build_organisations(load_prefecture()))
    assert load_demo_outreach() == 4
    before = _counts()
    assert load_demo_outreach() == 0
    assert _counts() == before
    policy = Visit.objects.first().recorded_by
    assert selectors.overdue_follow_ups(policy, today).exists()
    survey = Survey.objects.get()
    assert survey.status == Survey.Status.OPEN and survey.responses.count() == 3
    assert MeetingBody.objects.filter(attended=True).count() == 3
    assert Problem.objects.filter(resolved_on__isnull=True).count() == 3 and ProblemResponse.objects.count() == 2
