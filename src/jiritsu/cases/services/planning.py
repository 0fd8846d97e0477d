"""Assessment, plan drafting and versions, coordination meetings and the body's decision."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiritsu.audit import log as audit
from jiritsu.programs.catalog import PlanService

from .. import policies
from ..choices import AgendaKind, MeetingOutcome, Status
from ..eligibility import CaseFacts, plan_edit_refusal
from ..models import Assessment, Case, Decision, Evaluation, Meeting, MeetingItem, Plan, PlanGoal
from ..process import Step, advance, refuse
from .common import audit_write, begin_step, check_version, lock_case, not_before, not_future, save_case
from .derived import refresh_case

ASSESSMENT_FIELDS = [
    "assessed_on", "household", "health", "work_school", "income", "monthly_income", "assets_debts",
    "debt_total", "benefits", "background", "summary",
]
PLAN_FIELDS = [
    "drafted_on", "wishes", "problems", "support_content", "points_to_watch", "services",
    "work_support_target", "period_from", "period_to",
]


@transaction.atomic
def record_assessment(*, user, case: Case, data: dict) -> Assessment:
    case = begin_step(user=user, case=case, step=Step.ASSESS)
    not_before(data["assessed_on"], case.received_on, "assessed_on", "アセスメント日")
    not_future(data["assessed_on"], "assessed_on")
    assessment = Assessment.objects.create(case=case, recorded_by=user, **_pick(data, ASSESSMENT_FIELDS))
    advance(case, Step.ASSESS)
    save_case(case, "status")
    audit_write(user=user, case=case, what="アセスメントを記録")
    return assessment


@transaction.atomic
def update_assessment(*, user, assessment: Assessment, expected_version, data: dict) -> Assessment:
    policies.require_permission(user, "edit_case")
    case = lock_case(assessment.case)
    if not case.is_open:
        refuse("case_closed", "終結したケースのアセスメントは変更できません。")
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_version(assessment, expected_version)
    not_before(data.get("assessed_on"), case.received_on, "assessed_on", "アセスメント日")
    for k, v in _pick(data, ASSESSMENT_FIELDS).items():
        setattr(assessment, k, v)
    assessment.save()
    audit_write(user=user, case=case, what="アセスメントを更新", created=False)
    return assessment


def _validate_plan(case: Case, data: dict, goals: list) -> None:
    errors = {}
    if any(s not in PlanService.values for s in data.get("services", [])):
        errors["services"] = "利用事業に認識できない項目があります。"
    if data.get("period_from") and data.get("period_to") and data["period_to"] < data["period_from"]:
        errors["period_to"] = "プラン期間の終了日は開始日以降にしてください。"
    if not [g for g in goals if g[0].strip()]:
        errors["goals"] = "目標を1つ以上入力してください。"
    if data.get("drafted_on") and data["drafted_on"] < case.received_on:
        errors["drafted_on"] = "作成日は受付日より前にできません。"
    if errors:
        raise ValidationError(errors)


def _save_goals(plan: Plan, goals: list) -> None:
    plan.goals.all().delete()
    PlanGoal.objects.bulk_create(
        PlanGoal(plan=plan, order=i, goal=g.strip(), target_date=d) for i, (g, d) in enumerate(goals) if g.strip()
    )


@transaction.atomic
def draft_plan(*, user, case: Case, data: dict, goals: list[tuple[str, dt.date | None]]) -> Plan:
    """プラン（案）策定, or 再プラン策定 (a new version) when the case is in support or evaluated."""
    current = lock_case(case).status  # the stored status, not the caller's possibly stale copy
    step = Step.DRAFT_PLAN if current == Status.ASSESSED else Step.REPLAN
    case = begin_step(user=user, case=case, step=step)
    _validate_plan(case, data, goals)
    number = (case.plans.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    plan = Plan.objects.create(case=case, number=number, recorded_by=user, **_pick(data, PLAN_FIELDS))
    _save_goals(plan, goals)
    advance(case, step)
    save_case(case, "status")
    audit_write(user=user, case=case, what=f"プラン（案）第{number}版を作成")
    return plan


@transaction.atomic
def update_plan(*, user, plan: Plan, expected_version, data: dict, goals: list) -> Plan:
    policies.require_permission(user, "edit_case")
    case = lock_case(plan.case)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    refusal = plan_edit_refusal(plan)
    if refusal:
        refuse(*refusal)
    check_version(plan, expected_version)
    _validate_plan(case, data, goals)
    for k, v in _pick(data, PLAN_FIELDS).items():
        setattr(plan, k, v)
    plan.save()
    _save_goals(plan, goals)
    audit_write(user=user, case=case, what=f"プラン（案）第{plan.number}版を修正", created=False)
    return plan


@transaction.atomic
def create_meeting(*, user, held_on: dt.date, place: str = "", members: str = "") -> Meeting:
    policies.require_permission(user, "manage_meetings")
    meeting = Meeting.objects.create(body_id=user.staff.organisation.body_id, held_on=held_on, place=place,
                                     members=members, created_by=user)
    audit.record(user=user, action="create", what=f"支援調整会議（{held_on}）を登録", body_id=meeting.body_id)
    return meeting


@transaction.atomic
def update_meeting(*, user, meeting: Meeting, expected_version, data: dict) -> Meeting:
    policies.require_permission(user, "manage_meetings")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(meeting, expected_version)
    for k in ("held_on", "place", "members", "minutes"):
        if k in data:
            setattr(meeting, k, data[k])
    meeting.save()
    audit.record(user=user, action="update", what=f"支援調整会議（{meeting.held_on}）を更新", body_id=meeting.body_id)
    return meeting


@transaction.atomic
def add_to_agenda(*, user, meeting: Meeting, case: Case) -> MeetingItem:
    """Put the case's draft plan or its evaluation on a meeting's agenda."""
    case = begin_step(user=user, case=case, step=Step.PUT_ON_AGENDA)
    if meeting.body_id != case.body_id:
        refuse("meeting_of_other_body", "他の自治体の支援調整会議には付議できません。")
    facts = CaseFacts(case)  # the step's rule made sure there is a draft or an unconfirmed evaluation
    if case.status == Status.PLAN_DRAFTED:
        kind, subject = AgendaKind.PLAN, {"plan": facts.draft_plan}
    else:
        kind, subject = AgendaKind.EVALUATION, {"evaluation": facts.latest_evaluation}
    item = MeetingItem.objects.create(meeting=meeting, case=case, kind=kind, **subject)
    audit_write(user=user, case=case, what=f"支援調整会議（{meeting.held_on}）に付議")
    return item


@transaction.atomic
def record_meeting_outcome(*, user, item: MeetingItem, outcome: str, note: str = "") -> MeetingItem:
    """Outcome per case: approving a plan moves it to decision; confirming an evaluation allows the
    chosen next step (closure, re-plan or continuation)."""
    item = MeetingItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.outcome != MeetingOutcome.PENDING:
        refuse("agenda_item_decided", "この議題の結果はすでに記録されています。")
    if outcome not in (MeetingOutcome.APPROVED, MeetingOutcome.REVISE):
        raise ValidationError({"outcome": "結果を選んでください。"})
    if item.kind == AgendaKind.PLAN:
        step = Step.APPROVE_PLAN if outcome == MeetingOutcome.APPROVED else Step.RETURN_PLAN
    else:
        step = Step.CONFIRM_EVALUATION
    case = begin_step(user=user, case=item.case, step=step)
    if item.meeting.held_on > timezone.localdate():
        refuse("meeting_not_held", "開催日前の会議の結果は記録できません。")
    item.outcome, item.note, item.decided_by, item.decided_at = outcome, note, user, timezone.now()
    item.save(update_fields=["outcome", "note", "decided_by", "decided_at"])
    if step == Step.APPROVE_PLAN:
        Plan.objects.filter(pk=item.plan_id).update(state=Plan.State.APPROVED)
        advance(case, step)
        save_case(case, "status")
    elif step == Step.CONFIRM_EVALUATION and outcome == MeetingOutcome.APPROVED:
        Evaluation.objects.filter(pk=item.evaluation_id).update(confirmed=True)
    audit_write(user=user, case=case, what=f"支援調整会議の結果（{MeetingOutcome(outcome).label}）", created=False)
    return item


@transaction.atomic
def decide(*, user, case: Case, decided_on: dt.date, decision_number: str = "", note: str = "") -> Decision:
    """支援決定 on the plan the meeting approved; earlier decided plans are superseded."""
    case = begin_step(user=user, case=case, step=Step.DECIDE)
    plan = CaseFacts(case).approved_plan  # the step's rule made sure there is one
    approved_at = plan.case.meeting_items.filter(plan=plan, outcome=MeetingOutcome.APPROVED).first()
    if approved_at and decided_on < approved_at.meeting.held_on:
        raise ValidationError({"decided_on": "支援決定日は支援調整会議の開催日以降にしてください。"})
    not_future(decided_on, "decided_on")
    case.plans.filter(state=Plan.State.DECIDED).update(state=Plan.State.SUPERSEDED)
    plan.state = Plan.State.DECIDED
    plan.save(update_fields=["state"])
    decision = Decision.objects.create(case=case, plan=plan, decided_on=decided_on,
                                       decision_number=decision_number, note=note, decided_by=user)
    refresh_case(case)
    advance(case, Step.DECIDE)
    save_case(case, "status")
    audit_write(user=user, case=case, what=f"支援決定（プラン第{plan.number}版）")
    return decision


def _pick(data: dict, fields: list[str]) -> dict:
    return {k: data[k] for k in fields if k in data}



