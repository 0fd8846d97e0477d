"""Reads for the prefecture's program pages: bodies and their participation, agreements (協定) and contracts.
No person is read here. Agreements and contracts are read through the policy's scope (policies.py); an id
outside it is not found (404)."""
import datetime as dt

from django.http import Http404

from jiritsu.orgs.models import Body
from jiritsu.orgs.policies import staff_of

from .models import Agreement, Contract, Participation
from .policies import visible_agreements, visible_contracts


def bodies_active_in(*, fiscal_year: int) -> list[Body]:
    """The bodies that exist in some part of the fiscal year, by code."""
    return list(Body.active_in_fiscal_year(fiscal_year).order_by("code"))


def body_active_in_or_404(*, fiscal_year: int, code: str) -> Body:
    body = Body.active_in_fiscal_year(fiscal_year).filter(code=code).first()
    if body is None:
        raise Http404("団体が見つかりません。")
    return body


def participation_of(*, body: Body, program: str, fiscal_year: int) -> Participation | None:
    """The recorded participation of the body in the program that year, if any."""
    return Participation.objects.filter(body=body, program=program, fiscal_year=fiscal_year).first()


def _one_or_404(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("記録が見つかりません。")
    return found


def agreements(*, user, program: str = ""):
    """The agreements the user may read (policies.visible_agreements), of one program when given, with their
    body."""
    rows = visible_agreements(user)
    if program:
        rows = rows.filter(program=program)
    return rows.select_related("body")


def prefecture_agreement_or_404(*, user, pk) -> Agreement:
    """An agreement of a body of the policy staff's own prefecture, for editing; another's is not found."""
    return _one_or_404(Agreement.objects.filter(body__prefecture=staff_of(user).organisation.prefecture), pk)


def prefecture_contract_or_404(*, user, pk) -> Contract:
    """A contract with a provider of the policy staff's own prefecture, for editing; another's is not found."""
    return _one_or_404(Contract.objects.filter(provider__prefecture=staff_of(user).organisation.prefecture), pk)


def contracts_with_gaps(*, user, today: dt.date) -> list[Contract]:
    """The contracts the user may read, each with `without_agreement`: the covered bodies whose residents cannot
    be handed to the provider today for want of an agreement in force for one of its programs."""
    contracts = list(visible_contracts(user).select_related("provider").prefetch_related("bodies"))
    in_force = set(Agreement.objects.filter(term_from__lte=today, term_to__gte=today)
                   .values_list("body_id", "program"))
    for c in contracts:
        c.without_agreement = [b for b in c.bodies.all() if any((b.pk, p) not in in_force for p in c.programs)]
    return contracts
