"""Everything the case page shows, read in a fixed number of queries whatever the case's size.

The case itself comes from `policies.get_case_or_404`; its records are prefetched here once, and
every later reading (sections, timeline, next action) works on those prefetched lists. Which sections
a user sees is decided by `policies.sections`, progress records by `policies.visible_progress`.
"""
from django.contrib.auth import get_user_model
from django.utils import timezone

from jiritsu.core.choices import choice_label
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Organisation
from jiritsu.programs.catalog import Program

from .. import policies, selectors
from ..choices import EvaluationDecision, MeetingOutcome, Status
from ..models import (
    Assessment,
    Consent,
    Decision,
    Evaluation,
    Handoff,
    MeetingItem,
    Monitoring,
    Outcome,
    Plan,
    PlanGoal,
)

User = get_user_model()


# Fetched with the case in its one query (forward and one-to-one relations). The staff who recorded
# things are not joined here nor in the record queries: `_attach_people` loads them all in one query,
# which keeps every query of the page small (joins cost planning time on each request).
CASE_RELATED = ("triage", "closure")


# What each status can already hold. The process never goes back before the plan (process.py), so a case
# still before it has no plan, meeting, decision, monitoring or evaluation, and before the application no
# consent, hand-off or outcome: those tables are not queried for it.
_BEFORE_APPLICATION = {Status.RECEIVED, Status.CONTINUING}
_BEFORE_ASSESSMENT = _BEFORE_APPLICATION | {Status.APPLIED}
_BEFORE_PLAN = _BEFORE_ASSESSMENT | {Status.ASSESSED}

# Each kind of record: its related name on the case, the status set that cannot hold it yet, and who
# recorded it.
_RECORDS = (
    ("consents", Consent, _BEFORE_APPLICATION, ("recorded_by", "withdrawn_by")),
    ("assessments", Assessment, _BEFORE_ASSESSMENT, ("recorded_by",)),
    ("plans", Plan, _BEFORE_PLAN, ("recorded_by",)),
    ("decisions", Decision, _BEFORE_PLAN, ("decided_by",)),
    ("meeting_items", MeetingItem, _BEFORE_PLAN, ("decided_by",)),
    ("handoffs", Handoff, _BEFORE_APPLICATION, ("recorded_by",)),
    ("monitorings", Monitoring, _BEFORE_PLAN, ("recorded_by",)),
    ("evaluations", Evaluation, _BEFORE_PLAN, ("recorded_by",)),
    ("outcomes", Outcome, _BEFORE_APPLICATION, ("recorded_by",)),
)
_ORDER = {"plans": ("-number",), "meeting_items": ("-meeting__held_on", "-id")}
# Decisions come with their plans (one-to-one), not in a query of their own.
_RELATED = {"plans": ("decision",), "meeting_items": ("meeting", "evaluation"), "handoffs": ("provider",)}
_PLAN_OF = ("decisions", "meeting_items", "handoffs", "monitorings", "evaluations")


def _prefetch(case) -> None:
    """One plain query per kind of record the case's status can hold, none for the others.

    Not prefetch_related(): it compiles a query even for a kind given an empty queryset, and its
    machinery costs more than the small queries themselves."""
    for name, model, before, _who in _RECORDS:
        if case.status in before:
            _keep(case, name, model.objects.none(), [])  # none yet: any later filter of it is empty too
        elif name == "decisions":  # fetched with their plans
            decisions = [p.decision for p in case.plans.all() if _has_decision(p)]
            _keep(case, name, Decision.objects.filter(case_id=case.pk), decisions)
        else:
            qs = getattr(case, name).all()
            if name in _RELATED:  # never select_related() bare: that would join every foreign key
                qs = qs.select_related(*_RELATED[name])
            if name in _ORDER:
                qs = qs.order_by(*_ORDER[name])
            _keep(case, name, qs)
    _load_consent_scopes(case.consents.all())
    _load_goals(case.plans.all())
    plans = {p.pk: p for p in case.plans.all()}
    for name in _PLAN_OF:
        for record in getattr(case, name).all():
            if record.plan_id in plans:
                record.plan = plans[record.plan_id]
    _attach_people(case)


def _has_decision(plan) -> bool:
    return getattr(plan, "decision", None) is not None  # select_related caches None when there is none


def _load_consent_scopes(consents) -> None:
    """The organisations each consent names, for all the case's consents in one query."""
    if not consents:
        return
    scope = {c.pk: [] for c in consents}
    links = (Consent.scope.through.objects.filter(consent_id__in=scope).select_related("organisation")
             .order_by(*(f"organisation__{f}" for f in Organisation._meta.ordering)))
    for link in links:
        scope[link.consent_id].append(link.organisation)
    for c in consents:
        _keep(c, "scope", Organisation.objects.filter(consents=c.pk), scope[c.pk])


