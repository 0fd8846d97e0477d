"""Assessment, plan drafting and versions, coordination meetings and the body's decision."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiritsu.audit import log as audit
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import PlanService, Program

from .. import policies
from ..choices import MEETING_DECISIONS, AgendaKind, HandoffMode, MeetingKind, MeetingOutcome, Status
from ..eligibility import CaseFacts, plan_edit_refusal
from ..field_history import save_changed
from ..models import Assessment, Case, Decision, Meeting, MeetingItem, Plan, PlanGoal
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
def create_meeting(*, user, held_on: dt.date, place: str = "", members: str = "",
                   kind: str = MeetingKind.REGULAR) -> Meeting:
    policies.require_permission(user, "manage_meetings")
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "会議の種別を選んでください。"})
    meeting = Meeting.objects.create(body_id=user.staff.organisation.body_id, held_on=held_on, place=place,
                                     members=members, kind=kind, created_by=user)
    audit.record(user=user, action="create", what=f"{meeting.title}を登録", body_id=meeting.body_id)
    return meeting


@transaction.atomic
def extraordinary_meeting_today(*, user, place: str = "", members: str = "") -> Meeting:
    """A meeting held today, so a case need not wait for the next regular meeting: the body's meeting of today
    if it has one, else a 臨時 meeting opened now. Asking again (another worker, another case) gives the
    same meeting."""
    policies.require_permission(user, "manage_meetings")
    today = timezone.localdate()
    body_id = user.staff.organisation.body_id
    # Lock the body's row so two people opening today's meeting at once make one meeting, not two.
    Body.objects.select_for_update().filter(pk=body_id).first()
    held = Meeting.objects.filter(body_id=body_id, held_on=today).order_by("id").first()
    return held or create_meeting(user=user, held_on=today, place=place, members=members,
                                  kind=MeetingKind.EXTRAORDINARY)


@transaction.atomic
def update_meeting(*, user, meeting: Meeting, expected_version, data: dict) -> Meeting:
    policies.require_permission(user, "manage_meetings")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(meeting, expected_version)
    for k in ("held_on", "place", "members", "minutes"):
        if k in data:
            setattr(meeting, k, data[k])
    meeting.save()
    audit.record(user=user, action="update", what=f"{meeting.title}を更新", body_id=meeting.body_id)
    return meeting


@transaction.atomic
def add_to_agenda(*, user, meeting: Meeting, case: Case, accept_omissions: bool = False) -> MeetingItem:
    """Put the case's draft plan or its evaluation on a meeting's agenda. A plan sent back (修正のうえ再提出)
    or a re-plan may be tabled again at the same meeting: the earlier item keeps its outcome. A plan that
    leaves out a program already in use (temporary use, urgent) is tabled only with `accept_omissions`."""
    case = begin_step(user=user, case=case, step=Step.PUT_ON_AGENDA)
    if meeting.body_id != case.body_id:
        refuse("meeting_of_other_body", "他の自治体の支援調整会議には付議できません。")
    facts = CaseFacts(case)  # the step's rule made sure there is a draft or an unconfirmed evaluation
    if case.status == Status.PLAN_DRAFTED:
        kind, subject = AgendaKind.PLAN, {"plan": facts.draft_plan}
    else:
        kind, subject = AgendaKind.EVALUATION, {"evaluation": facts.latest_evaluation}
    omitted = omitted_programs(case, subject["plan"]) if kind == AgendaKind.PLAN else []
    if omitted and not accept_omissions:
        refuse("plan_omits_program_in_use", omission_warning(omitted))
    item = MeetingItem.objects.create(meeting=meeting, case=case, kind=kind, **subject)
    audit_write(user=user, case=case, what=f"{meeting.title}に付議")
    return item


def omission_warning(programs: list[str]) -> str:
    names = "、".join(Program(p).label for p in programs)
    return (f"このプラン（案）には、すでに利用中の{names}が含まれていません。このままでは正規化されません。"
            "プラン（案）に加えるか、含めない理由を確認のうえ付議してください。")


def _pending_item(user, item: MeetingItem) -> tuple[MeetingItem, Case]:
    """The item, locked with its case, if the user may change the agenda and the meeting has not decided it."""
    policies.require_step_permission(user, Step.PUT_ON_AGENDA)
    case = lock_case(item.case)
    item = MeetingItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.outcome != MeetingOutcome.PENDING:
        refuse("agenda_item_decided", "この議題の結果はすでに記録されています（取り下げ・移動を含む）。")
    return item, case


@transaction.atomic
def withdraw_agenda_item(*, user, item: MeetingItem, reason: str) -> MeetingItem:
    """取り下げ before the meeting decides: the item stays on the agenda's record, marked withdrawn."""
    item, case = _pending_item(user, item)
    if not reason.strip():
        raise ValidationError({"reason": "取り下げの理由を入力してください。"})
    item.settle(MeetingOutcome.WITHDRAWN, reason, user)
    audit_write(user=user, case=case, what=f"{item.meeting.title}の議題を取り下げ", created=False)
    return item


