"""JSON API for the prefecture's relationship work with the bodies (市町村への働きかけ): visits with their
follow-ups, meetings with the bodies' attendance and materials, surveys with their questions and answers.
Scoped as the pages (outreach.policies): the prefecture's policy staff see every body's records, a body's
own staff see their body's; nobody else (403). A record outside the caller's scope is 404. The only write a
body's staff make on the pages, answering a survey sent to their body, is here too (outreach.services)."""
import datetime as dt
from typing import Annotated

from django.urls import reverse
from ninja import Field, Router, Schema
from pydantic import StringConstraints

from jiritsu.cases.api import register_path_guard
from jiritsu.core.api_paging import PageMeta, page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS, RecordId

from . import policies, selectors
from .models import Survey
from .services import surveys as survey_services

router = Router(tags=["outreach"])
# A refused body (api.inputs) answers 404 first when the path names a survey outside the scope.
register_path_guard("survey_id", lambda request, pk: policies.get_survey_or_404(request.user, pk))


# ---------------------------------------------------------------- visits

class FollowUpOut(Schema):
    id: int
    action: str = Field(..., examples=["就労準備支援の事例集を送付"])
    due_on: dt.date
    done_on: dt.date | None
    note: str
    version: int


class VisitOut(Schema):
    id: int
    body_id: int
    body: str = Field(..., examples=["日立市"])
    visited_on: dt.date
    visitors: str = Field(..., description="訪問した県職員")
    met: str = Field(..., description="面会した方（氏名・役職）")
    topics: str
    requests: str = Field(..., description="県に求める支援")
    version: int
    follow_ups: list[FollowUpOut]


class VisitPage(PageMeta):
    items: list[VisitOut]


def _visit_out(v) -> dict:
    return {"id": v.pk, "body_id": v.body_id, "body": v.body.name, "visited_on": v.visited_on,
            "visitors": v.visitors, "met": v.met, "topics": v.topics, "requests": v.requests, "version": v.version,
            "follow_ups": [{"id": f.pk, "action": f.action, "due_on": f.due_on, "done_on": f.done_on,
                            "note": f.note, "version": f.version} for f in v.follow_ups.all()]}


@router.get("/outreach/visits", response={200: VisitPage, **ERRORS}, summary="自治体訪問の記録の一覧")
def list_visits(request, body_id: RecordId | None = None, page: int = page_param(), per_page: int = per_page_param()):
    """県の政策担当者は県内すべての自治体、自治体の職員は自分の自治体への訪問（画面「自治体の記録」と同じ範囲）。"""
    policies.require_use(request.user)
    visits = policies.visible_visits(request.user).select_related("body").prefetch_related("follow_ups")
    if body_id is not None:
        visits = visits.filter(body_id=body_id)
    meta, rows = paginate(request, visits.order_by("-visited_on", "-pk"), page, per_page)
    return {**meta, "items": [_visit_out(v) for v in rows]}


@router.get("/outreach/visits/{visit_id}", response={200: VisitOut, **ERRORS}, summary="自治体訪問の記録")
def visit_detail(request, visit_id: int):
    policies.require_use(request.user)
    return _visit_out(policies.get_visit_or_404(request.user, visit_id))


# ---------------------------------------------------------------- meetings

class MeetingBodyOut(Schema):
    body_id: int
    body: str
    invited: bool = Field(..., description="案内した")
    attended: bool = Field(..., description="出席")
    attendees: str = Field(..., description="出席者（氏名・役職）")


class MaterialOut(Schema):
    id: int
    title: str
    original_name: str
    size: int
    url: str = Field(..., examples=["/outreach/materials/3/"])


class MeetingOut(Schema):
    id: int
    kind: str = Field(..., examples=["study"])
    kind_label: str = Field(..., examples=["勉強会"])
    title: str = Field(..., examples=["第1回 広域実施検討会"])
    held_on: dt.date
    place: str
    agenda: str
    prefecture_attendees: str = Field(..., description="県の出席者")
    minutes: str = Field(..., description="議事録")
    version: int


class MeetingDetailOut(MeetingOut):
    bodies: list[MeetingBodyOut] = Field(..., description="案内・出席した自治体（自治体の職員には自分の自治体だけ）")
    materials: list[MaterialOut]


