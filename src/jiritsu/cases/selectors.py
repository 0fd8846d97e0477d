"""Reads of case data, always through the policy scope. Callers audit what they show."""
import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from jiritsu.core.text import digits, fold
from jiritsu.core.wareki import DateParseError, parse_date
from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import PlanService, Program

from . import policies
from .choices import HandoffMode, MeetingOutcome, Status
from .models import Case, Client, Consent, Decision, Handoff, Meeting, MeetingItem, Monitoring, Plan
from .process import AFTER_APPLICATION

LIST_RELATED = ("client", "agency", "body", "assigned_to__staff")


def search_cases(user, query: str = "", *, status: str = "", include_closed: bool = True,
                 related: tuple = LIST_RELATED):
    """Name (kanji or kana, any width), phone, birth date (和暦 or Western) or case number.

    Several words narrow the search (all must match), so "山田 S60.6.1" finds one person. `related`: what
    is joined to each case (a page that shows less joins less)."""
    qs = policies.visible_cases(user).select_related(*related)
    if status:
        qs = qs.filter(status=status)
    elif not include_closed:
        qs = qs.exclude(status=Status.CLOSED)
    q = (query or "").strip()
    if q:
        staff = policies.staff_of(user)
        if policies.is_owner_side(user):
            # A case's person belongs to the case's body: match the body's people first (from an index
            # holding the searchable columns), then their cases, instead of joining every case to its
            # person just to test the name.
            people = Client.objects.filter(body_id=staff.organisation.body_id)

            def person(cond: Q) -> Q:
                return Q(client__in=people.filter(cond))
        else:
            def person(cond: Q) -> Q:
                return _on_client(cond)
        qs = qs.filter(_query_filter(q, person))
    return qs.order_by("-received_on", "-id")


def _on_client(cond: Q) -> Q:
    """The same condition, its lookups followed from the case to its person."""
    moved = Q()
    moved.connector, moved.negated = cond.connector, cond.negated
    moved.children = [_on_client(c) if isinstance(c, Q) else (f"client__{c[0]}", c[1]) for c in cond.children]
    return moved


def _query_filter(q: str, person) -> Q:
    # The whole text first: 和暦 dates and phone numbers may contain spaces ("昭和60年 6月1日").
    whole = _term_filter(q, person, words_allowed=False)
    if whole is not None:
        return whole
    cond = Q()
    for word in q.split():  # str.split() also splits on the full-width space
        cond &= _term_filter(word, person, words_allowed=True)
    return cond


def _term_filter(term: str, person, *, words_allowed: bool) -> Q | None:
    """`person(Q(...))` turns a condition on the person (Client) into one on the case."""
    number_match = Q(case_number__iexact=term.strip())
    try:
        return number_match | person(Q(birth_date=parse_date(term)))
    except DateParseError:
        pass
    number = digits(term)
    folded = fold(term)
    if number and len(number) >= 4 and len(number) >= len(folded.replace("-", "")) - 1:
        return number_match | person(Q(phone_digits__contains=number)) | Q(case_number__icontains=term.strip())
    if not words_allowed and len(term.split()) > 1:
        return None
    return number_match | person(Q(name_folded__contains=folded) | Q(kana_folded__contains=folded))


def regularisation_gaps(case: Case) -> list[dict]:
    """For each temporary-use or urgent hand-off, what must still happen to regularise it."""
    gaps = []
    special = [h for h in case.handoffs.all() if h.mode != HandoffMode.REGULAR]
    if not special:
        return gaps
    plans = list(case.plans.all())
    assessed = bool(case.assessments.all())  # the case page has them prefetched
    for h in special:
        covering = [p for p in plans if h.program in p.services]
        missing = []
        if not assessed:
            missing.append("アセスメント")
        if not covering:
            missing.append(f"プラン（案）への{Program(h.program).label}の記載")
        if not any(p.state in (Plan.State.APPROVED, Plan.State.DECIDED, Plan.State.SUPERSEDED) for p in covering):
            missing.append("支援調整会議での了承")
        if not any(p.state in (Plan.State.DECIDED, Plan.State.SUPERSEDED) for p in covering):
            missing.append("支援決定")
        gaps.append({"handoff": h, "missing": missing, "regularised": not missing})
    return gaps


