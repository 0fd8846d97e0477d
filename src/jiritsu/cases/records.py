"""Everything recorded on one case, read with the ORM's own prefetching.

The case page shows up to a dozen kinds of record (consents, plans and their goals, meetings, hand-offs,
progress ...) and who recorded each. `load` reads them with prefetch_related_objects, one query per kind,
each bringing who recorded it (select_related of the user and their staff record), so `case.plans.all()`,
`plan.goals.all()`, `consent.scope.all()`, `item.meeting`, `handoff.provider`, `record.recorded_by.staff`
... answer without a further query, and the selectors and other apps' template tags that read the case
work unchanged. A kind the case's status cannot hold yet is an empty queryset, which runs no query.

The case row comes from `policies.get_case_or_404`, which decides whether the user may see it at all; the
page asks it to join CASE_JOINS, so the person, body, agency, triage, closure and their recorders come
with the case row.
"""
from django.db.models import Prefetch, prefetch_related_objects

from .choices import Status
from .models import (
    Assessment,
    Consent,
    Decision,
    Evaluation,
    Handoff,
    MeetingItem,
    Monitoring,
    Outcome,
    Plan,
    ProgressRecord,
)

# What the case page joins to the case row (besides its person, body and agency): the people and
# one-to-one records it names. The matching profile (placements) is joined by its related name, so its
# template tag needs no query of its own.
CASE_JOINS = ("received_by__staff", "assigned_to__staff", "triage__recorded_by__staff",
              "closure__recorded_by__staff", "placement_profile")

# What each status can already hold. The process never goes back before the plan (process.py), so a case
# still before it has no plan, meeting, decision, monitoring or evaluation, and before the application no
# consent, hand-off or outcome: those kinds are not read.
_BEFORE_APPLICATION = frozenset({Status.RECEIVED, Status.CONTINUING})
_BEFORE_ASSESSMENT = _BEFORE_APPLICATION | {Status.APPLIED}
_BEFORE_PLAN = _BEFORE_ASSESSMENT | {Status.ASSESSED}
# Records naming the plan they belong to: linked to the case's plan instances (`record.plan is plan`).
_PLAN_OF = ("decisions", "meeting_items", "handoffs", "monitorings", "evaluations")


def _by(*people: str) -> list[str]:
    """select_related of who recorded a record: the user and their staff record (the name shown)."""
    return [f"{person}__staff" for person in people]


def _records() -> tuple:
    """Each kind of record on the case: its related name, its queryset in the page's order, and the
    statuses that cannot hold it yet."""
    return (
        ("consents", Consent.objects.select_related(*_by("recorded_by", "withdrawn_by")).prefetch_related("scope"),
         _BEFORE_APPLICATION),
        ("assessments", Assessment.objects.select_related(*_by("recorded_by")), _BEFORE_ASSESSMENT),
        ("plans", Plan.objects.select_related(*_by("recorded_by"), "decision__decided_by__staff")
         .prefetch_related("goals").order_by("-number"), _BEFORE_PLAN),
        ("decisions", Decision.objects.select_related(*_by("decided_by")), _BEFORE_PLAN),
        ("meeting_items", MeetingItem.objects.select_related(*_by("decided_by"), "meeting", "evaluation")
         .order_by("-meeting__held_on", "-pk"), _BEFORE_PLAN),
        ("handoffs", Handoff.objects.select_related(*_by("recorded_by"), "provider"), _BEFORE_APPLICATION),
        ("monitorings", Monitoring.objects.select_related(*_by("recorded_by")), _BEFORE_PLAN),
        ("evaluations", Evaluation.objects.select_related(*_by("recorded_by")), _BEFORE_PLAN),
        ("outcomes", Outcome.objects.select_related(*_by("recorded_by")), _BEFORE_APPLICATION),
        ("progress_records", ProgressRecord.objects.select_related(*_by("author"), "organisation"), frozenset()),
    )


def load(case) -> None:
    """Read every record of `case` onto it (prefetch_related_objects), linked to the case's own plans."""
    prefetch_related_objects([case], *(
        Prefetch(name, queryset=queryset.none() if case.status in before else queryset)
        for name, queryset, before in _records()))
    plans = {plan.pk: plan for plan in case.plans.all()}
    for name in _PLAN_OF:
        for record in getattr(case, name).all():
            if record.plan_id in plans:
                record.plan = plans[record.plan_id]