class MeetingPage(PageMeta):
    items: list[MeetingOut]


def _meeting_out(m) -> dict:
    return {"id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "title": m.title, "held_on": m.held_on,
            "place": m.place, "agenda": m.agenda, "prefecture_attendees": m.prefecture_attendees,
            "minutes": m.minutes, "version": m.version}


@router.get("/outreach/meetings", response={200: MeetingPage, **ERRORS}, summary="会議・勉強会の一覧")
def list_meetings(request, page: int = page_param(), per_page: int = per_page_param()):
    """県の政策担当者は県の会議すべて、自治体の職員は自分の自治体が案内された会議（画面「会議」と同じ）。"""
    policies.require_use(request.user)
    meetings = policies.visible_meetings(request.user).order_by("-held_on", "-pk")
    meta, rows = paginate(request, meetings, page, per_page)
    return {**meta, "items": [_meeting_out(m) for m in rows]}


@router.get("/outreach/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS}, summary="会議・勉強会")
def meeting_detail(request, meeting_id: int):
    policies.require_use(request.user)
    meeting = policies.get_meeting_or_404(request.user, meeting_id)
    rows = meeting.bodies.select_related("body").order_by("body__code")
    if not policies.is_policy_staff(request.user):
        rows = rows.filter(body_id=policies.own_body_id(request.user))  # a body sees its own place only
    return {**_meeting_out(meeting),
            "bodies": [{"body_id": r.body_id, "body": r.body.name, "invited": r.invited, "attended": r.attended,
                        "attendees": r.attendees} for r in rows],
            "materials": [{"id": a.pk, "title": a.title, "original_name": a.original_name, "size": a.size,
                           "url": reverse("outreach_material", args=[a.pk])} for a in meeting.materials.all()]}


# ---------------------------------------------------------------- surveys

class SurveyOut(Schema):
    id: int
    title: str = Field(..., examples=["任意事業広域実施意向調査"])
    purpose: str
    due_on: dt.date = Field(..., description="回答期限")
    status: str = Field(..., examples=["open"])
    status_label: str = Field(..., examples=["回答受付中"])
    sent_on: dt.date | None
    published_on: dt.date | None = Field(None, description="結果送付日")
    answered: bool = Field(..., description="自分の自治体が回答済み（県の政策担当者には常に false）")
    version: int


class SurveyPage(PageMeta):
    items: list[SurveyOut]


class QuestionOut(Schema):
    id: int
    number: int
    text: str
    kind: str = Field(..., examples=["choice"])
    choices: list[str]


class ChoiceCount(Schema):
    choice: str
    count: int
    percent: float


class TextAnswer(Schema):
    body: str = Field(..., description="回答した自治体（県の政策担当者にだけ。ほかは空）")
    text: str


class QuestionResultOut(Schema):
    question_id: int
    counts: list[ChoiceCount]
    texts: list[TextAnswer]


class ResultsOut(Schema):
    answered: int = Field(..., description="回答した自治体の数")
    sent: int = Field(..., description="送付した自治体の数")
    questions: list[QuestionResultOut]


class AnswerStatusOut(Schema):
    body_id: int
    body: str
    answered_at: dt.datetime | None
    answerer_name: str | None


class OwnAnswersOut(Schema):
    answered_at: dt.datetime | None
    answerer_name: str | None
    version: int = Field(..., description="回答の版（未回答は 0）。回答の送信に添えます")
    values: dict[str, str] = Field(..., description="設問の id → 回答")


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]
    may_answer: bool = Field(..., description="いま回答できる（送付先の自治体の職員、回答受付中）")
    own: OwnAnswersOut | None = Field(None, description="自分の自治体の回答（自治体の職員に）")
    status_rows: list[AnswerStatusOut] | None = Field(None, description="送付先ごとの回答状況（県の政策担当者に）")
    results: ResultsOut | None = Field(None, description="集計（県の政策担当者に。自治体には結果の送付後）")


def _survey_out(s, answered: bool) -> dict:
    return {"id": s.pk, "title": s.title, "purpose": s.purpose, "due_on": s.due_on, "status": s.status,
            "status_label": s.get_status_display(), "sent_on": s.sent_on, "published_on": s.published_on,
            "answered": answered, "version": s.version}


