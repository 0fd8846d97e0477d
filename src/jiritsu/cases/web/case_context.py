"""Everything the case page shows, read in a fixed number of queries whatever the case's size.

The case itself comes from `policies.get_case_or_404`; all its records are read once by
`case_records.load` (one query), and every later reading (sections, timeline, next action) works on
those lists. Which sections a user sees is decided by `policies.sections`, progress records by
`policies.visible_progress`.
"""
from django.utils import timezone

from jiritsu.programs.catalog import Program

from .. import policies, selectors
from .. import records as case_records
from ..choices import EvaluationDecision, Status, TriageOutcome
from ..eligibility import CaseFacts
from ..models import Plan
from ..process import stepper
from ..steps import NEXT_ACTION
from . import case_rows


def one(case, name):
    """A reverse one-to-one (triage, closure) that may not exist, without a query after prefetch."""
    return getattr(case, name, None)


def who(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return (staff.display_name if staff else "") or user.username


def build(user, case) -> dict:
    case_records.load(case)
    allowed = policies.sections(user, case)
    owner = policies.is_owner_side(user)
    plans = list(case.plans.all())
    consents = list(case.consents.all())
    facts = CaseFacts(case)
    newest = case.newest_progress
    progress = policies.visible_progress(user, case, records=newest[:case_records.PROGRESS_SHOWN])
    ctx = {
        "case": case,
        "facts": facts,
        "client": case.client,
        "today": timezone.localdate(),
        "owner_side": owner,
        "sections": allowed,
        "assessment_parts": assessment_parts(allowed),
        "triage": one(case, "triage"),
        "closure": one(case, "closure"),
        "consents": consents,
        "active_consent": facts.active_consent,
        "assessments": list(case.assessments.all()),
        "plans": plans,
        "decisions": {p.pk: decision for p in plans if (decision := getattr(p, "decision", None))},
        "meeting_items": list(case.meeting_items.all()),
        "handoffs": list(case.handoffs.all()),
        "monitorings": list(case.monitorings.all()),
        "evaluations": list(case.evaluations.all()),
        "outcomes": list(case.outcomes.all()) if owner else [],
        "progress": progress,
        "older_progress": len(newest) > case_records.PROGRESS_SHOWN,
        "progress_shown": case_records.PROGRESS_SHOWN,
        "monitoring_due": selectors.monitoring_due(case),
        "evaluation_due": selectors.evaluation_due(case),
        "gaps": [g for g in selectors.regularisation_gaps(case) if not g["regularised"]],
    }
    ctx["has_active_handoff"] = any(h.is_active for h in ctx["handoffs"])
    ctx["stepper"] = case_rows.stepper(stepper_with_gaps(case, ctx["gaps"], reached(ctx))) if owner else []
    latest = ctx["assessments"][0] if ctx["assessments"] else None
    ctx["intake_definitions"] = case_rows.intake(case, who) if "intake" in allowed else []
    ctx["person_definitions"] = case_rows.person(case.client, allowed, latest.household if latest else "", ctx["today"])
    ctx["assessment_definitions"] = case_rows.definitions(assessment_rows(latest, ctx["assessment_parts"]) if latest else [])
    ctx["timeline"] = timeline(ctx, allowed)
    ctx["progress_rows"] = case_rows.progress(progress, who)
    ctx["pending_item"] = facts.pending_item
    return ctx


def reached(ctx) -> frozenset:
    """The statuses of the flow the case's records show it went through (for the stepper of a closed case)."""
    triage = ctx["triage"]
    agreed = {Plan.State.APPROVED, Plan.State.DECIDED, Plan.State.SUPERSEDED}
    went = {
        Status.RECEIVED: True,
        Status.CONTINUING: bool(ctx["consents"]) or bool(triage and triage.outcome == TriageOutcome.CONTINUE),
        Status.APPLIED: bool(ctx["consents"]),
        Status.ASSESSED: bool(ctx["assessments"]),
        Status.PLAN_DRAFTED: bool(ctx["plans"]),
        Status.PLAN_APPROVED: any(p.state in agreed for p in ctx["plans"]),
        Status.IN_SUPPORT: bool(ctx["decisions"]),
        Status.EVALUATED: bool(ctx["evaluations"]),
    }
    return frozenset(s for s, yes in went.items() if yes)


def stepper_with_gaps(case, gaps, went: frozenset = frozenset()) -> list[dict]:
    """The seed's flow; on a special path, the steps still missing are marked on the stepper."""
    missing = {m for g in gaps for m in g["missing"]}
    marks = {"アセスメント": "アセスメント", "プラン（案）": "プラン", "支援調整会議": "支援調整会議での了承",
             "支援決定": "支援決定"}
    steps = stepper(case, went)
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
        add(_event(case.received_on, case.created_at, "相談受付", case.get_route_display(), case.received_by))
        if ctx["triage"]:
            t = ctx["triage"]
            add(_event(t.decided_on, t.recorded_at, "振り分け", t.get_outcome_display(), t.recorded_by))
        if ctx["closure"]:
            c = ctx["closure"]
            add(_event(c.closed_on, c.recorded_at, "終結", c.get_reason_display(), c.recorded_by))
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
            detail = f"{i.get_kind_display()}：{i.get_outcome_display()}"
            add(_event(i.meeting.held_on, i.decided_at, "支援調整会議", detail, i.decided_by))
    if "handoffs" in allowed:
        events += _handoff_events(ctx["handoffs"])
    if "monitoring" in allowed:
        for m in ctx["monitorings"]:
            add(_event(m.monitored_on, m.recorded_at, "モニタリング", m.delivery[:60], m.recorded_by))
    if "evaluation" in allowed:
        for e in ctx["evaluations"]:
            add(_event(e.evaluated_on, e.recorded_at, "プラン評価", e.get_decision_display(), e.recorded_by))
    for o in ctx["outcomes"]:
        add(_event(o.occurred_on, o.recorded_at, o.get_kind_display(), o.note[:60], o.recorded_by))
    for r in ctx["progress"]:
        add(_event(r.occurred_on, r.recorded_at, f"支援経過（{r.get_kind_display()}）", r.text[:60], r.author))
    events.sort(key=lambda e: (e["on"], e["stamp"]), reverse=True)
    return events


def _plan_events(ctx) -> list[dict]:
    events = [_event(p.drafted_on, p.recorded_at, f"プラン（案）第{p.number}版", p.get_state_display(), p.recorded_by)
              for p in ctx["plans"]]
    events += [_event(d.decided_on, d.recorded_at, "支援決定", f"プラン第{d.plan.number}版", d.decided_by)
               for d in ctx["decisions"].values()]
    return events


def _handoff_events(handoffs) -> list[dict]:
    events = []
    for h in handoffs:
        label = f"{h.get_mode_display()}：{Program(h.program).label}"
        events.append(_event(h.started_on, h.recorded_at, "支援引継ぎ", f"{label}（{h.provider.name}）", h.recorded_by))
        if h.ended_on:
            events.append(_event(h.ended_on, None, "引継ぎ終了", f"{label}（{h.end_reason}）", None))
    return events


def _event(on, stamp, title, detail, user) -> dict:
    return {"on": on, "stamp": stamp.isoformat() if stamp else "", "title": title, "detail": detail,
            "who": who(user)}


def meeting_wait(ctx) -> str:
    """The meeting the case waits for, if any; before its day, that a 臨時 meeting can take it sooner."""
    item = ctx["facts"].pending_item
    if item is None:
        return ""
    wait = f"{item.meeting.title}で審議待ちです。"
    if item.meeting.held_on > ctx["today"]:
        wait += "急ぐ場合は、議題を本日の臨時の会議へ移せます。"
    return wait


def next_step_hint(case, ctx) -> str:
    """What happens next when the user has no button for it (e.g. waiting for the meeting)."""
    facts = ctx["facts"]
    if case.status == Status.CLOSED:
        return "このケースは終結しています。終結後のフォローアップは支援経過として記録できます。"
    if facts.pending_item is not None:
        return meeting_wait(ctx)
    if facts.confirmed_decision:
        return f"評価は会議で確認済みです（方針：{EvaluationDecision(facts.confirmed_decision).label}）。"
    return NEXT_ACTION.get(Status(case.status), "")
