"""Reads of the outreach domain, already scoped by policies: follow-ups due, phases, survey results and
the per-body timeline."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from jiritsu.core.wareki import fiscal_year
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program
from jiritsu.programs.standing import implementing

from . import policies
from .models import Phase, PhaseRecord, Problem, Question, Survey

# The wide-area programs the seed's phases are about.
PHASE_PROGRAMS = list(HANDOFF_PROGRAMS)


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
