"""One body's relationship history in date order: visits, follow-ups, meetings, surveys, phases and
problems, and the changes to its programs' participation (from the participation table's history)."""
import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from jiritsu.core.wareki import format_fiscal_year, format_wareki
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Method, Participation

from .models import FollowUp, MeetingBody, PhaseRecord, Problem, ProblemResponse, Response, Survey, Visit


@dataclass
class Event:
    on: dt.date
    kind: str
    text: str
    url: str = ""


def _visits(body):
    for v in Visit.objects.filter(body=body):
        yield Event(v.visited_on, "訪問", f"{v.visitors}：{v.topics.splitlines()[0] if v.topics else ''}",
                    reverse("outreach_visit", args=[v.pk]))


def _follow_ups(body):
    for f in FollowUp.objects.filter(visit__body=body).select_related("visit"):
        url = reverse("outreach_visit", args=[f.visit_id])
        yield Event(f.visit.visited_on, "訪問後の対応", f"{f.action}（期限 {format_wareki(f.due_on)}）", url)
        if f.done_on:
            yield Event(f.done_on, "対応完了", f.action, url)


def _meetings(body):
    for row in MeetingBody.objects.filter(body=body).select_related("meeting"):
        m = row.meeting
        role = "出席" if row.attended else "案内（欠席）" if m.held_on < timezone.localdate() else "案内"
        who = f"（{row.attendees}）" if row.attendees else ""
        yield Event(m.held_on, m.get_kind_display(), f"{m.title}：{role}{who}", reverse("outreach_meeting", args=[m.pk]))


def _surveys(body):
    for s in Survey.objects.filter(bodies=body).exclude(status=Survey.Status.DRAFT):
        url = reverse("outreach_survey", args=[s.pk])
        yield Event(s.sent_on, "意向調査の送付", s.title, url)
        if s.published_on:
            yield Event(s.published_on, "意向調査の結果送付", s.title, url)
    for r in Response.objects.filter(body=body).select_related("survey"):
        yield Event(timezone.localtime(r.answered_at).date(), "意向調査に回答",
                    f"{r.survey.title}（{r.answerer_name}）", reverse("outreach_survey", args=[r.survey_id]))


def _phases(body):
    for rec in PhaseRecord.objects.filter(body=body):
        yield Event(rec.recorded_on, "段階の記録", f"{rec.get_program_display()}：{rec.get_phase_display()}",
                    reverse("outreach_phase", args=[body.pk, rec.program]))
    for p in Problem.objects.filter(body=body):
        url = reverse("outreach_phase", args=[body.pk, p.program])
        yield Event(p.raised_on, "課題", f"{p.get_program_display()}（{p.get_phase_display()}）：{p.text}", url)
        if p.resolved_on:
            yield Event(p.resolved_on, "課題の解決", p.text, url)
    for r in ProblemResponse.objects.filter(problem__body=body).select_related("problem"):
        yield Event(r.taken_on, "課題への対応", f"{r.text}（課題：{r.problem.text}）",
                    reverse("outreach_phase", args=[body.pk, r.problem.program]))


HISTORY_VERBS = {"+": "登録", "~": "変更", "-": "取消"}


def _participation(body):
    """One event per day, kind of change, program and method (an import touches many years at once)."""
    groups: dict[tuple, list[int]] = {}
    for h in Participation.history.filter(body_id=body.pk).order_by("history_date", "fiscal_year"):
        key = (timezone.localtime(h.history_date).date(), h.history_type, h.program, h.method)
        groups.setdefault(key, []).append(h.fiscal_year)
    for (on, change, program, method), years in groups.items():
        label = Program(program).label if program in Program.values else program
        how = Method(method).label if method in Method.values else method
        yield Event(on, f"実施状況の{HISTORY_VERBS.get(change, '変更')}",
                    f"{label}（{how}）：{'、'.join(format_fiscal_year(fy) for fy in sorted(set(years)))}")


def body_timeline(body) -> list[Event]:
    """Newest first; events of the same day keep the order of their kinds above."""
    events = [e for source in (_visits, _follow_ups, _meetings, _surveys, _phases, _participation)
              for e in source(body)]
    return sorted(events, key=lambda e: e.on, reverse=True)