def _load_goals(plans) -> None:
    if not plans:
        return
    goals = {p.pk: [] for p in plans}
    for goal in PlanGoal.objects.filter(plan_id__in=goals):
        goals[goal.plan_id].append(goal)
    for p in plans:
        _keep(p, "goals", PlanGoal.objects.filter(plan_id=p.pk), goals[p.pk])


def _keep(obj, name: str, qs, rows: list | None = None) -> None:
    """Make `obj.<name>.all()` answer from `rows` (or from evaluating `qs`) without a further query, as
    prefetch_related() leaves it: readers outside this module (selectors, other apps' template tags) read
    the relation, not our lists. `qs` is the relation's own filter, so a later .filter() stays on it."""
    if rows is None:
        len(qs)  # evaluates and caches the rows
    else:
        qs._result_cache = rows
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs


def _attach_people(case) -> None:
    """Every staff member named on the page, with their display names, in one query."""
    named = [(case, "received_by"), (case, "assigned_to")]
    named += [(record, field) for record in (one(case, "triage"), one(case, "closure")) if record
              for field in ("recorded_by",)]
    named += [(record, field) for name, _m, _b, fields in _RECORDS for record in getattr(case, name).all()
              for field in fields]
    ids = {getattr(obj, f"{field}_id") for obj, field in named} - {None}
    people = User.objects.select_related("staff").in_bulk(ids) if ids else {}
    for obj, field in named:
        person_id = getattr(obj, f"{field}_id")
        if person_id is not None:
            setattr(obj, field, people[person_id])


def one(case, name):
    """A reverse one-to-one (triage, closure) that may not exist, without a query after prefetch."""
    return getattr(case, name, None)


