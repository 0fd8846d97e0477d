"""Intention surveys: the prefecture drafts, sends and tabulates; each body answers its own; once the
results are published every body sees the aggregate (never another body's own answers)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import policies, selectors
from ..forms import AnswerForm, DateActionForm, QuestionForm, SurveyForm
from ..models import Survey
from ..services import surveys as services
from .common import save_or_render, versioned


def survey_list(request):
    policies.require_use(request.user)
    return render(request, "outreach/survey_list.html", {
        "surveys": selectors.survey_list(user=request.user),
        "can_write": policies.is_policy_staff(request.user),
    })


def _detail_context(request, survey: Survey) -> dict:
    user = request.user
    context = {"survey": survey, "questions": selectors.questions_of(survey=survey), "today": timezone.localdate()}
    if policies.sees_all_answers(user):
        context.update(can_write=True, status_rows=selectors.answer_status(survey),
                       results=selectors.tabulate(survey, with_bodies=True),
                       question_form=QuestionForm(), action_form=DateActionForm(initial={
                           "on": timezone.localdate(), **versioned(survey)}))
        return context
    body_id = policies.own_body_id(user)
    own = selectors.own_answers(survey, body_id)
    context.update(own=own, own_rows=[(q, own["values"].get(q.pk, "")) for q in context["questions"]],
                   may_answer=policies.may_answer(user, survey), sent_to_me=selectors.sent_to(survey=survey, body_id=body_id))
    if survey.status == Survey.Status.PUBLISHED:
        context["results"] = selectors.tabulate(survey, with_bodies=False)
    return context


def survey_detail(request, pk):
    policies.require_use(request.user)
    survey = policies.get_survey_or_404(request.user, pk)
    return render(request, "outreach/survey_detail.html", _detail_context(request, survey))


def _survey_form(request, data=None, initial=None):
    form = SurveyForm(data, initial=initial)
    form.fields["bodies"].queryset = selectors.bodies(user=request.user)
    return form


def survey_edit(request, pk=None):
    policies.require_writer(request.user)
    survey = policies.get_survey_or_404(request.user, pk) if pk else None
    context = {"survey": survey}
    if request.method != "POST":
        if survey:
            initial = {**model_to_dict(survey, exclude=["bodies"]), **versioned(survey),
                       "bodies": selectors.survey_body_ids(survey=survey)}
        else:
            initial = {"bodies": selectors.body_ids(user=request.user)}
        return render(request, "outreach/survey_form.html", {**context, "form": _survey_form(request, initial=initial)})

    def save(data, version):
        bodies = data.pop("bodies")
        return services.save_survey(user=request.user, data=data, bodies=bodies, survey=survey,
                                    expected_version=version if survey else None)

    saved, page = save_or_render(request, _survey_form(request, request.POST), save, "outreach/survey_form.html",
                                 context, "調査を保存しました。")
    return redirect("outreach_survey", saved.pk) if saved else page


@require_POST
def question_new(request, pk):
    policies.require_writer(request.user)
    survey = policies.get_survey_or_404(request.user, pk)
    saved, page = save_or_render(request, QuestionForm(request.POST), lambda data, _v: services.add_question(
        user=request.user, survey=survey, **data), "outreach/survey_detail.html",
        {**_detail_context(request, survey)}, "設問を追加しました。", form_name="question_form")
    return redirect("outreach_survey", survey.pk) if saved else page


@require_POST
def question_delete(request, pk, question_pk):
    policies.require_writer(request.user)
    survey = policies.get_survey_or_404(request.user, pk)
    question = selectors.get_question_or_404(survey=survey, pk=question_pk)
    try:
        services.remove_question(user=request.user, question=question)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "設問を削除しました。")
    return redirect("outreach_survey", survey.pk)


def _status_change(request, pk, change, done: str):
    """Send the survey, or its results, on the date given (a version-checked status change)."""
    policies.require_writer(request.user)
    survey = policies.get_survey_or_404(request.user, pk)
    saved, page = save_or_render(request, DateActionForm(request.POST), lambda data, version: change(
        survey, data["on"], version), "outreach/survey_detail.html", _detail_context(request, survey), done,
        form_name="action_form")
    return redirect("outreach_survey", survey.pk) if saved else page


@require_POST
def survey_send(request, pk):
    return _status_change(request, pk, lambda survey, on, version: services.send_survey(
        user=request.user, survey=survey, sent_on=on, expected_version=version), "調査を送付しました。")


@require_POST
def survey_publish(request, pk):
    return _status_change(request, pk, lambda survey, on, version: services.publish_results(
        user=request.user, survey=survey, published_on=on, expected_version=version), "結果を各自治体に送付しました。")


def survey_answer(request, pk):
    survey = policies.get_survey_or_404(request.user, pk)
    policies.require_answer(request.user, survey)
    questions = selectors.questions_of(survey=survey)
    own = selectors.own_answers(survey, policies.own_body_id(request.user))
    context = {"survey": survey}
    if request.method != "POST":
        initial = {f"q{qid}": v for qid, v in own["values"].items()}
        initial["version"] = own["response"].version if own["response"] else 0
        return render(request, "outreach/survey_answer.html",
                      {**context, "form": AnswerForm(initial=initial, questions=questions)})
    form = AnswerForm(request.POST, questions=questions)
    saved, page = save_or_render(request, form, lambda _data, version: services.submit_response(
        user=request.user, survey=survey, answers=form.answers(), expected_version=version),
        "outreach/survey_answer.html", context, "回答を送信しました。")
    return redirect("outreach_survey", survey.pk) if saved else page

