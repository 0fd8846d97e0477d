"""Recording the prefecture's contracts with providers and each body's agreements (協定): the one place
that writes them. Each save checks the version the user opened (a concurrent save is a Conflict, never
lost) and reports bad input per field in Japanese; nothing is half-saved."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from jiritsu.core.errors import Conflict
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Body, Organisation

from .catalog import HANDOFF_PROGRAMS, Program
from .models import Agreement, Contract

AGREEMENT_PROGRAMS = HANDOFF_PROGRAMS


def _check_term(errors: dict, term_from: dt.date | None, term_to: dt.date | None) -> None:
    if term_from and term_to and term_to < term_from:
        errors["term_to"] = "終了日は開始日以降にしてください。"


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _lock(model, obj, expected_version):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise Conflict()
    locked.version += 1
    return locked


# ---- contracts ----

def _contract_errors(*, provider, programs, term_from, term_to, amount, bodies) -> dict:
    errors: dict = {}
    if provider.kind != Organisation.Kind.PROVIDER:
        errors["provider"] = f"{provider.name}は広域実施の委託事業者ではありません。"
    elif not programs:
        errors["programs"] = "委託する事業を1つ以上選んでください。"
    else:
        missing = [Program(p).label for p in programs if p not in provider.programs]
        if missing:
            errors["programs"] = (f"{provider.name}の提供事業に{'、'.join(missing)}が含まれていません"
                                  f"（提供事業：{'、'.join(provider.program_labels()) or 'なし'}）。")
    _check_term(errors, term_from, term_to)
    if amount is None or amount < 0:
        errors["amount"] = "契約額は0以上の整数（円）で入力してください。"
    if not bodies:
        errors["bodies"] = "対象の団体を1つ以上選んでください。"
    elif any(b.prefecture_id != provider.prefecture_id for b in bodies):
        errors["bodies"] = "他の都道府県の団体は対象にできません。"
    return errors


@transaction.atomic
def save_contract(*, user, contract: Contract | None = None, provider: Organisation, title: str,
                  programs: list[str], term_from: dt.date, term_to: dt.date, amount: int, bodies: list[Body],
                  expected_version: int | None = None) -> Contract:
    """Create (contract None) or update a contract with the provider."""
    programs = [Program(p).value for p in programs]
    _raise(_contract_errors(provider=provider, programs=programs, term_from=term_from, term_to=term_to,
                            amount=amount, bodies=bodies))
    contract = Contract() if contract is None else _lock(Contract, contract, expected_version)
    contract.provider, contract.title, contract.programs = provider, title.strip(), programs
    contract.term_from, contract.term_to, contract.amount, contract.updated_by = term_from, term_to, amount, user
    contract._history_user = user
    contract.save()
    contract.bodies.set(bodies)
    return contract


# ---- agreements ----

def _agreement_errors(*, agreement, body, program, term_from, term_to, signed_on, data_sharing,
                      data_sharing_text) -> dict:
    errors: dict = {}
    if program not in AGREEMENT_PROGRAMS:
        errors["program"] = f"{Program(program).label}は広域実施の協定の対象事業ではありません。"
    _check_term(errors, term_from, term_to)
    if signed_on and term_to and signed_on > term_to:
        errors["signed_on"] = "締結日が協定期間の終了より後になっています。"
    if data_sharing and not data_sharing_text.strip():
        errors["data_sharing_text"] = "情報共有条項がある場合は、その内容（条文）を入力してください。"
    if not errors:
        overlap = (Agreement.objects.filter(body=body, program=program, term_from__lte=term_to,
                                            term_to__gte=term_from)
                   .exclude(pk=getattr(agreement, "pk", None)).first())
        if overlap:
            errors["term_from"] = (f"{body.name}の{Program(program).label}の協定（{format_wareki(overlap.term_from)}〜"
                                   f"{format_wareki(overlap.term_to)}）と期間が重なっています。")
    return errors


@transaction.atomic
def save_agreement(*, user, agreement: Agreement | None = None, body: Body, program: str, term_from: dt.date,
                   term_to: dt.date, signed_on: dt.date, data_sharing: bool, data_sharing_text: str = "",
                   expected_version: int | None = None) -> Agreement:
    """Create (agreement None) or update a body's agreement to join the wide-area implementation."""
    # Lock the body's row so two concurrent saves cannot both pass the overlap check.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    _raise(_agreement_errors(agreement=agreement, body=body, program=program, term_from=term_from,
                             term_to=term_to, signed_on=signed_on, data_sharing=data_sharing,
                             data_sharing_text=data_sharing_text))
    agreement = Agreement() if agreement is None else _lock(Agreement, agreement, expected_version)
    agreement.body, agreement.program, agreement.term_from, agreement.term_to = body, program, term_from, term_to
    agreement.signed_on, agreement.data_sharing = signed_on, data_sharing
    agreement.data_sharing_text = data_sharing_text.strip() if data_sharing else ""
    agreement.updated_by, agreement._history_user = user, user
    agreement.save()
    return agreement
