"""Reads of the outreach domain, already scoped by policies: follow-ups due, phases, survey results and
the per-body timeline."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404

from jiritsu.core.wareki import fiscal_year
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program
from jiritsu.programs.standing import implementing

from . import policies
from .models import Phase, PhaseRecord, Problem, Question, Survey

# The wide-area programs the seed's phases are about.
PHASE_PROGRAMS = list(HANDOFF_PROGRAMS)


# ---- bodies, visits and meetings ----

def bodies(*, user):
    """The bodies the user sees, in code order (the choices of the invitation and survey forms)."""
    return policies.visible_bodies(user).order_by("code")


def body_ids(*, user) -> list[int]:
    return list(policies.visible_bodies(user).values_list("pk", flat=True))


def bodies_overview(*, user):
    """The prefecture's overview: each body with its last visit and its open follow-ups."""
    return bodies(user=user).annotate(
        last_visit=Max("outreach_visits__visited_on"),
        open_follow_ups=Count("outreach_visits__follow_ups",
                              filter=Q(outreach_visits__follow_ups__done_on__isnull=True)))


def follow_ups_of(*, visit) -> list:
    return list(visit.follow_ups.all())


def meetings(*, user) -> list:
    return list(policies.visible_meetings(user).order_by("-held_on", "-pk"))


def upcoming_meetings(*, user, today: dt.date, limit: int = 5) -> list:
    return list(policies.visible_meetings(user).filter(held_on__gte=today).order_by("held_on")[:limit])


def meeting_rows(*, user, meeting) -> list:
    """The bodies' places at the meeting (invited, attended): all for the prefecture, a body its own only."""
    rows = meeting.bodies.select_related("body")
    if not policies.is_policy_staff(user):
        rows = rows.filter(body_id=policies.own_body_id(user))
    return list(rows)


def meeting_rows_by_body(*, meeting) -> dict:
    return {row.body_id: row for row in meeting.bodies.all()}


def invited_body_ids(*, meeting) -> list[int]:
    return [row.body_id for row in meeting.bodies.filter(invited=True)]


def meeting_materials(*, meeting) -> list:
    return list(meeting.materials.all())


def open_follow_ups_of(*, user, body) -> list:
    return list(open_follow_ups(user).filter(visit__body=body))


def open_follow_ups(user):
    return (policies.visible_follow_ups(user).filter(done_on__isnull=True)
            .select_related("visit__body").order_by("due_on", "pk"))


def overdue_follow_ups(user, today: dt.date):
    return open_follow_ups(user).filter(due_on__lt=today)


# ---- phases ----

def phase_fiscal_year(today: dt.date) -> tuple[int, bool]:
    """The year the phase view reads participation from: this fiscal year, or the latest one in which any body
    implemented a program when none does this year (then the second value is True, and the page says so).
    Who implements what is `programs.standing`'s one rule (records, then the 協定 in force)."""
    current = fiscal_year(today)
    latest = implementing().latest_year(current)
    return (latest, latest != current) if latest is not None else (current, False)


def phase_from_years(years: list[int], fy: int) -> str:
    """Not implemented in `fy` → 準備期; implemented for the first time in `fy` → 開始期; later → 支援期.
    `years`: the fiscal years the body implemented the program (standing.implementing)."""
    if fy not in years:
        return Phase.PREPARATION
    return Phase.START if min(years) >= fy else Phase.SUPPORT


@dataclass
class PhaseCell:
    body: object
    program: str
    phase: str
    recorded: PhaseRecord | None
    open_problems: int

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label

    @property
    def program_label(self) -> str:
        return Program(self.program).label