def who(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.display_name if staff else user.username


def build(user, case) -> dict:
    _prefetch(case)
    allowed = policies.sections(user, case)
    owner = policies.is_owner_side(user)
    plans = list(case.plans.all())
    consents = list(case.consents.all())
    progress = policies.visible_progress(user, case)
    ctx = {
        "case": case,
        "client": case.client,
        "today": timezone.localdate(),
        "owner_side": owner,
        "sections": allowed,
        "assessment_parts": assessment_parts(allowed),
        "triage": one(case, "triage"),
        "closure": one(case, "closure"),
        "consents": consents,
        "active_consent": next((c for c in consents if c.is_active), None),
        "assessments": list(case.assessments.all()),
        "plans": plans,
        "current_plan": next((p for p in plans if p.state != Plan.State.SUPERSEDED), None),
        "decisions": {d.plan_id: d for d in case.decisions.all()},
        "meeting_items": list(case.meeting_items.all()),
        "handoffs": list(case.handoffs.all()),
        "monitorings": list(case.monitorings.all()),
        "evaluations": list(case.evaluations.all()),
        "outcomes": list(case.outcomes.all()) if owner else [],
        "progress": progress,
        "monitoring_due": selectors.monitoring_due(case),
        "evaluation_due": selectors.evaluation_due(case),
        "gaps": [g for g in selectors.regularisation_gaps(case) if not g["regularised"]],
    }
    ctx["has_active_handoff"] = any(h.is_active for h in ctx["handoffs"])
    # A stay is always booked under a 一時生活支援 hand-off (Stay.handoff): without one, no stay to look up.
    ctx["has_shelter_handoff"] = any(h.program == Program.TEMPORARY_SHELTER for h in ctx["handoffs"])
    ctx["stepper"] = stepper_with_gaps(case, ctx["gaps"]) if owner else []
    latest = ctx["assessments"][0] if ctx["assessments"] else None
    ctx["household"] = latest.household if latest else ""
    ctx["assessment_rows"] = assessment_rows(latest, ctx["assessment_parts"]) if latest else []
    ctx["timeline"] = timeline(ctx, allowed)
    ctx["pending_item"] = next((i for i in ctx["meeting_items"] if i.outcome == MeetingOutcome.PENDING), None)
    return ctx


def stepper_with_gaps(case, gaps) -> list[dict]:
    """The seed's flow; on a special path, the steps still missing are marked on the stepper."""
    from ..process import stepper

    missing = {m for g in gaps for m in g["missing"]}
    marks = {"アセスメント": "アセスメント", "プラン（案）": "プラン", "支援調整会議": "支援調整会議での了承",
             "支援決定": "支援決定"}
    steps = stepper(case)
    for s in steps:
        key = marks.get(s["label"])
        s["missing"] = bool(key and any(key in m for m in missing)) and not s["done"]
    return steps


# The assessment sheet's fields in its order, each with the section (policies.sections) it belongs to.
ASSESSMENT_FIELDS = [
    ("household", "世帯構成", "assessment_background"),
    ("health", "健康・障害・介護", "assessment_health"),
    ("work_school", "就労・就学の状況", "assessment_work"),
    ("income", "収入の状況", "assessment_money"),
    ("monthly_income", "世帯の月収（円）", "assessment_money"),
    ("assets_debts", "資産・債務", "assessment_money"),
    ("debt_total", "債務総額（円）", "assessment_money"),
    ("benefits", "利用中の制度・給付", "assessment_money"),
    ("background", "生活歴・課題の背景", "assessment_background"),
    ("summary", "課題の整理（見立て）", "assessment_background"),
]
ASSESSMENT_SECTIONS = {part for _name, _label, part in ASSESSMENT_FIELDS}


def assessment_parts(allowed) -> list[tuple[str, str]]:
    """The assessment fields this user may read, in the sheet's order."""
    return [(name, label) for name, label, part in ASSESSMENT_FIELDS if part in allowed]


def assessment_rows(assessment, parts) -> list[tuple[str, str]]:
    rows = []
    for name, label in parts:
        value = getattr(assessment, name)
        if isinstance(value, int):
            value = f"{value:,}円"
        rows.append((label, value or ""))
    return rows


def timeline(ctx, allowed) -> list[dict]:
    """Everything recorded on the case, newest first; only from sections the user may see."""
    events = []
    add = events.append
    case = ctx["case"]
    if "intake" in allowed:
        add(_event(case.received_on, case.created_at, "相談受付", choice_label(case, "route"), case.received_by))
        if ctx["triage"]:
            t = ctx["triage"]
            add(_event(t.decided_on, t.recorded_at, "振り分け", choice_label(t, "outcome"), t.recorded_by))
        if ctx["closure"]:
            c = ctx["closure"]
            add(_event(c.closed_on, c.recorded_at, "終結", choice_label(c, "reason"), c.recorded_by))
    if "consent" in allowed:
        for c in ctx["consents"]:
            add(_event(c.applied_on, c.recorded_at, "利用申込・本人同意", "", c.recorded_by))
            if c.withdrawn_on:
                add(_event(c.withdrawn_on, c.withdrawn_at, "本人同意の撤回", c.withdrawal_note, c.withdrawn_by))
    if allowed & ASSESSMENT_SECTIONS:
        for a in ctx["assessments"]:
            add(_event(a.assessed_on, a.recorded_at, "アセスメント", "", a.recorded_by))
    if "plan" in allowed:
        events += _plan_events(ctx)
    if "meetings" in allowed:
        for i in ctx["meeting_items"]:
            detail = f"{choice_label(i, 'kind')}：{choice_label(i, 'outcome')}"
            add(_event(i.meeting.held_on, i.decided_at, "支援調整会議", detail, i.decided_by))
    if "handoffs" in allowed:
        events += _handoff_events(ctx["handoffs"])
    if "monitoring" in allowed:
        for m in ctx["monitorings"]:
            add(_event(m.monitored_on, m.recorded_at, "モニタリング", m.delivery[:60], m.recorded_by))
    if "evaluation" in allowed:
        for e in ctx["evaluations"]:
            add(_event(e.evaluated_on, e.recorded_at, "プラン評価", choice_label(e, "decision"), e.recorded_by))
    for o in ctx["outcomes"]:
        add(_event(o.occurred_on, o.recorded_at, choice_label(o, "kind"), o.note[:60], o.recorded_by))
    for r in ctx["progress"]:
        add(_event(r.occurred_on, r.recorded_at, f"支援経過（{choice_label(r, 'kind')}）", r.text[:60], r.author))
    events.sort(key=lambda e: (e["on"], e["stamp"]), reverse=True)
    return events


def _plan_events(ctx) -> list[dict]:
    events = [_event(p.drafted_on, p.recorded_at, f"プラン（案）第{p.number}版", choice_label(p, "state"), p.recorded_by)
              for p in ctx["plans"]]
    events += [_event(d.decided_on, d.recorded_at, "支援決定", f"プラン第{d.plan.number}版", d.decided_by)
               for d in ctx["decisions"].values()]
    return events


def _handoff_events(handoffs) -> list[dict]:
    events = []
    for h in handoffs:
        label = f"{choice_label(h, 'mode')}：{Program(h.program).label}"
        events.append(_event(h.started_on, h.recorded_at, "支援引継ぎ", f"{label}（{h.provider.name}）", h.recorded_by))
        if h.ended_on:
            events.append(_event(h.ended_on, None, "引継ぎ終了", f"{label}（{h.end_reason}）", None))
    return events


def _event(on, stamp, title, detail, user) -> dict:
    return {"on": on, "stamp": stamp.isoformat() if stamp else "", "title": title, "detail": detail,
            "who": who(user)}


def next_step_hint(case, ctx) -> str:
    """What happens next when the user has no button for it (e.g. waiting for the meeting)."""
    if case.status == Status.CLOSED:
        return "このケースは終結しています。終結後のフォローアップは支援経過として記録できます。"
    item = ctx["pending_item"]
    if item is not None:
        return f"支援調整会議（{format_wareki(item.meeting.held_on)}）で審議待ちです。"
    latest = ctx["evaluations"][0] if ctx["evaluations"] else None
    if case.status == Status.EVALUATED and latest and latest.confirmed:
        return f"評価は会議で確認済みです（方針：{EvaluationDecision(latest.decision).label}）。"
    return selectors.NEXT_ACTION.get(Status(case.status), "")