@transaction.atomic
def move_agenda_item(*, user, item: MeetingItem, to: Meeting | None = None, reason: str = "") -> MeetingItem:
    """Move an undecided item to another meeting of the body (`to`), or, with `to` None, to today's
    臨時 meeting. The old item reads 他の会議へ移動 and points to the new one."""
    item, case = _pending_item(user, item)
    if to is None:
        to = extraordinary_meeting_today(user=user)
    if to.body_id != case.body_id:
        refuse("meeting_of_other_body", "他の自治体の支援調整会議には移せません。")
    if to.pk == item.meeting_id:
        raise ValidationError({"meeting": "今の会議とは別の会議を選んでください。"})
    if to.held_on < timezone.localdate():
        raise ValidationError({"meeting": "開催日を過ぎた会議には移せません。"})
    label = to.title
    item.settle(MeetingOutcome.MOVED, reason.strip() or f"{label}へ移動", user)
    moved = MeetingItem.objects.create(meeting=to, case=case, kind=item.kind, plan_id=item.plan_id,
                                       evaluation_id=item.evaluation_id, moved_from=item)
    audit_write(user=user, case=case, what=f"{item.meeting.title}の議題を{label}へ移動", created=False)
    return moved


@transaction.atomic
def record_meeting_outcome(*, user, item: MeetingItem, outcome: str, note: str = "") -> MeetingItem:
    """Outcome per case: approving a plan moves it to decision; confirming an evaluation allows the
    chosen next step (closure, re-plan or continuation)."""
    item = MeetingItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.outcome != MeetingOutcome.PENDING:
        refuse("agenda_item_decided", "この議題の結果はすでに記録されています。")
    if outcome not in MEETING_DECISIONS:
        raise ValidationError({"outcome": "結果を選んでください。"})
    if item.kind == AgendaKind.PLAN:
        step = Step.APPROVE_PLAN if outcome == MeetingOutcome.APPROVED else Step.RETURN_PLAN
    else:
        step = Step.CONFIRM_EVALUATION
    case = begin_step(user=user, case=item.case, step=step)
    if item.meeting.held_on > timezone.localdate():
        refuse("meeting_not_held", f"開催日（{format_wareki(item.meeting.held_on)}）前の会議の結果は記録できません。"
               "急ぐ場合は、議題を今日の臨時の支援調整会議に移してください。")
    item.settle(outcome, note, user)
    if outcome == MeetingOutcome.APPROVED:
        subject = item.plan if step == Step.APPROVE_PLAN else item.evaluation
        if step == Step.APPROVE_PLAN:
            subject.state = Plan.State.APPROVED
        else:
            subject.confirmed = True
        # save(), not update(): the field history records the change, and who made it
        save_changed(subject, user, "state" if step == Step.APPROVE_PLAN else "confirmed")
        advance(case, step)
        save_case(case, "status")
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
    for earlier in case.plans.select_for_update().filter(state=Plan.State.DECIDED):
        earlier.state = Plan.State.SUPERSEDED
        save_changed(earlier, user, "state")
    plan.state = Plan.State.DECIDED
    save_changed(plan, user, "state")
    decision = Decision.objects.create(case=case, plan=plan, decided_on=decided_on,
                                       decision_number=decision_number, note=note, decided_by=user)
    _regularise(case, plan)
    refresh_case(case)
    advance(case, Step.DECIDE)
    save_case(case, "status")
    audit_write(user=user, case=case, what=f"支援決定（プラン第{plan.number}版）")
    return decision


def _regularise(case: Case, plan: Plan) -> None:
    """The decided plan covers the programs used before it (temporary use, urgent shelter, move-on): each such
    hand-off is linked to the plan and from now on reads 正規化済. Saved one by one for the field history."""
    for handoff in case.handoffs.filter(plan__isnull=True).exclude(mode=HandoffMode.REGULAR):
        if handoff.program in plan.services:
            handoff.plan = plan
            handoff.save(update_fields=["plan"])


def omitted_programs(case: Case, plan: Plan) -> list[str]:
    """Programs in use before a plan (temporary use, urgent, move-on), still running and not yet covered by a
    decided plan, that this plan leaves out: the plan would not regularise them."""
    running = case.handoffs.filter(plan__isnull=True, ended_on__isnull=True).exclude(mode=HandoffMode.REGULAR)
    return sorted({h.program for h in running if h.program not in plan.services})


def _pick(data: dict, fields: list[str]) -> dict:
    return {k: data[k] for k in fields if k in data}



