"""Everything recorded on one case, read with the ORM's own prefetching.

The case page shows up to a dozen kinds of record (consents, plans and their goals, meetings, hand-offs,
progress ...) and who recorded each. `load` reads them with prefetch_related_objects, one query per kind,
so `case.plans.all()`, `plan.goals.all()`, `consent.scope.all()`, `item.meeting`, `handoff.provider` ...
answer without a further query, and the selectors and other apps' template tags that read the case work
unchanged. A kind the case's status cannot hold yet is an empty queryset, which runs no query.

Who recorded each record (and who received, holds, triaged and closed the case) is read once for the whole
case, one query of users with their staff records, and set on each record's own field
(`record.recorded_by`, `record.recorded_by.staff`): the same few workers recorded most of a case, and
joining them into every kind's query cost more to compile than the records themselves.

The case row comes from `policies.get_case_or_404`, which decides whether the user may see it at all; the
page asks it to join CASE_JOINS, so the person, body, agency, triage and closure come with the case row.
"""
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects

from .choices import Status
from .models import (
    Assessment,
    Consent,
    Evaluation,
    Handoff,
    MeetingItem,
    Monitoring,
    Outcome,
    Plan,
    ProgressRecord,
)

# What the case page joins to the case row (besides its person, body and agency): the one-to-one records it
# names. The matching profile (placements) is joined by its related name, so its template tag needs no query
# of its own.
CASE_JOINS = ("triage", "closure", "placement_profile")

# A case followed for years holds hundreds of progress records (支援経過): the page reads the newest
# PROGRESS_SHOWN, and one more to know that older ones exist (all of them: the case's 支援経過の一覧 page).
# They are `case.newest_progress` after `load` (a list: a sliced prefetch needs its own attribute).
PROGRESS_SHOWN = 30

# What each status can already hold. The process never goes back before the plan (process.py), so a case
# still before it has no plan, meeting, decision, monitoring or evaluation, and before the application no
# consent, hand-off or outcome: those kinds are not read.
_BEFORE_APPLICATION = frozenset({Status.RECEIVED, Status.CONTINUING})
_BEFORE_ASSESSMENT = _BEFORE_APPLICATION | {Status.APPLIED}
_BEFORE_PLAN = _BEFORE_ASSESSMENT | {Status.ASSESSED}
# Records naming the plan they belong to: linked to the case's plan instances (`record.plan is plan`).
# A plan's decision (支援決定) comes with the plan (`plan.decision`), not as a kind of its own.
_PLAN_OF = ("meeting_items", "handoffs", "monitorings", "evaluations")


def _records() -> tuple:
    """Each kind of record on the case: its related name, its queryset in the page's order, the statuses that
    cannot hold it yet, and its fields naming a worker (read by `_name_people`)."""
    return (
        ("consents", Consent.objects.prefetch_related("scope"), _BEFORE_APPLICATION, ("recorded_by", "withdrawn_by")),
        ("assessments", Assessment.objects.all(), _BEFORE_ASSESSMENT, ("recorded_by",)),
        ("plans", Plan.objects.select_related("decision").prefetch_related("goals").order_by("-number"), _BEFORE_PLAN,
         ("recorded_by",)),
        ("meeting_items", MeetingItem.objects.select_related("meeting", "evaluation")
         .order_by("-meeting__held_on", "-pk"), _BEFORE_PLAN, ("decided_by",)),
        ("handoffs", Handoff.objects.select_related("provider"), _BEFORE_APPLICATION, ("recorded_by",)),
        ("monitorings", Monitoring.objects.all(), _BEFORE_PLAN, ("recorded_by",)),
        ("evaluations", Evaluation.objects.all(), _BEFORE_PLAN, ("recorded_by",)),
        ("outcomes", Outcome.objects.all(), _BEFORE_APPLICATION, ("recorded_by",)),
    )


def load(case) -> None:
    """Read every record of `case` onto it (prefetch_related_objects), linked to the case's own plans, with
    the workers who recorded them."""
    kinds = _records()
    newest_progress = ProgressRecord.objects.select_related("organisation").order_by("-occurred_on", "-id")
    prefetch_related_objects([case], *(
        Prefetch(name, queryset=queryset.none() if case.status in before else queryset)
        for name, queryset, before, _people in kinds),
        Prefetch("progress_records", queryset=newest_progress[:PROGRESS_SHOWN + 1], to_attr="newest_progress"))
    plans = {plan.pk: plan for plan in case.plans.all()}
    for name in _PLAN_OF:
        for record in getattr(case, name).all():
            if record.plan_id in plans:
                record.plan = plans[record.plan_id]
    _name_people(case, [(record, people) for name, _qs, _before, people in kinds
                        for record in getattr(case, name).all()]
                 + [(record, ("author",)) for record in case.newest_progress])


def _name_people(case, records: list[tuple]) -> None:
    """Set each worker field of the case and its records (and of each plan's decision) to its user, read with
    their staff record in one query for the whole case."""
    named = [(case, ("received_by", "assigned_to"))]
    named += [(one, ("recorded_by",)) for name in ("triage", "closure") if (one := getattr(case, name, None))]
    named += records
    named += [(decision, ("decided_by",)) for plan in case.plans.all() if (decision := getattr(plan, "decision", None))]
    ids = {getattr(record, f"{field}_id") for record, fields in named for field in fields} - {None}
    users = get_user_model().objects.select_related("staff").in_bulk(ids)
    for record, fields in named:
        for field in fields:
            user_id = getattr(record, f"{field}_id")
            if user_id is not None:
                setattr(record, field, users[user_id])
