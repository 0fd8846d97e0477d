"""Hand-offs (regular, temporary use, urgent shelter), progress, monitoring, evaluation, closure."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import AGENCY_ROLES, Organisation, Role
from jiritsu.orgs.policies import role_of
from jiritsu.programs.catalog import Program

from .. import policies, sharing
from ..choices import (
    BEFORE_APPLICATION,
    REASONS_NEEDING_EVALUATION,
    TRIAGE_REASONS,
    EvaluationDecision,
    HandoffMode,
    MeetingOutcome,
    Status,
    TriageOutcome,
)
from ..eligibility import CaseFacts, handoff_refusal
from ..field_history import save_changed
from ..models import (
    REPORT_EVERY_DAYS,
    REPORT_EVERY_DAYS_VALIDATORS,
    Case,
    Closure,
    Evaluation,
    Handoff,
    Monitoring,
    Outcome,
    ProgressRecord,
)
from ..process import Step, advance, refuse, require
from .common import audit_write, begin_step, lock_case, not_before, not_future, save_case
from .derived import refresh_case
from .intake import apply_with_consent, triage


def _check_provider(case: Case, provider: Organisation, program: str, on: dt.date, *, kind: str) -> None:
    """The hand-off page's rule (eligibility.handoff_refusal): the program of this kind of hand-off, the
    provider delivering it under an agreement and contract in force on the day, the plan naming it (regular
    hand-offs), the person's active consent naming the provider, no such hand-off running already."""
    refusal = handoff_refusal(CaseFacts(case), provider, program, on, kind=kind)
    if refusal:
        refuse(*refusal)


def _create_handoff(*, user, case, provider, program, mode, started_on, plan=None, reason="",
                    report_every_days=REPORT_EVERY_DAYS) -> Handoff:
    not_before(started_on, case.received_on, "started_on", "引継ぎ日")
    for validate in REPORT_EVERY_DAYS_VALIDATORS:
        try:
            validate(report_every_days)
        except ValidationError as error:
            raise ValidationError({"report_every_days": error.messages}) from error
    handoff = Handoff.objects.create(case=case, plan=plan, provider=provider, program=program, mode=mode,
                                     started_on=started_on, reason=reason, report_every_days=report_every_days,
                                     recorded_by=user)
    audit_write(user=user, case=case, what=f"{HandoffMode(mode).label}：{Program(program).label}（{provider.name}）")
    return handoff


@transaction.atomic
def hand_off(*, user, case: Case, provider: Organisation, program: str, started_on: dt.date,
             report_every_days: int = REPORT_EVERY_DAYS) -> Handoff:
    case = begin_step(user=user, case=case, step=Step.HANDOFF)
    _check_provider(case, provider, program, started_on, kind="regular")
    return _create_handoff(user=user, case=case, provider=provider, program=program,
                           mode=HandoffMode.REGULAR, started_on=started_on, plan=CaseFacts(case).current_plan,
                           report_every_days=report_every_days)


@transaction.atomic
def start_temporary_use(*, user, case: Case, provider: Organisation, program: str, started_on: dt.date,
                        reason: str, report_every_days: int = REPORT_EVERY_DAYS) -> Handoff:
    """早期介入: 就労準備 or 家計改善 during assessment; the plan and meeting follow."""
    case = begin_step(user=user, case=case, step=Step.TEMPORARY_USE)
    if not reason.strip():
        raise ValidationError({"reason": "一時的利用とする理由を入力してください。"})
    _check_provider(case, provider, program, started_on, kind="temporary")
    return _create_handoff(user=user, case=case, provider=provider, program=program,
                           mode=HandoffMode.TEMPORARY, started_on=started_on, reason=reason,
                           report_every_days=report_every_days)


@transaction.atomic
def start_urgent_shelter(*, user, case: Case, provider: Organisation, started_on: dt.date, reason: str,
                         consent: dict | None = None, report_every_days: int = REPORT_EVERY_DAYS) -> Handoff:
    """急迫性が認められる場合: 一時生活支援 may start on the day of the application, before a plan.

    From the intake (no active consent yet), `consent` holds the application and consent with its sharing
    scope (apply_with_consent's arguments): triage to 継続支援 if not done, the application, and the hand-off
    are recorded together, each checked and audited by its own service, all or nothing."""
    case = begin_step(user=user, case=case, step=Step.URGENT_SHELTER)
    if consent is not None:
        case = _apply_for_urgent(user, case, consent)
    elif case.status in BEFORE_APPLICATION:
        refuse("consent_missing", "利用申込・本人同意（情報共有先）と一緒に記録してください。")
    if not reason.strip():
        raise ValidationError({"reason": "急迫性の判断（理由）を入力してください。"})
    _check_provider(case, provider, Program.TEMPORARY_SHELTER, started_on, kind="urgent")
    case.urgent = True
    save_case(case, "urgent")
    return _create_handoff(user=user, case=case, provider=provider, program=Program.TEMPORARY_SHELTER,
                           mode=HandoffMode.URGENT, started_on=started_on, reason=reason,
                           report_every_days=report_every_days)


