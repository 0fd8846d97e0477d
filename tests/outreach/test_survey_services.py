"""Intention surveys: questions, sending, each body answers its own, publication closes answering."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiritsu.core.errors import Conflict
from jiritsu.outreach import selectors
from jiritsu.outreach.models import Question, Survey
from jiritsu.outreach.services import surveys
from tests.outreach.conftest import sent_survey


def test_it_needs_two_different_choices_for_a_choice_question(world):
    survey = surveys.save_survey(user=world.policy, bodies=[world.hitachi], data={
        "title": "調査", "due_on": dt.date(2025, 7, 31)})
    with pytest.raises(ValidationError) as exc:
        surveys.add_question(user=world.policy, survey=survey, text="意向", kind=Question.Kind.CHOICE,
                             choices=["はい", ""])
    assert "choices" in exc.value.message_dict


def test_it_refuses_to_send_a_survey_without_questions(world):
    survey = surveys.save_survey(user=world.policy, bodies=[world.hitachi], data={
        "title": "調査", "due_on": dt.date(2025, 7, 31)})
    with pytest.raises(ValidationError):
        surveys.send_survey(user=world.policy, survey=survey, sent_on=dt.date(2025, 7, 1), expected_version=1)


def test_it_stores_a_bodys_answers_under_its_own_body(world):
    survey, q1, q2 = sent_survey(world)
    response = surveys.submit_response(user=world.worker_a, survey=survey, answers={q1.pk: "参加したい",
                                                                                    q2.pk: "事例"})
    assert response.body == world.hitachi and response.answerer_name == "日立 相談員"
    assert selectors.own_answers(survey, world.hitachi.pk)["values"] == {q1.pk: "参加したい", q2.pk: "事例"}


def test_it_refuses_a_choice_that_is_not_offered(world):
    survey, q1, q2 = sent_survey(world)
    with pytest.raises(ValidationError) as exc:
        surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "わからない", q2.pk: ""})
    assert f"q{q1.pk}" in exc.value.message_dict


def test_it_refuses_answers_from_a_body_the_survey_was_not_sent_to(world):
    survey, q1, q2 = sent_survey(world, bodies=[world.tsuchiura])
    with pytest.raises(PermissionDenied):
        surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "検討中"})


def test_it_refuses_answers_from_the_prefecture_and_providers(world):
    survey, q1, _ = sent_survey(world)
    for user in (world.policy, world.prep_staff):
        with pytest.raises(PermissionDenied):
            surveys.submit_response(user=user, survey=survey, answers={q1.pk: "検討中"})


def test_it_lets_a_body_revise_its_answers_but_not_over_a_colleagues_newer_ones(world):
    survey, q1, q2 = sent_survey(world)
    first = surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "検討中"})
    surveys.submit_response(user=world.worker_a, survey=survey, answers={q1.pk: "参加したい"},
                            expected_version=first.version)
    with pytest.raises(Conflict):
        surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "参加しない"},
                                expected_version=first.version)
    assert selectors.own_answers(survey, world.hitachi.pk)["values"][q1.pk] == "参加したい"


def test_it_closes_answering_once_the_results_are_published(world):
    survey, q1, _ = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "検討中"})
    survey = surveys.publish_results(user=world.policy, survey=survey, published_on=dt.date(2025, 8, 5),
                                     expected_version=survey.version)
    assert survey.status == Survey.Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        surveys.submit_response(user=world.worker_b, survey=survey, answers={q1.pk: "検討中"})


def test_it_tabulates_choices_over_the_bodies_that_answered(world):
    survey, q1, q2 = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "参加したい", q2.pk: "研修"})
    surveys.submit_response(user=world.worker_b, survey=survey, answers={q1.pk: "検討中", q2.pk: ""})
    named = selectors.tabulate(survey, with_bodies=True)
    assert named["answered"] == 2 and named["sent"] == 2
    assert named["questions"][0].counts == [("参加したい", 1, 50.0), ("検討中", 1, 50.0), ("参加しない", 0, 0.0)]
    assert named["questions"][1].texts == [("日立市", "研修")]
    assert selectors.tabulate(survey, with_bodies=False)["questions"][1].texts == [("", "研修")]


def test_it_keeps_a_body_that_answered_among_the_recipients(world):
    survey, q1, _ = sent_survey(world)
    surveys.submit_response(user=world.admin_a, survey=survey, answers={q1.pk: "検討中"})
    with pytest.raises(ValidationError) as exc:
        surveys.save_survey(user=world.policy, survey=survey, bodies=[world.tsuchiura], data={},
                            expected_version=survey.version)
    assert "日立市" in exc.value.message_dict["bodies"][0]