def current_plan(case: Case):
    return case.plans.exclude(state=Plan.State.SUPERSEDED).order_by("-number").first()


def monitoring_due(case: Case) -> dt.date | None:
    if case.status != Status.IN_SUPPORT:
        return None
    last = case.monitorings.first()
    if last:
        return last.next_due
    decided = [d.decided_on for d in case.decisions.all()]  # prefetched on the case page
    return max(decided) + dt.timedelta(days=case.body.monitoring_interval_days) if decided else None


def evaluation_due(case: Case) -> dt.date | None:
    if case.status != Status.IN_SUPPORT:
        return None
    decided = [p for p in case.plans.all() if p.state == Plan.State.DECIDED]  # prefetched on the case page
    return max(decided, key=lambda p: p.number).period_to if decided else None


# ---- the worker's day (今日の業務) ----
NEXT_ACTION = {
    Status.RECEIVED: "振り分けを行う",
    Status.CONTINUING: "利用申込・本人同意を受ける",
    Status.APPLIED: "アセスメントを行う",
    Status.ASSESSED: "プラン（案）を作成する",
    Status.PLAN_DRAFTED: "支援調整会議に付議する",
    Status.PLAN_APPROVED: "支援決定を行う",
    Status.IN_SUPPORT: "支援・モニタリングを行う",
    Status.EVALUATED: "評価を支援調整会議で確認する",
}


# How far ahead the Today page warns, and how many rows each list shows (counts are always exact).
MONITORING_WARN_DAYS = 7
EVALUATION_WARN_DAYS = 14
WORK_LIST_LIMIT = 10  # a dashboard, not the whole caseload: the rest is one click away in search


def work_lists(user, today: dt.date | None = None, *, mine: bool = False) -> dict:
    """The lists of the Today page. A fixed number of queries whatever their length: due dates are
    filtered and ordered in the database, each list is capped and counted.

    Each list first picks its cases' ids with lean queries on the case table (answered from its index,
    no joins to plan), then one query loads every case shown, with its person and staff."""
    today = today or timezone.localdate()
    open_cases = policies.visible_cases(user).exclude(status=Status.CLOSED)
    if mine:
        open_cases = open_cases.filter(assigned_to=user)
    lists = {
        "awaiting": _awaiting(open_cases),
        "monitoring": _monitoring_due(user, open_cases, today),
        "evaluation": _evaluation_due(open_cases, today),
        "urgent": _capped(open_cases.filter(urgent=True).order_by("-received_on", "-id")),
        "consent_problems": _consent_problems(open_cases),
        "watch_over": _watch_over_overdue(user, today, mine=mine),
    }
    _load_shown_cases(lists)
    lists["next_meeting"] = next_meeting(user, today)
    return lists


class _Row:
    """A case picked for a list, with the values the list computed for it, until the case is loaded."""

    def __init__(self, pk: int, **values):
        self.pk, self.values = pk, values


def _load_shown_cases(lists) -> None:
    """Replace every picked row by its case (one query for all lists), carrying the computed values."""
    picked = [r for g in lists["awaiting"]["groups"] for r in g["rows"]]
    picked += [row["case"] for name in ("monitoring", "evaluation", "watch_over") for row in lists[name]["rows"]]
    picked += lists["urgent"]["rows"] + lists["consent_problems"]["rows"]
    cases = Case.objects.select_related(*LIST_RELATED).in_bulk({r.pk for r in picked})

    def load(row: _Row) -> Case:
        case = cases[row.pk]
        for name, value in row.values.items():
            setattr(case, name, value)
        return case

    for group in lists["awaiting"]["groups"]:
        group["rows"] = [load(r) for r in group["rows"]]
    for name in ("monitoring", "evaluation", "watch_over"):
        for row in lists[name]["rows"]:
            row["case"] = load(row["case"])
    for name in ("urgent", "consent_problems"):
        lists[name]["rows"] = [load(r) for r in lists[name]["rows"]]


