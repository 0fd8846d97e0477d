"""The demo's relationship work: something to see on every outreach page, and written only once."""
from jiritsu.audit.models import AccessLog
from jiritsu.demo.organisations import build_accounts, build_organisations
from jiritsu.orgs.loader import load_prefecture
from jiritsu.outreach import selectors
from jiritsu.outreach.demo import load_demo_outreach
from jiritsu.outreach.models import (
    Answer,
    FollowUp,
    Material,
    Meeting,
    MeetingBody,
    PhaseRecord,
    Problem,
    ProblemResponse,
    Response,
    Survey,
    Visit,
)

MODELS = (Visit, FollowUp, Meeting, MeetingBody, Material, Survey, Response, Answer, PhaseRecord, Problem, ProblemResponse,
          AccessLog)


def _counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_it_loads_visits_a_meeting_a_survey_with_answers_and_phases_once(db, media, today):
    build_accounts(build_organisations(load_prefecture()))
    assert load_demo_outreach() == 4
    before = _counts()
    assert load_demo_outreach() == 0
    assert _counts() == before
    policy = Visit.objects.first().recorded_by
    assert selectors.overdue_follow_ups(policy, today).exists()
    survey = Survey.objects.get()
    assert survey.status == Survey.Status.OPEN and survey.responses.count() == 3
    assert MeetingBody.objects.filter(attended=True, meeting__kind=Meeting.Kind.OPERATIONS).count() == 3
    assert Problem.objects.filter(resolved_on__isnull=True).count() == 3 and ProblemResponse.objects.count() == 2


def test_it_holds_a_study_meeting_for_every_body_and_a_study_tour_with_their_handouts(db, media, today):
    build_accounts(build_organisations(load_prefecture()))
    load_demo_outreach()
    study = Meeting.objects.get(kind=Meeting.Kind.STUDY)
    assert study.held_on < today and study.bodies.filter(invited=True).count() == 33
    assert 0 < study.bodies.filter(attended=True).count() < 33
    tour = Meeting.objects.get(kind=Meeting.Kind.STUDY_TOUR)
    assert tour.held_on < today and tour.minutes and tour.get_kind_display() == "先進地視察"
    for meeting in (study, tour):
        assert meeting.materials.exists()
        for material in meeting.materials.all():
            assert (media / material.file.name).read_text(encoding="utf-8").startswith(("任意事業", "就労準備", "先進地"))