def phase_matrix(bodies, fy: int) -> list[tuple]:
    """(body, [PhaseCell per program]) for each body; three queries whatever the number of bodies."""
    bodies = list(bodies)
    ids = [b.pk for b in bodies]
    known = implementing(ids)
    recorded = {(r.body_id, r.program): r for r in PhaseRecord.objects.filter(body_id__in=ids)}
    problems = dict(((r["body_id"], r["program"]), r["n"]) for r in Problem.objects.filter(
        body_id__in=ids, resolved_on__isnull=True).values("body_id", "program").annotate(n=Count("pk")))
    return [(body, [phase_cell(body, p, fy, known.years_of(body.pk, p), recorded.get((body.pk, p)),
                               problems.get((body.pk, p), 0)) for p in PHASE_PROGRAMS])
            for body in bodies]


def phase_cell(body, program: str, fy: int, years, record, open_problems: int) -> PhaseCell:
    phase = record.phase if record else phase_from_years(years, fy)
    return PhaseCell(body, program, phase, record, open_problems)


def phase_for(body, program: str, fy: int) -> PhaseCell:
    years = implementing([body.pk]).years_of(body.pk, program)
    record = PhaseRecord.objects.filter(body=body, program=program).first()
    open_problems = Problem.objects.filter(body=body, program=program, resolved_on__isnull=True).count()
    return phase_cell(body, program, fy, years, record, open_problems)


# ---- surveys ----

@dataclass
class QuestionResult:
    question: Question
    counts: list  # (choice, count, percent) for choice questions
    texts: list  # (body name or "", text) for free-text questions


def problems_of(*, body, program: str) -> list[Problem]:
    return list(Problem.objects.filter(body=body, program=program).prefetch_related("responses")
                .order_by("resolved_on", "raised_on", "pk"))


def get_problem_or_404(*, user, pk) -> Problem:
    return get_object_or_404(Problem.objects.filter(body__in=policies.visible_bodies(user)), pk=pk)


# ---- surveys ----

def questions_of(*, survey: Survey) -> list[Question]:
    return list(survey.questions.all())


def get_question_or_404(*, survey: Survey, pk) -> Question:
    return get_object_or_404(survey.questions, pk=pk)


def survey_body_ids(*, survey: Survey) -> list[int]:
    return list(survey.bodies.values_list("pk", flat=True))


def sent_to(*, survey: Survey, body_id) -> bool:
    return survey.bodies.filter(pk=body_id).exists()


def tabulate(survey: Survey, *, with_bodies: bool) -> dict:
    """Answers per question: choice counts over the bodies that answered, and the free texts (named by
    body only for the prefecture, `with_bodies`)."""
    responses = list(survey.responses.select_related("body").prefetch_related("answers"))
    results = []
    for q in survey.questions.all():
        values = [(r.body.name, a.value) for r in responses for a in r.answers.all() if a.question_id == q.pk]
        counts = []
        if q.kind == Question.Kind.CHOICE:
            answered = len(values) or 1
            counts = [(c, n, round(100 * n / answered, 1))
                      for c in q.choices for n in [sum(1 for _, v in values if v == c)]]
        texts = [(name if with_bodies else "", v) for name, v in values if q.kind == Question.Kind.TEXT and v]
        results.append(QuestionResult(q, counts, texts))
    return {"questions": results, "answered": len(responses), "sent": survey.bodies.count()}


def answer_status(survey: Survey) -> list[dict]:
    """Each body the survey was sent to, and when (and by whom) it answered."""
    responses = {r.body_id: r for r in survey.responses.all()}
    return [{"body": b, "response": responses.get(b.pk)} for b in survey.bodies.order_by("code")]


def own_answers(survey: Survey, body_id: int) -> dict:
    response = survey.responses.filter(body_id=body_id).first()
    if response is None:
        return {"response": None, "values": {}}
    return {"response": response, "values": {a.question_id: a.value for a in response.answers.all()}}


def surveys_for_body_with_answer(user):
    """A body's surveys with whether it answered (one query)."""
    body_id = policies.own_body_id(user)
    return policies.visible_surveys(user).annotate(
        answered=Count("responses", filter=Q(responses__body_id=body_id), distinct=True))


def survey_list(*, user) -> list[Survey]:
    """The surveys page: newest due date first, with whether the user's body answered."""
    return list(surveys_for_body_with_answer(user).order_by("-due_on", "-pk"))
