"""Case records as JSON-ready dicts for the API, limited to the sections the policy allows.

Reads a case's records in a fixed number of queries (one per kind of record, prefetched), whatever
the case's size; which sections a user sees is decided by `policies.sections`, progress records by
`policies.visible_progress` — never here.
"""
from django.db.models import Prefetch, prefetch_related_objects

from . import policies, selectors
from .choices import Status
from .models import Assessment, Consent, Decision, Handoff, MeetingItem, Plan

ASSESSMENT_FIELDS_BY_SECTION = {
    "assessment_background": ("household", "background", "summary"),
    "assessment_health": ("health",),
    "assessment_work": ("work_school",),
    "assessment_money": ("income", "monthly_income", "assets_debts", "debt_total", "benefits"),
}


def who(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.display_name if staff else user.username


def status_label(status: str) -> str:
    return str(Status(status).label)


# ---------------------------------------------------------------- lists

def case_list_item(case) -> dict:
    """One row of a list; `selectors.LIST_RELATED` is already joined, so no query per row."""
    client = case.client
    return {
        "id": case.pk, "case_number": case.case_number, "case_label": case.label, "status": case.status,
        "status_label": status_label(case.status), "urgent": case.urgent, "received_on": case.received_on,
        "closed_on": case.closed_on, "client_name": client.full_name, "client_kana": client.full_kana,
        "birth_date": client.birth_date, "agency": case.agency.name, "assigned_to": who(case.assigned_to),
    }


def agenda_item(item) -> dict:
    return {
        "id": item.pk, "meeting_id": item.meeting_id, "held_on": item.meeting.held_on, "case_id": item.case_id,
        "case_number": item.case.case_number, "kind": item.kind, "outcome": item.outcome, "note": item.note,
        "moved_from_id": item.moved_from_id,
    }


def meeting(m) -> dict:
    return {
        "id": m.pk, "version": m.version, "held_on": m.held_on, "kind": m.kind, "place": m.place, "members": m.members,
        "minutes": m.minutes, "items": [agenda_item(i) for i in m.items.all()],
    }


def prefetch_meetings(meetings) -> None:
    # Agenda items with their cases in one query for the whole page.
    prefetch_related_objects(
        meetings, Prefetch("items", queryset=MeetingItem.objects.select_related("meeting", "case").order_by("id"))
    )


def progress(record) -> dict:
    return {
        "id": record.pk, "occurred_on": record.occurred_on, "kind": record.kind, "text": record.text,
        "organisation": record.organisation.name, "author": who(record.author),
    }


# ---------------------------------------------------------------- one case

def _prefetch(case) -> None:
    prefetch_related_objects(
        [case],
        "received_by__staff", "assigned_to__staff", "triage", "closure",
        Prefetch("consents", queryset=Consent.objects.all()), "consents__scope",
        Prefetch("assessments", queryset=Assessment.objects.all()),
        Prefetch("plans", queryset=Plan.objects.order_by("-number")), "plans__goals",
        Prefetch("decisions", queryset=Decision.objects.all()),
        Prefetch("meeting_items", queryset=MeetingItem.objects.select_related("meeting", "case")
                 .order_by("-meeting__held_on", "-id")),
        Prefetch("handoffs", queryset=Handoff.objects.select_related("provider")),
        "monitorings", "evaluations",
    )


def case_detail(user, case) -> dict:
    _prefetch(case)
    allowed = policies.sections(user, case)
    owner = policies.is_owner_side(user)
    data = {
        "id": case.pk, "case_number": case.case_number, "status": case.status,
        "status_label": status_label(case.status), "urgent": case.urgent, "version": case.version,
        "received_on": case.received_on, "closed_on": case.closed_on, "closure_reason": case.closure_reason,
        "body": case.body.name, "agency": case.agency.name, "sections": sorted(allowed),
        "client": client_fields(case.client) if "identity" in allowed else None,
        "contact": _contact(case.client) if "contact" in allowed else None,
        "progress": [progress(r) for r in policies.visible_progress(user, case)] if "progress" in allowed else [],
        "regularisation_gaps": _gaps(case) if owner else [],
        "monitoring_due": selectors.monitoring_due(case) if owner else None,
        "evaluation_due": selectors.evaluation_due(case) if owner else None,
    }
    data.update(_intake_part(case, allowed))
    data.update(_records_part(case, allowed))
    return data


def client_fields(client) -> dict:
    return {k: getattr(client, k) for k in ("id", "version", "family_name", "given_name", "family_name_kana",
                                            "given_name_kana", "sex", "birth_date")}


def _contact(client) -> dict:
    return {k: getattr(client, k) for k in ("postal_code", "address", "phone_home", "phone_mobile", "email")}


def _intake_part(case, allowed) -> dict:
    if "intake" not in allowed:
        return {"intake": None, "triage": None, "closure": None}
    fields = ("route", "visitor_name", "visitor_phone", "visitor_relation", "complaints", "main_complaint",
              "consultation_note", "work_status", "housing_status", "health_insurance", "pension")
    intake = {k: getattr(case, k) for k in fields}
    intake.update(received_by=who(case.received_by), assigned_to=who(case.assigned_to))
    triage, closure = getattr(case, "triage", None), getattr(case, "closure", None)
    return {
        "intake": intake,
        "triage": triage and {k: getattr(triage, k) for k in ("outcome", "decided_on", "referred_to", "note")},
        "closure": closure and {k: getattr(closure, k) for k in ("closed_on", "reason", "note")},
    }


def _records_part(case, allowed) -> dict:
    shown = lambda section, build, rows: [build(r) for r in rows] if section in allowed else []  # noqa: E731
    decisions = {d.plan_id: d for d in case.decisions.all()}
    return {
        "consents": shown("consent", _consent, case.consents.all()),
        "assessments": _assessments(case, allowed),
        "plans": shown("plan", lambda p: _plan(p, decisions.get(p.pk)), case.plans.all()),
        "meeting_items": shown("meetings", agenda_item, case.meeting_items.all()),
        "handoffs": shown("handoffs", _handoff, case.handoffs.all()),
        "monitorings": shown("monitoring", _monitoring, case.monitorings.all()),
        "evaluations": shown("evaluation", _evaluation, case.evaluations.all()),
    }


def _consent(c) -> dict:
    return {
        "id": c.pk, "applied_on": c.applied_on, "note": c.note, "active": c.is_active,
        "withdrawn_on": c.withdrawn_on, "withdrawal_note": c.withdrawal_note,
        "scope": [{"id": o.pk, "name": o.name} for o in c.scope.all()],
    }


def _assessments(case, allowed) -> list[dict]:
    visible = [f for section, fields in ASSESSMENT_FIELDS_BY_SECTION.items() if section in allowed for f in fields]
    if not visible:
        return []
    return [{"id": a.pk, "version": a.version, "assessed_on": a.assessed_on, **{f: getattr(a, f) for f in visible}}
            for a in case.assessments.all()]


def _plan(p, decision) -> dict:
    fields = ("number", "state", "version", "drafted_on", "wishes", "problems", "support_content",
              "points_to_watch", "services", "work_support_target", "period_from", "period_to")
    return {
        "id": p.pk, **{k: getattr(p, k) for k in fields},
        "goals": [{"goal": g.goal, "target_date": g.target_date} for g in p.goals.all()],
        "decided_on": decision.decided_on if decision else None,
        "decision_number": decision.decision_number if decision else "",
    }


def _handoff(h) -> dict:
    fields = ("program", "mode", "started_on", "reason", "ended_on", "end_reason", "report_every_days")
    return {"id": h.pk, "provider": {"id": h.provider_id, "name": h.provider.name},
            **{k: getattr(h, k) for k in fields}, "regularised": h.is_regularised}


def _monitoring(m) -> dict:
    fields = ("monitored_on", "delivery", "person_change", "needs_replan", "next_due")
    return {"id": m.pk, **{k: getattr(m, k) for k in fields}}


def _evaluation(e) -> dict:
    fields = ("evaluated_on", "goals_achieved", "changes", "decision", "note", "confirmed")
    return {"id": e.pk, **{k: getattr(e, k) for k in fields}}


def _gaps(case) -> list[dict]:
    return [
        {"handoff_id": g["handoff"].pk, "program": g["handoff"].program, "mode": g["handoff"].mode,
         "missing": g["missing"]}
        for g in selectors.regularisation_gaps(case) if not g["regularised"]
    ]
