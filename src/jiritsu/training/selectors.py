"""Reads: a person's progress on a course, and per body who has been trained for which post."""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F

from jiritsu.orgs.models import Staff

from . import policies
from .models import Course, Enrolment, Lecture, TrainingRole


def required_lectures(course: Course, staff: Staff) -> list[Lecture]:
    """The lectures this person must watch: those whose audience includes their role."""
    return [lec for lec in course.lectures.all() if not lec.audience or staff.role in lec.audience]


@dataclass
class Progress:
    enrolment: Enrolment
    required: list
    viewed: dict  # lecture id -> viewed_on
    needs_exercise: bool

    @property
    def lectures_done(self) -> bool:
        return all(lec.pk in self.viewed for lec in self.required)

    @property
    def complete(self) -> bool:
        return self.lectures_done and (self.enrolment.attended or not self.needs_exercise)

    @property
    def completed_on(self) -> dt.date | None:
        if not self.complete:
            return None
        days = list(self.viewed.values())
        if self.enrolment.attended and self.enrolment.exercise_id:
            days.append(self.enrolment.exercise.held_on)
        return max(days) if days else None


def progress(enrolment: Enrolment) -> Progress:
    course = enrolment.course
    viewed = {v.lecture_id: v.viewed_on for v in enrolment.views.all()}
    return Progress(enrolment=enrolment, required=required_lectures(course, enrolment.staff), viewed=viewed,
                    needs_exercise=bool(course.exercises.all()))


def _enrolments():
    return Enrolment.objects.select_related("course", "exercise", "staff__organisation").prefetch_related(
        "views", "course__lectures", "course__exercises")


def my_record(staff: Staff) -> list[Progress]:
    return [progress(e) for e in _enrolments().filter(staff=staff).order_by("-course__fiscal_year", "course__title")]


@dataclass
class StaffRow:
    staff: Staff
    trained_as: list = field(default_factory=list)  # (role label, course, completed_on)
    in_progress: list = field(default_factory=list)  # courses enrolled but not complete
    usual_role: str = ""

    @property
    def trained(self) -> bool:
        return bool(self.trained_as)


@dataclass
class OrgGroup:
    label: str
    rows: list

    @property
    def untrained(self) -> int:
        return sum(not r.trained for r in self.rows)


def trainee_staff(user):
    """The people whose training records the user may see: all trainees (organiser) or those they manage."""
    if policies.is_organiser(user):
        staff = policies.org_policies.staff_of(user)
        qs = Staff.objects.filter(organisation__prefecture_id=staff.organisation.prefecture_id)
    else:
        qs = policies.enrollable_staff(user)
    return _trainees(qs)


def _trainees(staff):
    return staff.filter(organisation__kind__in=policies.TRAINEE_KINDS, role__in=policies.TRAINEE_ROLES,
                        user__is_active=True, user__is_staff=False).select_related("organisation__body")


def records_by_body(user, fiscal_year: int, *, untrained_only: bool = False) -> list[OrgGroup]:
    """Per body (providers and the NPO apart): who has completed a course of the year, as which post."""
    return _records(trainee_staff(user), fiscal_year, untrained_only=untrained_only)


def _records(staff, fiscal_year: int, *, untrained_only: bool = False) -> list[OrgGroup]:
    # Bodies in code order first, then the providers and the NPO (no body), on SQLite and PostgreSQL alike.
    people = list(staff.order_by(F("organisation__body__code").asc(nulls_last=True),
                                 "organisation__name", "display_name"))
    rows = {s.pk: StaffRow(staff=s, usual_role=TrainingRole(policies.default_training_role(s)).label)
            for s in people}
    for enrolment in _enrolments().filter(staff__in=people, course__fiscal_year=fiscal_year):
        p = progress(enrolment)
        row = rows[enrolment.staff_id]
        if p.complete:
            row.trained_as.append((enrolment.get_training_role_display(), enrolment.course, p.completed_on))
        else:
            row.in_progress.append(enrolment.course)
    groups: dict[str, list] = {}
    for s in people:
        label = s.organisation.body.name if s.organisation.body_id else s.organisation.name
        if not untrained_only or not rows[s.pk].trained:
            groups.setdefault(label, []).append(rows[s.pk])
    return [OrgGroup(label=label, rows=r) for label, r in groups.items()]


@dataclass
class Coverage:
    """One group of the records page (a body, or a provider / the NPO): how many of its trainees completed a
    course of the year. Counts only."""

    label: str
    is_body: bool
    trained: int
    trainees: int

    @property
    def share(self) -> int:
        """Per cent of the trainees, rounded down (so 100 means everyone)."""
        return self.trained * 100 // self.trainees if self.trainees else 0


def coverage_by_body(prefecture_id: int, fiscal_year: int) -> list[Coverage]:
    """The records page's groups as the prefecture's organisers see them (every trainee in the prefecture), each
    with its trained and all trainees: the same rule as records_by_body (a completed course: every required
    lecture viewed and the exercise attended)."""
    staff = _trainees(Staff.objects.filter(organisation__prefecture_id=prefecture_id))
    return [Coverage(g.label, g.rows[0].staff.organisation.body_id is not None, len(g.rows) - g.untrained,
                     len(g.rows)) for g in _records(staff, fiscal_year)]