def _results_out(tab: dict) -> dict:
    return {"answered": tab["answered"], "sent": tab["sent"],
            "questions": [{"question_id": r.question.pk,
                           "counts": [{"choice": c, "count": n, "percent": p} for c, n, p in r.counts],
                           "texts": [{"body": name, "text": text} for name, text in r.texts]}
                          for r in tab["questions"]]}


def _survey_detail(user, survey: Survey) -> dict:
    questions = list(survey.questions.all())
    out = {**_survey_out(survey, False), "may_answer": policies.may_answer(user, survey),
           "questions": [{"id": q.pk, "number": q.number, "text": q.text, "kind": q.kind, "choices": list(q.choices)}
                         for q in questions]}
    if policies.sees_all_answers(user):
        out["status_rows"] = [
            {"body_id": row["body"].pk, "body": row["body"].name,
             "answered_at": row["response"].answered_at if row["response"] else None,
             "answerer_name": row["response"].answerer_name if row["response"] else None}
            for row in selectors.answer_status(survey)]
        out["results"] = _results_out(selectors.tabulate(survey, with_bodies=True))
        return out
    own = selectors.own_answers(survey, policies.own_body_id(user))
    response = own["response"]
    out["answered"] = response is not None
    out["own"] = {"answered_at": response.answered_at if response else None,
                  "answerer_name": response.answerer_name if response else None,
                  "version": response.version if response else 0,
                  "values": {str(k): v for k, v in own["values"].items()}}
    if survey.status == Survey.Status.PUBLISHED:
        out["results"] = _results_out(selectors.tabulate(survey, with_bodies=False))
    return out


@router.get("/outreach/surveys", response={200: SurveyPage, **ERRORS}, summary="意向調査の一覧")
def list_surveys(request, page: int = page_param(), per_page: int = per_page_param()):
    """県の政策担当者はすべて、自治体の職員は自分の自治体に送付された調査と結果が送付された調査（画面「意向調査」と同じ）。"""
    policies.require_use(request.user)
    surveys = selectors.surveys_for_body_with_answer(request.user).order_by("-due_on", "-pk")
    meta, rows = paginate(request, surveys, page, per_page)
    body_id = policies.own_body_id(request.user)
    return {**meta, "items": [_survey_out(s, bool(body_id and s.answered)) for s in rows]}


@router.get("/outreach/surveys/{survey_id}", response={200: SurveyDetailOut, **ERRORS}, summary="意向調査と回答")
def survey_detail(request, survey_id: int):
    """県の政策担当者には送付先ごとの回答状況と自治体名つきの集計、自治体の職員には自分の自治体の回答（結果の送付後は集計も）。"""
    policies.require_use(request.user)
    return _survey_detail(request.user, policies.get_survey_or_404(request.user, survey_id))


AnswerText = Annotated[str, StringConstraints(max_length=4000)]


class AnswersIn(Schema):
    answers: dict[int, AnswerText] = Field(..., description="設問の id → 回答（選択式は選択肢のどれか）",
                                           examples=[{"12": "参加したい", "13": "事例を紹介してほしい"}])
    version: int = Field(..., ge=0, le=2_147_483_647, description="読み込んだ回答の版（未回答なら 0）", examples=[0])


@router.post("/outreach/surveys/{survey_id}/answers", response={200: SurveyDetailOut, **ERRORS},
             summary="意向調査への回答（送付先の自治体の職員）")
def answer_survey(request, survey_id: int, payload: AnswersIn):
    """回答受付中の調査に、送付先の自治体の職員だけが回答（やり直し）できます（ほかは 403）。選択肢にない回答は 422、
    読み込んだ後にほかの職員が回答していれば 409（何も記録しません）。"""
    survey = policies.get_survey_or_404(request.user, survey_id)
    policies.require_answer(request.user, survey)
    survey_services.submit_response(user=request.user, survey=survey, answers=payload.answers,
                                    expected_version=payload.version)
    return _survey_detail(request.user, policies.get_survey_or_404(request.user, survey_id))
