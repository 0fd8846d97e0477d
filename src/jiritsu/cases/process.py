"""The support process (支援の流れ): which step is allowed from which status, in one table.

Services call `require(case, step)` before changing anything; a refused step raises `InvalidStep`,
which the UI shows as a Japanese message and the API returns as 409 with `reason`.
"""
from dataclasses import dataclass
from enum import StrEnum

from .choices import Status as S


class Step(StrEnum):
    TRIAGE = "triage"
    APPLY = "apply"
    ASSESS = "assess"
    DRAFT_PLAN = "draft_plan"
    PUT_ON_AGENDA = "put_on_agenda"
    APPROVE_PLAN = "approve_plan"
    RETURN_PLAN = "return_plan"
    DECIDE = "decide"
    HANDOFF = "handoff"
    TEMPORARY_USE = "temporary_use"
    URGENT_SHELTER = "urgent_shelter"
    MONITOR = "monitor"
    EVALUATE = "evaluate"
    CONFIRM_EVALUATION = "confirm_evaluation"
    REPLAN = "replan"
    CONTINUE_PLAN = "continue_plan"
    CLOSE = "close"
    WITHDRAW_CONSENT = "withdraw_consent"
    RECORD_PROGRESS = "record_progress"
    END_HANDOFF = "end_handoff"
    RECORD_OUTCOME = "record_outcome"


OPEN = frozenset(set(S) - {S.CLOSED})
BEFORE_APPLICATION = frozenset({S.RECEIVED, S.CONTINUING})
AFTER_APPLICATION = frozenset(OPEN - BEFORE_APPLICATION)


@dataclass(frozen=True)
class Rule:
    allowed_from: frozenset
    to: S | None  # None: the status does not change
    label: str


TRANSITIONS: dict[Step, Rule] = {
    Step.TRIAGE: Rule(frozenset({S.RECEIVED}), None, "振り分け"),  # to depends on the outcome
    Step.APPLY: Rule(frozenset({S.CONTINUING}), S.APPLIED, "利用申込（本人同意）"),
    Step.ASSESS: Rule(frozenset({S.APPLIED, S.ASSESSED}), S.ASSESSED, "アセスメント"),
    Step.DRAFT_PLAN: Rule(frozenset({S.ASSESSED}), S.PLAN_DRAFTED, "プラン（案）策定"),
    Step.PUT_ON_AGENDA: Rule(frozenset({S.PLAN_DRAFTED, S.EVALUATED}), None, "支援調整会議への付議"),
    Step.APPROVE_PLAN: Rule(frozenset({S.PLAN_DRAFTED}), S.PLAN_APPROVED, "支援調整会議での了承"),
    Step.RETURN_PLAN: Rule(frozenset({S.PLAN_DRAFTED}), S.PLAN_DRAFTED, "プラン（案）の差し戻し"),
    Step.DECIDE: Rule(frozenset({S.PLAN_APPROVED}), S.IN_SUPPORT, "支援決定"),
    Step.HANDOFF: Rule(frozenset({S.IN_SUPPORT}), None, "支援引継ぎ"),
    Step.TEMPORARY_USE: Rule(frozenset({S.APPLIED, S.ASSESSED}), None, "一時的利用（アセスメント段階）"),
    # From the intake too: the application and consent are then recorded with it (services.start_urgent_shelter).
    Step.URGENT_SHELTER: Rule(
        BEFORE_APPLICATION | {S.APPLIED, S.ASSESSED, S.PLAN_DRAFTED, S.PLAN_APPROVED}, None, "急迫時の一時生活支援"
    ),
    Step.MONITOR: Rule(frozenset({S.IN_SUPPORT}), None, "モニタリング"),
    Step.EVALUATE: Rule(frozenset({S.IN_SUPPORT}), S.EVALUATED, "プラン評価"),
    Step.CONFIRM_EVALUATION: Rule(frozenset({S.EVALUATED}), S.EVALUATION_CONFIRMED, "プラン評価の会議確認"),
    Step.REPLAN: Rule(frozenset({S.IN_SUPPORT, S.EVALUATION_CONFIRMED}), S.PLAN_DRAFTED, "再プラン策定"),
    Step.CONTINUE_PLAN: Rule(frozenset({S.EVALUATION_CONFIRMED}), S.IN_SUPPORT, "現プランで継続"),
    Step.CLOSE: Rule(AFTER_APPLICATION | {S.CONTINUING}, S.CLOSED, "終結"),
    Step.WITHDRAW_CONSENT: Rule(frozenset(S), None, "同意の撤回"),
    Step.RECORD_PROGRESS: Rule(frozenset(S), None, "支援経過の記録"),  # follow-up after closure is allowed
    Step.END_HANDOFF: Rule(frozenset(S), None, "引継ぎの終了"),
    # 就労・増収 after the application; also after closure, when follow-up learns of it.
    Step.RECORD_OUTCOME: Rule(AFTER_APPLICATION | {S.CLOSED}, None, "就労・増収の記録"),
}


class InvalidStep(Exception):
    """A step that the process does not allow now. `reason` is machine-readable, `message` Japanese."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def require(case, step: Step) -> Rule:
    rule = TRANSITIONS[step]
    if case.status not in rule.allowed_from:
        raise InvalidStep(
            "step_not_allowed_in_status",
            f"このケースは「{S(case.status).label}」のため、「{rule.label}」はできません。",
        )
    return rule


def refuse(reason: str, message: str):
    raise InvalidStep(reason, message)


def allowed_steps(case) -> list[Step]:
    return [step for step, rule in TRANSITIONS.items() if case.status in rule.allowed_from]


def advance(case, step: Step, to: S | None = None) -> None:
    """Set the new status (the caller saves within its transaction)."""
    target = to or TRANSITIONS[step].to
    if target is not None:
        case.status = target


# The stepper on the case page: the seed's flow, with the status at which each step counts as done.
FLOW = [
    ("相談受付", S.RECEIVED),
    ("振り分け", S.CONTINUING),
    ("利用申込", S.APPLIED),
    ("アセスメント", S.ASSESSED),
    ("プラン（案）", S.PLAN_DRAFTED),
    ("支援調整会議", S.PLAN_APPROVED),
    ("支援決定", S.IN_SUPPORT),
    ("プラン評価", S.EVALUATED),
    ("終結", S.CLOSED),
]
_ORDER = [s for _, s in FLOW]


def stepper(case, reached: frozenset = frozenset()) -> list[dict]:
    """Each step of FLOW: done, current, or (on a closed case) skipped.

    An open case has done every step before its status. A closed case may have ended at any point
    (after triage, moved away before a plan ...): `reached` holds the statuses its records show it went
    through, and only those steps count as done; the rest were skipped. After the meeting confirmed an
    evaluation, the evaluation is done and what comes next (closure, re-plan, continuation) is not yet
    chosen on the flow, so no step is current."""
    status = S(case.status)
    if status == S.CLOSED:
        return [{"label": label, "done": s in reached or s == S.CLOSED, "current": False,
                 "skipped": s not in reached and s != S.CLOSED} for label, s in FLOW]
    if status == S.EVALUATION_CONFIRMED:
        last_done = _ORDER.index(S.EVALUATED)
        return [{"label": label, "done": i <= last_done, "current": False} for i, (label, _s) in enumerate(FLOW)]
    current = _ORDER.index(status)
    return [{"label": label, "done": i < current, "current": i == current} for i, (label, _s) in enumerate(FLOW)]
