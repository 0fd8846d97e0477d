"""When the reason for sharing a person with another organisation ends, so does that organisation's sight of them.

A provider sees a case through a running hand-off under an active consent (policies.visible_cases); apps built
on cases hold their own links to the person (the placement developer's confirmed match) that the case's process
does not know. Closing the case, withdrawing consent and ending a hand-off all come through here: the case's
hand-offs end in the same transaction, and each app registered with `register` ends what it holds, with the
reason recorded.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .field_history import save_changed

# Why sight ends; recorded as the end reason on what is ended.
CLOSED = "ケース終結"
CONSENT_WITHDRAWN = "本人同意の撤回"
HANDOFF_ENDED = "引継ぎの終了"


@dataclass(frozen=True)
class Ending:
    case: object
    user: object
    ended_on: dt.date
    reason: str
    # The programs whose hand-offs ended; empty when the whole case stops being shared (closure, withdrawal).
    programs: frozenset = frozenset()

    @property
    def whole_case(self) -> bool:
        return not self.programs


_ENDERS: list[Callable[[Ending], None]] = []


def register(ender: Callable[[Ending], None]) -> None:
    """An app built on cases ends what it holds of a person (called inside the ending's transaction)."""
    if ender not in _ENDERS:
        _ENDERS.append(ender)


def end_all(*, user, case, ended_on: dt.date, reason: str) -> None:
    """The case is no longer shared with anyone: every running hand-off ends, and every app's links end."""
    for handoff in case.handoffs.select_for_update().filter(ended_on__isnull=True):
        # One by one, not a QuerySet update: each end goes into the hand-off's field history.
        handoff.ended_on, handoff.end_reason = ended_on, reason
        save_changed(handoff, user, "ended_on", "end_reason")
    _notify(Ending(case=case, user=user, ended_on=ended_on, reason=reason))


def handoff_ended(*, user, handoff, ended_on: dt.date) -> None:
    """One hand-off ended (already saved): apps end what they hold for its program unless another hand-off of the
    same program still runs."""
    if handoff.case.handoffs.filter(program=handoff.program, ended_on__isnull=True).exists():
        return
    _notify(Ending(case=handoff.case, user=user, ended_on=ended_on, reason=HANDOFF_ENDED,
                   programs=frozenset({handoff.program})))


def _notify(ending: Ending) -> None:
    for ender in _ENDERS:
        ender(ending)
