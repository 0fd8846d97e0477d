"""Intention surveys (意向調査): drafting questions, sending to bodies, each body's answers, and sending
the results back to every body (publication)."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.core.errors import Conflict
from jiritsu.core.versioning import bump_version
from jiritsu.orgs.policies import staff_of

from .. import policies
from ..models import Answer, Question, Response, Survey

S = Survey.Status


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _require_status(survey: Survey, *allowed: str, message: str) -> None:
    if survey.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def save_survey(*, user, data: dict, bodies, survey: Survey | None = None,
                expected_version: int | None = None) -> Survey:
    policies.require_writer(user)
    creating = survey is None
    if creating:
        survey = Survey(created_by=user)
    else:
        survey = _locked(survey)
        bump_version(survey, expected_version)
        _require_status(survey, S.DRAFT, S.OPEN, message="結果を送付した調査は変更できません。")
    for name in ("title", "purpose", "due_on"):
        if name in data:
            setattr(survey, name, data[name])
    survey.full_clean()
    survey.save()
    _set_bodies(survey, list(bodies))
    log.record(user=user, action="create" if creating else "update", what=f"意向調査：{survey.title}")
    return survey


def _set_bodies(survey: Survey, bodies) -> None:
    kept = {b.pk for b in bodies}
    answered = survey.responses.exclude(body_id__in=kept).select_related("body").first()
    if answered is not None:
        raise ValidationError({"bodies": f"{answered.body.name}は既に回答しているため、送付先から外せません。"})
    survey.bodies.set(bodies)


@transaction.atomic
def add_question(*, user, survey: Survey, text: str, kind: str, choices: list[str]) -> Question:
    policies.require_writer(user)
    survey = _locked(survey)
    _require_status(survey, S.DRAFT, message="送付した後の調査には設問を追加できません。")
    choices = [c.strip() for c in choices if c.strip()]
    if kind == Question.Kind.CHOICE and len(set(choices)) < 2:
        raise ValidationError({"choices": "選択式の設問には、異なる選択肢を2つ以上入力してください。"})
    if kind == Question.Kind.CHOICE and len(set(choices)) != len(choices):
        raise ValidationError({"choices": "同じ選択肢が重複しています。"})
    if kind == Question.Kind.TEXT:
        choices = []
    number = (survey.questions.aggregate(n=Max("number"))["n"] or 0) + 1
    question = Question(survey=survey, number=number, text=text, kind=kind, choices=choices)
    question.full_clean()
    question.save()
    log.record(user=user, action="create", what=f"意向調査の設問：{survey.title} 問{number}")
    return question


@transaction.atomic
def remove_question(*, user, question: Question) -> None:
    policies.require_writer(user)
    survey = _locked(question.survey)
    _require_status(survey, S.DRAFT, message="送付した後の調査の設問は削除できません。")
    question.delete()
    log.record(user=user, action="delete", what=f"意向調査の設問の削除：{survey.title}")


@transaction.atomic
def send_survey(*, user, survey: Survey, sent_on: dt.date, expected_version: int | None) -> Survey:
    policies.require_writer(user)
    survey = _locked(survey)
    bump_version(survey, expected_version)
    _require_status(survey, S.DRAFT, message="この調査は既に送付しています。")
    if not survey.questions.exists():
        raise ValidationError("設問がありません。設問を追加してから送付してください。")
    if not survey.bodies.exists():
        raise ValidationError("送付先の自治体を選んでから送付してください。")
    survey.status, survey.sent_on = S.OPEN, sent_on
    survey.save(update_fields=["status", "sent_on"])
    log.record(user=user, action="update", what=f"意向調査の送付：{survey.title}")
    return survey


@transaction.atomic
def publish_results(*, user, survey: Survey, published_on: dt.date, expected_version: int | None) -> Survey:
    """Close answering and send the aggregate results back to every body."""
    policies.require_writer(user)
    survey = _locked(survey)
    bump_version(survey, expected_version)
    _require_status(survey, S.OPEN, message="回答受付中の調査だけ結果を送付できます。")
    if published_on < survey.sent_on:
        raise ValidationError({"published_on": "結果送付日は調査の送付日以降にしてください。"})
    survey.status, survey.published_on = S.PUBLISHED, published_on
    survey.save(update_fields=["status", "published_on"])
    log.record(user=user, action="update", what=f"意向調査の結果送付：{survey.title}")
    return survey


def _check_answers(questions, answers: dict) -> dict:
    errors, clean = {}, {}
    for q in questions:
        value = (answers.get(q.pk) or "").strip()
        if q.kind == Question.Kind.CHOICE and value not in q.choices:
            errors[f"q{q.pk}"] = "選択肢から選んでください。" if not value else "選択肢にない回答です。"
        clean[q.pk] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def submit_response(*, user, survey: Survey, answers: dict, expected_version: int | None = None) -> Response:
    """The user's body answers (or revises its answers); `answers` maps question id to text."""
    survey = _locked(survey)
    policies.require_answer(user, survey)
    body_id = policies.own_body_id(user)
    clean = _check_answers(list(survey.questions.all()), answers)
    response = Response.objects.select_for_update().filter(survey=survey, body_id=body_id).first()
    staff = staff_of(user)
    if response is None:
        if expected_version not in (None, 0):
            raise Conflict()
        response = Response(survey=survey, body_id=body_id)
    else:
        bump_version(response, expected_version)
    response.answered_by, response.answerer_name, response.answered_at = user, staff.display_name, timezone.now()
    response.save()
    for question_id, value in clean.items():
        Answer.objects.update_or_create(response=response, question_id=question_id, defaults={"value": value})
    log.record(user=user, action="update", what=f"意向調査への回答：{survey.title}", body_id=body_id)
    return response