def _watch_over_overdue(user, today: dt.date, *, mine: bool) -> dict:
    """地域居住支援 visits past their date and not recorded. Closed cases too: the watch-over year after a
    move-out may outlast the case."""
    from jiritsu.shelter.selectors import overdue_visits  # shelter builds on cases; import at use

    cases = policies.visible_cases(user)
    if mine:
        cases = cases.filter(assigned_to=user)
    visits = overdue_visits(cases, today).select_related(None)
    rows = list(visits.values_list("case_id", "due_on")[:WORK_LIST_LIMIT])
    total = visits.count() if len(rows) == WORK_LIST_LIMIT else len(rows)
    return {"rows": [{"case": _Row(case_id), "due": due, "overdue": True} for case_id, due in rows],
            "total": total, "more": total > len(rows)}


def _capped(qs, *values: str, limit: int = WORK_LIST_LIMIT) -> dict:
    """The first `limit` rows (as ids with `values`) and the exact total (counted only when the cap is
    reached)."""
    rows = [_Row(pk, **dict(zip(values, rest, strict=True))) for pk, *rest in qs.values_list("pk", *values)[:limit]]
    total = qs.count() if len(rows) == limit else len(rows)
    return {"rows": rows, "total": total, "more": total > len(rows)}


def _awaiting(open_cases) -> dict:
    """Open cases before support starts or awaiting the meeting's confirmation, grouped by status with
    the oldest first in each group; each group is capped separately (one window query)."""
    waiting = open_cases.exclude(status=Status.IN_SUPPORT)
    # COUNT(*), not COUNT(id): the count then needs only the (body, status, ...) index.
    counts = dict(waiting.order_by().values_list("status").annotate(n=Count("*")))
    ranked = waiting.annotate(
        rank=Window(RowNumber(), partition_by=[F("status")], order_by=[F("received_on").asc(), F("pk").asc()])
    ).filter(rank__lte=WORK_LIST_LIMIT).order_by("received_on", "pk").values_list("pk", "status")
    by_status = {}
    for pk, status in ranked:
        by_status.setdefault(status, []).append(_Row(pk))
    groups = [
        {"status": s, "label": s.label, "action": NEXT_ACTION[s], "rows": by_status.get(s, []),
         "total": counts.get(s, 0), "more": counts.get(s, 0) > len(by_status.get(s, []))}
        for s in Status if s in NEXT_ACTION and s != Status.IN_SUPPORT and counts.get(s)
    ]
    return {"groups": groups, "total": sum(counts.values())}


def _latest(model, field: str, *order: str):
    """`field` of a case's latest row of `model` (a correlated subquery, so no GROUP BY)."""
    return Subquery(model.objects.filter(case=OuterRef("pk")).order_by(*order).values(field)[:1])


def _monitoring_due(user, open_cases, today: dt.date) -> dict:
    """Monitoring due within a week or overdue: the last monitoring's next date, or, before the first
    one, the decision date plus the body's interval. Two exact queries (by origin), merged by date."""
    horizon = today + dt.timedelta(days=MONITORING_WARN_DAYS)
    in_support = open_cases.filter(status=Status.IN_SUPPORT).annotate(
        next_monitoring=_latest(Monitoring, "next_due", "-monitored_on", "-id"),
        decided_on=_latest(Decision, "decided_on", "-decided_on", "-id"),
    )
    after_monitoring = _capped(in_support.filter(next_monitoring__lte=horizon).order_by("next_monitoring", "pk"),
                               "next_monitoring")
    first_due = Q(pk__in=[])
    intervals = _monitoring_intervals(user)
    for body_id, days in intervals.items():
        first_due |= Q(body_id=body_id, decided_on__lte=horizon - dt.timedelta(days=days))
    first = _capped(in_support.filter(first_due, next_monitoring__isnull=True).order_by("decided_on", "pk"),
                    "decided_on", "body_id")
    rows = [(r, r.values["next_monitoring"]) for r in after_monitoring["rows"]]
    rows += [(r, r.values["decided_on"] + dt.timedelta(days=intervals[r.values["body_id"]])) for r in first["rows"]]
    rows.sort(key=lambda row: (row[1], row[0].pk))
    total = after_monitoring["total"] + first["total"]
    rows = [{"case": r, "due": due, "overdue": due < today} for r, due in rows[:WORK_LIST_LIMIT]]
    return {"rows": rows, "total": total, "more": total > len(rows),
            "overdue": sum(1 for r in rows if r["overdue"])}