def _apply_for_urgent(user, case: Case, consent: dict) -> Case:
    if case.consents.filter(withdrawn_on__isnull=True).exists():
        refuse("consent_active", "有効な本人同意がすでに記録されています。同意の範囲はその同意のままです。")
    if case.status == Status.RECEIVED:
        triage(user=user, case=case, outcome=TriageOutcome.CONTINUE, decided_on=consent["applied_on"],
               note="急迫のため継続支援とし、一時生活支援を開始")
    apply_with_consent(user=user, case=case, **consent)
    return lock_case(case)  # the status the two services wrote


@transaction.atomic
def end_handoff(*, user, handoff: Handoff, ended_on: dt.date, reason: str) -> Handoff:
    policies.require_step_permission(user, Step.END_HANDOFF)
    case = lock_case(handoff.case)
    handoff = Handoff.objects.select_for_update().get(pk=handoff.pk, case=case)
    if handoff.ended_on is not None:  # this one first: the step's rule speaks of the case's hand-offs
        refuse("handoff_already_ended", "この引継ぎはすでに終了しています。")
    require(case, Step.END_HANDOFF)
    if ended_on < handoff.started_on:
        raise ValidationError({"ended_on": "終了日は引継ぎ日以降にしてください。"})
    handoff.ended_on, handoff.end_reason = ended_on, reason
    save_changed(handoff, user, "ended_on", "end_reason")
    sharing.handoff_ended(user=user, handoff=handoff, ended_on=ended_on)
    audit_write(user=user, case=case, what=f"引継ぎを終了（{handoff.get_program_display()}）", created=False)
    return handoff


@transaction.atomic
def hand_over(*, user, handoff: Handoff, ended_on: dt.date, reason: str, provider: Organisation | None = None,
              program: str = "") -> Handoff | None:
    """End a running hand-off and, when `provider` is given, hand the person to `program` with it the same day
    (一時生活支援 → 地域居住支援 at the move-out), checked as any hand-off is (the provider's programs, 協定,
    contract, consent). Under the case's decided plan if it names the program, else as a move-on hand-off that
    the plan, meeting and decision regularise afterwards (as on the urgent path). By the case's agency staff,
    or by staff of the provider whose hand-off ends. Returns the new (or already running) hand-off."""
    role, staff = role_of(user), policies.staff_of(user)
    if not (role in AGENCY_ROLES or (role == Role.PROVIDER_STAFF and staff.organisation_id == handoff.provider_id)):
        raise policies.NotPermitted("引継ぎを移せるのは、ケースの自立相談支援機関の職員か、引継ぎ先の事業者の職員です。")
    case = lock_case(policies.get_case_or_404(user, handoff.case_id))
    ending = Handoff.objects.select_for_update().get(pk=handoff.pk, case=case)
    if ending.ended_on is not None:
        refuse("handoff_already_ended", "この引継ぎはすでに終了しています。")
    if ended_on < ending.started_on:
        raise ValidationError({"ended_on": f"終了日は引継ぎ日（{format_wareki(ending.started_on)}）以降にしてください。"})
    ending.ended_on, ending.end_reason = ended_on, reason[:100]
    save_changed(ending, user, "ended_on", "end_reason")
    sharing.handoff_ended(user=user, handoff=ending, ended_on=ended_on)
    audit_write(user=user, case=case, what=f"引継ぎを終了（{ending.get_program_display()}：{reason}）"[:200],
                created=False)
    if provider is None:
        return None
    running = case.handoffs.filter(provider=provider, program=program, ended_on__isnull=True).first()
    if running is not None:
        return running
    _check_provider(case, provider, program, ended_on, kind="move_on")
    plan = CaseFacts(case).current_plan
    planned = plan is not None and program in plan.services
    return _create_handoff(user=user, case=case, provider=provider, program=program, started_on=ended_on,
                           mode=HandoffMode.REGULAR if planned else HandoffMode.MOVE_ON,
                           plan=plan if planned else None, reason=reason)


@transaction.atomic
def record_progress(*, user, case: Case, occurred_on: dt.date, kind: str, text: str) -> ProgressRecord:
    case = begin_step(user=user, case=case, step=Step.RECORD_PROGRESS)
    if not text.strip():
        raise ValidationError({"text": "内容を入力してください。"})
    not_future(occurred_on, "occurred_on")
    record = ProgressRecord.objects.create(case=case, organisation=user.staff.organisation, author=user,
                                           occurred_on=occurred_on, kind=kind, text=text)
    audit_write(user=user, case=case, what="支援経過を記録")
    return record


