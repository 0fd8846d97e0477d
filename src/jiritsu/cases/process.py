"""The support process (支援の流れ): whether a step may be taken now, and the stepper.

What each step is (the statuses it is taken from, the status it leads to, its rule) is declared once in
steps.py. Services call `require(case, step)` before changing anything; a refused step raises
`InvalidStep`, which the UI shows as a Japanese message and the API returns as 409 with `reason`.
"""
from .choices import Status as S
from .eligibility import CaseFacts
from .steps import STEPS, Step, StepDef, taken_now


class InvalidStep(Exception):
    """A step that the process does not allow now. `reason` is machine-readable, `message` Japanese."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def require(case, step: Step, facts: CaseFacts | None = None) -> StepDef:
    """The step's declaration if it can be taken on the case now; else InvalidStep with the reason its
    rule gives (the same reason the case page shows)."""
    declared = STEPS[step]
    refusal = declared.refusal(facts or CaseFacts(case))
    if refusal:
        raise InvalidStep(*refusal)
    return declared


def refuse(reason: str, message: str):
    raise InvalidStep(reason, message)


def allowed_steps(case, facts: CaseFacts | None = None) -> list[Step]:
    return taken_now(facts or CaseFacts(case))


def advance(case, step: Step, to: S | None = None) -> None:
    """Set the new status (the caller saves within its transaction)."""
    target = to or STEPS[step].to
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
    through, and only those steps count as done; the rest were skipped (終結 is done and current). After
    the meeting confirmed an evaluation, the evaluation is done and what comes next (closure, re-plan,
    continuation) is not yet chosen on the flow, so no step is current."""
    status = S(case.status)
    if status == S.CLOSED:
        return [{"label": label, "done": s in reached or s == S.CLOSED, "current": s == S.CLOSED,
                 "skipped": s not in reached and s != S.CLOSED} for label, s in FLOW]
    if status == S.EVALUATION_CONFIRMED:
        last_done = _ORDER.index(S.EVALUATED)
        return [{"label": label, "done": i <= last_done, "current": False} for i, (label, _s) in enumerate(FLOW)]
    current = _ORDER.index(status)
    return [{"label": label, "done": i < current, "current": i == current} for i, (label, _s) in enumerate(FLOW)]
