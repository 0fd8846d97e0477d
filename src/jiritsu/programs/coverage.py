"""The one rule for handing a case to a wide-area provider (DOMAIN.md section 5, issue 3 item 3).

A hand-off of a case of body B to provider V for program P on day D is allowed only where
1. B has an agreement (協定) for P whose term includes D, and
2. V has a contract with the prefecture for P, covering B, whose term includes D.
Terms include both their first and last day. The case core's services and hand-off form ask here; a
refusal carries a machine-readable reason (the API's 409) and a Japanese message for the worker.
"""
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Body, Organisation

from .catalog import Program
from .models import Agreement, Contract


class Refusal(NamedTuple):
    reason: str
    message: str


def _term(obj) -> str:
    return f"{format_wareki(obj.term_from)}〜{format_wareki(obj.term_to)}"


@dataclass
class Coverage:
    """A body's agreements and the contracts naming it, read once and asked many times (one query each)."""

    body: Body
    agreements: list[Agreement]
    contracts: list[Contract]

    @classmethod
    def of(cls, body: Body) -> "Coverage":
        return cls(body=body, agreements=list(Agreement.objects.filter(body=body)),
                   contracts=list(Contract.objects.filter(bodies=body)))

    def refusal(self, provider: Organisation, program: str, on: dt.date) -> Refusal | None:
        """Why the hand-off cannot be made, or None when it can."""
        label, day = Program(program).label, format_wareki(on)
        agreements = [a for a in self.agreements if a.program == program]
        if not agreements:
            return Refusal("no_agreement", f"{self.body.name}は{label}の広域実施の協定を結んでいないため、"
                                           "広域実施の委託事業者へ引き継げません。県（福祉政策課）に協定の締結を相談してください。")
        if not any(a.covers(on) for a in agreements):
            terms = "、".join(_term(a) for a in sorted(agreements, key=lambda a: a.term_from))
            return Refusal("agreement_not_in_force", f"引継ぎ日（{day}）が{self.body.name}の{label}の協定期間"
                                                     f"（{terms}）に含まれていません。")
        if not any(c.provider_id == provider.pk and program in c.programs and c.term_from <= on <= c.term_to
                   for c in self.contracts):
            return Refusal("no_contract", f"{provider.name}と県の{label}の委託契約が、引継ぎ日（{day}）に"
                                          f"{self.body.name}を対象としていません。")
        return None


def handoff_refusal(*, body: Body, provider: Organisation, program: str, on: dt.date) -> Refusal | None:
    return Coverage.of(body).refusal(provider, program, on)
