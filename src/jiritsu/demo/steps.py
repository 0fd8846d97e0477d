"""Walks one demo case through the real services (jiritsu.cases.services), step by step, with dates
that move forward from the day of first contact and never pass today."""
import datetime as dt
import random

from jiritsu.cases import services
from jiritsu.cases.choices import (
    ClosureReason,
    MeetingOutcome,
    ProgressKind,
    TriageOutcome,
)
from jiritsu.cases.models import Outcome
from jiritsu.core.wareki import fiscal_year
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, PlanService, Program

from . import texts
from .stories import Story, temporary_program


class TooSoon(Exception):
    """The next step would fall after today: the case stays at the step it has reached."""


class Calendar:
    """Each body's monthly coordination meeting, on the 15th (moved to Monday from a weekend)."""

    def __init__(self, today: dt.date):
        self.today = today
        self.meetings = {}

    @staticmethod
    def meeting_day(year: int, month: int) -> dt.date:
        day = dt.date(year, month, 15)
        return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)

    def next_after(self, day: dt.date) -> dt.date:
        year, month = day.year, day.month
        while (candidate := self.meeting_day(year, month)) <= day:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return candidate

    def meeting(self, team, held_on: dt.date):
        key = (team.body.pk, held_on)
        if key not in self.meetings:
            meeting = services.create_meeting(user=team.admin, held_on=held_on, place=texts.meeting_place(team),
                                              members=texts.MEETING_MEMBERS)
            if held_on <= self.today:
                meeting = services.update_meeting(user=team.admin, meeting=meeting, expected_version=None,
                                                  data={"minutes": texts.MEETING_MINUTES})
            self.meetings[key] = meeting
        return self.meetings[key]

    def held_after(self, team, day: dt.date):
        held_on = self.next_after(day)
        if held_on > self.today:
            raise TooSoon
        return self.meeting(team, held_on)

    def upcoming(self, team):
        return self.meeting(team, self.next_after(self.today))