def _monitoring_intervals(user) -> dict[int, int]:
    """Each body's monitoring interval for the bodies in the user's scope (one query)."""
    staff = policies.staff_of(user)
    bodies = Body.objects.all()
    if policies.is_owner_side(user):
        bodies = bodies.filter(pk=staff.organisation.body_id)
    else:
        bodies = bodies.filter(pk__in=policies.visible_cases(user).values("body_id"))
    return dict(bodies.values_list("pk", "monitoring_interval_days"))


def _evaluation_due(open_cases, today: dt.date) -> dict:
    """Evaluation due when the decided plan's period ends within two weeks, or overdue."""
    horizon = today + dt.timedelta(days=EVALUATION_WARN_DAYS)
    plan_end = Plan.objects.filter(case=OuterRef("pk"), state=Plan.State.DECIDED).order_by("-number")
    qs = open_cases.filter(status=Status.IN_SUPPORT).annotate(
        plan_to=Subquery(plan_end.values("period_to")[:1])
    ).filter(plan_to__lte=horizon).order_by("plan_to", "pk")
    result = _capped(qs, "plan_to")
    result["rows"] = [{"case": r, "due": r.values["plan_to"], "overdue": r.values["plan_to"] < today}
                      for r in result["rows"]]
    result["overdue"] = sum(1 for r in result["rows"] if r["overdue"])
    return result


def _consent_problems(open_cases) -> dict:
    """Cases past the application without an active consent: never recorded, or withdrawn."""
    consents = Consent.objects.filter(case=OuterRef("pk"))
    qs = open_cases.filter(status__in=AFTER_APPLICATION).annotate(
        has_active=Exists(consents.filter(withdrawn_on__isnull=True)),
        was_withdrawn=Exists(consents.filter(withdrawn_on__isnull=False)),
    ).filter(has_active=False).order_by("received_on", "pk")
    return _capped(qs, "was_withdrawn")


def next_meeting(user, today: dt.date):
    staff = policies.staff_of(user)
    if staff is None or not policies.is_owner_side(user):
        return None
    meeting = Meeting.objects.filter(body_id=staff.organisation.body_id, held_on__gte=today).order_by("held_on").first()
    if meeting is None:
        return None
    items = list(meeting.items.select_related("case__client").filter(outcome=MeetingOutcome.PENDING))
    return {"meeting": meeting, "items": items}


def visible_clients(user):
    """People with at least one case the user may open."""
    return Client.objects.filter(pk__in=policies.visible_cases(user).values("client_id"))


def get_client_or_404(user, pk) -> Client:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(visible_clients(user), pk=pk)


def provider_caseload(user):
    """A provider's open hand-offs, each with the case (already in the provider's scope)."""
    staff = policies.staff_of(user)
    visible = policies.visible_cases(user).values("pk")
    return (
        Handoff.objects.filter(provider_id=staff.organisation_id, ended_on__isnull=True, case__in=visible)
        .select_related("case__client", "case__body")
        .order_by("-started_on")
    )


def meetings_for(user):
    staff = policies.staff_of(user)
    if staff is None or not policies.is_owner_side(user):
        return Meeting.objects.none()
    return Meeting.objects.filter(body_id=staff.organisation.body_id)


def get_meeting_or_404(user, pk) -> Meeting:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(meetings_for(user), pk=pk)


def get_agenda_item_or_404(user, pk) -> MeetingItem:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(MeetingItem.objects.select_related("meeting", "case"), pk=pk,
                             meeting__in=meetings_for(user))


def service_label(code: str) -> str:
    return PlanService(code).label if code in PlanService.values else code