@transaction.atomic
def record_monitoring(*, user, case: Case, monitored_on: dt.date, delivery: str, person_change: str = "",
                      needs_replan: bool = False, next_due: dt.date | None = None) -> Monitoring:
    case = begin_step(user=user, case=case, step=Step.MONITOR)
    plan = CaseFacts(case).current_plan  # the step's rule made sure there is one
    not_future(monitored_on, "monitored_on")
    next_due = next_due or monitored_on + dt.timedelta(days=case.body.monitoring_interval_days)
    if next_due <= monitored_on:
        raise ValidationError({"next_due": "次回予定日は実施日より後にしてください。"})
    monitoring = Monitoring.objects.create(case=case, plan=plan, monitored_on=monitored_on, delivery=delivery,
                                           person_change=person_change, needs_replan=needs_replan,
                                           next_due=next_due, recorded_by=user)
    refresh_case(case)
    audit_write(user=user, case=case, what="モニタリングを記録")
    return monitoring


@transaction.atomic
def record_evaluation(*, user, case: Case, evaluated_on: dt.date, goals_achieved: str, decision: str,
                      changes: str = "", note: str = "") -> Evaluation:
    case = begin_step(user=user, case=case, step=Step.EVALUATE)
    plan = CaseFacts(case).current_plan  # the step's rule made sure there is one
    if decision not in EvaluationDecision.values:
        raise ValidationError({"decision": "今後の方針を選んでください。"})
    not_future(evaluated_on, "evaluated_on")
    evaluation = Evaluation.objects.create(case=case, plan=plan, evaluated_on=evaluated_on,
                                           goals_achieved=goals_achieved, changes=changes, decision=decision,
                                           note=note, recorded_by=user)
    advance(case, Step.EVALUATE)
    save_case(case, "status")
    audit_write(user=user, case=case, what="プラン評価を記録")
    return evaluation


@transaction.atomic
def continue_plan(*, user, case: Case) -> Case:
    case = begin_step(user=user, case=case, step=Step.CONTINUE_PLAN)
    advance(case, Step.CONTINUE_PLAN)
    save_case(case, "status")
    audit_write(user=user, case=case, what="評価に基づき現プランで支援を継続", created=False)
    return case


@transaction.atomic
def close_case(*, user, case: Case, closed_on: dt.date, reason: str, note: str = "") -> Closure:
    """終結. Closing on achieved goals needs an evaluation confirmed at a meeting; other reasons
    (moved, lost contact, declined ...) may end support at any stage after triage."""
    case = begin_step(user=user, case=case, step=Step.CLOSE)
    if reason in TRIAGE_REASONS:
        raise ValidationError({"reason": "この終結理由は振り分けでのみ使えます。"})
    if reason in REASONS_NEEDING_EVALUATION:
        if CaseFacts(case).confirmed_decision != EvaluationDecision.CLOSE:
            refuse("evaluation_not_confirmed_for_closure",
                   "目標達成による終結には、評価で「終結」とし支援調整会議で確認されていることが必要です。")
    not_before(closed_on, case.received_on, "closed_on", "終結日")
    not_future(closed_on, "closed_on")
    closure = Closure.objects.create(case=case, closed_on=closed_on, reason=reason, note=note, recorded_by=user)
    sharing.end_all(user=user, case=case, ended_on=closed_on, reason=sharing.CLOSED)
    for item in case.meeting_items.filter(outcome=MeetingOutcome.PENDING):  # no meeting discusses a closed case
        item.settle(MeetingOutcome.WITHDRAWN, "ケース終結により取り下げ", user)
    case.status, case.closed_on, case.closure_reason = Status.CLOSED, closed_on, reason
    save_case(case, "status", "closed_on", "closure_reason")
    audit_write(user=user, case=case, what="終結")
    return closure





@transaction.atomic
def record_outcome(*, user, case: Case, kind: str, occurred_on: dt.date, note: str = "") -> Outcome:
    """就労 or 増収, counted by the monthly survey in the month it happened."""
    case = begin_step(user=user, case=case, step=Step.RECORD_OUTCOME)
    if kind not in Outcome.Kind.values:
        raise ValidationError({"kind": "就労か増収かを選んでください。"})
    not_before(occurred_on, case.received_on, "occurred_on", "日付")
    not_future(occurred_on, "occurred_on")
    outcome = Outcome.objects.create(case=case, kind=kind, occurred_on=occurred_on, note=note, recorded_by=user)
    audit_write(user=user, case=case, what=f"{Outcome.Kind(kind).label}を記録")
    return outcome