class CaseWalk:
    """The state of one case while it is walked: its team, its current day and its plan's services."""

    def __init__(self, *, orgs, team, calendar: Calendar, rng: random.Random, case, worker, story: Story):
        self.orgs, self.team, self.calendar, self.rng = orgs, team, calendar, rng
        self.case, self.worker, self.today, self.story = case, worker, calendar.today, story
        self.day = case.received_on
        self.services = {PlanService(s) for s in story.services}
        self.special = []  # temporary-use and urgent hand-offs still running
        self.outcomes = set()  # Outcome kinds recorded

    def later(self, lo: int, hi: int) -> dt.date:
        day = self.day + dt.timedelta(days=self.rng.randint(lo, hi))
        if day > self.today:
            raise TooSoon
        self.day = day
        return day

    # ---- intake ----
    def triage(self, outcome=TriageOutcome.CONTINUE):
        referred_to = self.rng.choice(texts.REFERRALS) if outcome == TriageOutcome.REFERRED else ""
        self.case = services.triage(user=self.worker, case=self.case, outcome=outcome, decided_on=self.later(0, 3),
                                    referred_to=referred_to, note=texts.TRIAGE_NOTES[outcome])

    def apply(self):
        scope = [self.team.agency, *self.orgs.providers.values()]
        services.apply_with_consent(user=self.worker, case=self.case, applied_on=self.later(1, 10),
                                    rules_explained=True, share_agreed=True, scope=scope)

    def temporary_use(self):
        program = temporary_program(self.story)
        self.special.append(services.start_temporary_use(
            user=self.worker, case=self.case, provider=self.orgs.provider_for(program), program=program,
            started_on=self.later(0, 5), reason=texts.TEMPORARY_REASONS[program]))
        self.services.add(PlanService(program.value))

    def urgent_shelter(self):
        self.special.append(services.start_urgent_shelter(
            user=self.worker, case=self.case, provider=self.orgs.provider_for(Program.TEMPORARY_SHELTER),
            started_on=self.day, reason=self.rng.choice(texts.URGENT_REASONS)))
        self.services |= {PlanService.TEMPORARY_SHELTER, PlanService.COMMUNITY_LIVING}

    # ---- planning ----
    def assess(self):
        services.record_assessment(user=self.worker, case=self.case,
                                   data=texts.assessment(self.story, self.later(3, 14)))

    def draft(self):
        drafted_on = self.later(3, 14)
        months = self.plan_months(drafted_on)
        data = texts.plan(self.story, drafted_on, sorted(self.services), months)
        services.draft_plan(user=self.worker, case=self.case, data=data, goals=texts.goals(self.story, drafted_on, months))

    def plan_months(self, drafted_on: dt.date) -> int:
        """3 to 12 months, long enough that most plans still run today and a few are just past
        their evaluation date, as in a real caseload."""
        reach = self.today + dt.timedelta(days=self.rng.randint(-20, 90))
        return next((m for m in (3, 6, 9) if drafted_on + dt.timedelta(days=30 * m) >= reach), 12)

    def on_agenda(self, *, upcoming=False):
        meeting = self.calendar.upcoming(self.team) if upcoming else self.calendar.held_after(self.team, self.day)
        return services.add_to_agenda(user=self.worker, meeting=meeting, case=self.case)

    def approve(self):
        item = self.on_agenda()
        if self.rng.random() < 0.1:  # some plans go back once for revision
            services.record_meeting_outcome(user=self.team.chief, item=item, outcome=MeetingOutcome.REVISE,
                                            note=texts.REVISE_NOTE)
            self.day = item.meeting.held_on
            item = self.on_agenda()
        services.record_meeting_outcome(user=self.team.chief, item=item, outcome=MeetingOutcome.APPROVED,
                                        note=texts.APPROVE_NOTE)
        self.day = item.meeting.held_on

    def decide(self):
        decided_on = self.later(1, 7)
        number = f"{fiscal_year(decided_on)}-{self.case.case_number.split('-')[-1]}"
        services.decide(user=self.team.admin, case=self.case, decided_on=decided_on, decision_number=number)

    def hand_off(self):
        running = set(self.case.handoffs.filter(ended_on__isnull=True).values_list("program", flat=True))
        for service in sorted(self.services):
            if service.value in HANDOFF_PROGRAMS and service.value not in running:
                program = Program(service.value)
                services.hand_off(user=self.worker, case=self.case, provider=self.orgs.provider_for(program),
                                  program=program, started_on=self.later(0, 3))

    # ---- support ----
    def support_until(self, end: dt.date):
        """Monthly progress records and monitoring from the decision until `end`."""
        while (day := self.day + dt.timedelta(days=self.rng.randint(24, 36))) <= min(end, self.today):
            self.day = day
            self.progress(day)
            services.record_monitoring(user=self.worker, case=self.case, monitored_on=day,
                                       delivery=self.rng.choice(texts.MONITORING_DELIVERY),
                                       person_change=self.rng.choice(texts.PERSON_CHANGES))
            self.end_shelter_stay(day)
            self.outcome_by(day)

    def outcome_by(self, day: dt.date):
        """就労 for about a third of those aiming at work within their first months of support, and 増収 for some
        of those afterwards (or, for the others, from a pension or allowance sorted out with the worker)."""
        roll = self.rng.random()
        if self.story.works and not self.outcomes and roll < 0.12:
            self.outcome(Outcome.Kind.EMPLOYED, day)
        elif Outcome.Kind.INCOME_INCREASED not in self.outcomes and roll < (0.2 if self.outcomes else 0.04):
            self.outcome(Outcome.Kind.INCOME_INCREASED, day)

    def outcome(self, kind: str, day: dt.date):
        services.record_outcome(user=self.worker, case=self.case, kind=kind, occurred_on=day,
                                note=texts.OUTCOME_NOTES[kind] if self.story.works else texts.ALLOWANCE_NOTE)
        self.outcomes.add(kind)

    def progress(self, day: dt.date):
        services.record_progress(user=self.worker, case=self.case, occurred_on=day - dt.timedelta(days=2),
                                 kind=self.rng.choice([ProgressKind.INTERVIEW, ProgressKind.PHONE, ProgressKind.VISIT]),
                                 text=self.rng.choice(texts.AGENCY_PROGRESS))
        for handoff in self.case.handoffs.filter(ended_on__isnull=True):
            key = next(k for k, org in self.orgs.providers.items() if org.pk == handoff.provider_id)
            services.record_progress(user=self.orgs.provider_staff[key], case=self.case, occurred_on=day,
                                     kind=ProgressKind.SERVICE, text=texts.PROVIDER_PROGRESS[handoff.program])

    def end_shelter_stay(self, day: dt.date):
        for handoff in self.special:
            if handoff.program == Program.TEMPORARY_SHELTER and handoff.ended_on is None:
                services.end_handoff(user=self.worker, handoff=handoff, ended_on=day, reason=texts.SHELTER_END)
                handoff.ended_on = day

    def evaluate(self, decision: str, on: dt.date):
        if on > self.today:
            raise TooSoon
        self.support_until(on)
        self.day = max(self.day, on)
        services.record_evaluation(user=self.worker, case=self.case, evaluated_on=self.day,
                                   goals_achieved=texts.EVALUATION_TEXT[decision], decision=decision,
                                   changes=self.rng.choice(texts.PERSON_CHANGES))

    def confirm_evaluation(self):
        item = self.on_agenda()
        services.record_meeting_outcome(user=self.team.chief, item=item, outcome=MeetingOutcome.APPROVED,
                                        note="評価のとおり確認した。")
        self.day = item.meeting.held_on

    def continue_plan(self):
        services.continue_plan(user=self.worker, case=self.case)

    def withdraw_consent(self):
        services.withdraw_consent(user=self.worker, case=self.case, withdrawn_on=self.later(1, 20),
                                  note="本人から情報共有をやめたいとの申出があった。")

    def close(self, reason: str = ClosureReason.GOAL_ACHIEVED):
        achieved = reason == ClosureReason.GOAL_ACHIEVED
        if achieved and self.story.works and Outcome.Kind.EMPLOYED not in self.outcomes:
            self.outcome(Outcome.Kind.EMPLOYED, self.day)
        note = texts.CLOSURE_NOTES.get(reason, "")
        if achieved and not self.story.works:
            note = texts.SETTLED_NOTE
        services.close_case(user=self.worker, case=self.case, closed_on=self.later(1, 8), reason=reason, note=note)

    def recent(self) -> dt.date:
        """A day in the last three weeks, at least a month into support."""
        day = self.today - dt.timedelta(days=self.rng.randint(0, 20))
        if day < self.day + dt.timedelta(days=30):
            raise TooSoon
        return day

    def evaluation_day(self, lo: int, hi: int, *, latest_ago: int) -> dt.date:
        """A day lo..hi days into support, but no later than `latest_ago` days before today."""
        day = min(self.day + dt.timedelta(days=self.rng.randint(lo, hi)),
                  self.today - dt.timedelta(days=latest_ago))
        if day < self.day + dt.timedelta(days=30):
            raise TooSoon
        return day
