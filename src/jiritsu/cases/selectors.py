"""Reads of case data, always through the policy scope. Callers audit what they show."""
import datetime as dt

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from jiritsu.core.text import digits, fold
from jiritsu.core.wareki import DateParseError, parse_date
from jiritsu.programs.catalog import PlanService, Program

from . import policies
from .choices import HandoffMode, MeetingOutcome, Status
from .models import Case, Handoff, Meeting, MeetingItem, Monitoring, Plan

LIST_RELATED = ("client", "agency", "body", "assigned_to__staff")


def search_cases(user, query: str = "", *, status: str = "", include_closed: bool = True):
    """Name (kanji or kana, any width), phone, birth date (和暦 or Western) or case number."""
    qs = policies.visible_cases(user).select_related(*LIST_RELATED)
    if status:
        qs = qs.filter(status=status)
    elif not include_closed:
        qs = qs.exclude(status=Status.CLOSED)
    q = (query or "").strip()
    if q:
        qs = qs.filter(_query_filter(q))
    return qs.order_by("-received_on", "-id")


def _query_filter(q: str) -> Q:
    try:
        birth = parse_date(q)
    except DateParseError:
        birth = None
    cond = Q(case_number__iexact=q.strip())
    if birth is not None:
        return cond | Q(client__birth_date=birth)
    number = digits(q)
    folded = fold(q)
    if number and len(number) >= 4 and len(number) >= len(folded.replace("-", "")) - 1:
        return cond | Q(client__phone_digits__contains=number) | Q(case_number__icontains=q.strip())
    return cond | Q(client__name_folded__contains=folded) | Q(client__kana_folded__contains=folded)


def regularisation_gaps(case: Case) -> list[dict]:
    """For each temporary-use or urgent hand-off, what must still happen to regularise it."""
    gaps = []
    special = [h for h in case.handoffs.all() if h.mode != HandoffMode.REGULAR]
    if not special:
        return gaps
    plans = list(case.plans.all())
    assessed = case.assessments.exists()
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
    decision = case.decisions.order_by("-decided_on").first()
    return decision.decided_on + dt.timedelta(days=case.body.monitoring_interval_days) if decision else None


def evaluation_due(case: Case) -> dt.date | None:
    if case.status != Status.IN_SUPPORT:
        return None
    plan = case.plans.filter(state=Plan.State.DECIDED).order_by("-number").first()
    return plan.period_to if plan else None


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


def work_lists(user, today: dt.date | None = None) -> dict:
    """The lists of the Today page; a fixed number of queries whatever their length."""
    today = today or timezone.localdate()
    base = policies.visible_cases(user).select_related(*LIST_RELATED)
    open_cases = base.exclude(status=Status.CLOSED)
    last_monitoring = Monitoring.objects.filter(case=OuterRef("pk")).order_by("-monitored_on", "-id")
    in_support = open_cases.filter(status=Status.IN_SUPPORT).annotate(
        next_monitoring=Subquery(last_monitoring.values("next_due")[:1]),
        decided_on=Max("decisions__decided_on"),
        plan_to=Max("plans__period_to", filter=Q(plans__state=Plan.State.DECIDED)),
    )
    monitoring, evaluation = [], []
    for c in in_support.order_by("received_on"):
        due = c.next_monitoring or (c.decided_on and c.decided_on + dt.timedelta(days=c.body.monitoring_interval_days))
        if due and due <= today + dt.timedelta(days=7):
            monitoring.append((c, due, due < today))
        if c.plan_to and c.plan_to <= today + dt.timedelta(days=14):
            evaluation.append((c, c.plan_to, c.plan_to < today))
    active_consent = Q(consents__withdrawn_on__isnull=True)
    return {
        "awaiting": list(open_cases.exclude(status=Status.IN_SUPPORT).order_by("status", "received_on")[:200]),
        "monitoring": monitoring,
        "evaluation": evaluation,
        "urgent": list(open_cases.filter(urgent=True).order_by("-received_on")[:100]),
        "consent_problems": list(
            open_cases.filter(status__in=[s for s in Status if s not in (Status.RECEIVED, Status.CONTINUING)])
            .exclude(active_consent).distinct().order_by("received_on")[:100]
        ),
        "next_meeting": next_meeting(user, today),
    }


def next_meeting(user, today: dt.date):
    staff = policies.staff_of(user)
    if staff is None or not policies.is_owner_side(user):
        return None
    meeting = Meeting.objects.filter(body_id=staff.organisation.body_id, held_on__gte=today).order_by("held_on").first()
    if meeting is None:
        return None
    items = list(meeting.items.select_related("case__client").filter(outcome=MeetingOutcome.PENDING))
    return {"meeting": meeting, "items": items}


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



