"""First contact, the person's record, triage, the application with consent and its withdrawal."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jiritsu.core.text import digits, fold
from jiritsu.core.wareki import fiscal_year
from jiritsu.orgs.models import Organisation

from .. import policies, sharing
from ..choices import AFTER_APPLICATION, ClosureReason, Complaint, Status, TriageOutcome
from ..field_history import save_changed
from ..models import Case, CaseNumberCounter, Client, Closure, Consent, Triage
from ..process import Step, advance
from .common import audit_write, begin_step, check_version, lock_case, not_before, not_future, save_case
from .derived import refresh_case

CLIENT_FIELDS = [
    "family_name", "given_name", "family_name_kana", "given_name_kana", "sex", "birth_date",
    "postal_code", "address", "phone_home", "phone_mobile", "email",
]
INTAKE_FIELDS = [
    "received_on", "route", "visitor_name", "visitor_phone", "visitor_relation", "complaints",
    "main_complaint", "consultation_note", "work_status", "housing_status", "health_insurance", "pension",
    "assigned_to",
]


def find_possible_duplicates(*, body_id, family_name="", given_name="", kana="", birth_date=None, phones=()):
    """Clients of the same body who are likely the same person: same name or kana with the same
    birth date, or the same phone number. Shown before a new case is created."""
    name = fold(f"{family_name}{given_name}")
    kana_f = fold(kana)
    cond = Q()
    if birth_date and (name or kana_f):
        names = Q(name_folded=name) if name else Q()
        if kana_f:
            names |= Q(kana_folded=kana_f)
        cond |= names & Q(birth_date=birth_date)
    if name and not birth_date:
        cond |= Q(name_folded=name)
    for phone in filter(None, (digits(p) for p in phones)):
        if len(phone) >= 9:
            cond |= Q(phone_digits__contains=phone)
    if not cond:
        return Client.objects.none()
    return Client.objects.filter(cond, body_id=body_id).prefetch_related("cases")[:10]


def _validate_intake(data: dict) -> None:
    errors = {}
    complaints = list(dict.fromkeys(data.get("complaints") or []))
    if any(c not in Complaint.values for c in complaints):
        errors["complaints"] = "相談内容に認識できない項目があります。"
    main = data.get("main_complaint")
    if not main:
        errors["main_complaint"] = "主訴を1つ選んでください。"
    elif main not in complaints:
        errors["main_complaint"] = "主訴は、チェックした相談内容の中から1つ選んでください。"
    if data.get("visitor_name") and not data.get("visitor_relation"):
        errors["visitor_relation"] = "本人以外の来談者の場合は、続柄を入力してください。"
    birth = data.get("birth_date")
    received = data.get("received_on")
    if birth and received and birth > received:
        errors["birth_date"] = "生年月日が受付日より後になっています。"
    if errors:
        raise ValidationError(errors)
    data["complaints"] = complaints


def _next_case_number(body, received_on: dt.date) -> str:
    fy = fiscal_year(received_on)
    counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(body=body, fiscal_year=fy)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{fy}-{counter.last:05d}"


@transaction.atomic
def create_case(*, user, client_data: dict, intake_data: dict, existing_client: Client | None = None,
                case_number: str | None = None) -> Case:
    """相談受付: a new case for a new or known person in the worker's own body and agency."""
    policies.require_permission(user, "create_case")
    staff = user.staff
    data = {**client_data, **intake_data}
    _validate_intake(data)
    not_future(intake_data.get("received_on"), "received_on")
    if existing_client is not None:
        if existing_client.body_id != staff.organisation.body_id:
            raise ValidationError("別の自治体の相談者は選べません。")
        client = existing_client
    else:
        client = Client(body_id=staff.organisation.body_id, **{k: client_data.get(k) or _blank(k) for k in CLIENT_FIELDS})
        client.save()
    case = Case(
        body_id=staff.organisation.body_id, agency=staff.organisation, client=client,
        case_number=case_number or _next_case_number(staff.organisation.body, intake_data["received_on"]),
        received_by=user, **{k: data[k] for k in INTAKE_FIELDS if k in data and k != "assigned_to"},
        assigned_to=intake_data.get("assigned_to") or user,
    )
    case.save()
    audit_write(user=user, case=case, what="相談受付（新規ケース登録）")
    return case


def _blank(field):
    return None if field == "birth_date" else ""


@transaction.atomic
def update_client(*, user, case: Case, expected_version, data: dict) -> Client:
    policies.require_permission(user, "edit_case")
    case = lock_case(case)
    client = Client.objects.select_for_update().get(pk=case.client_id)
    check_version(client, expected_version)
    for k in CLIENT_FIELDS:
        if k in data:
            setattr(client, k, data[k] if data[k] is not None else _blank(k))
    client.save()
    audit_write(user=user, case=case, what="相談者の基本情報を更新", created=False)
    return client


@transaction.atomic
def record_move(*, user, case: Case, address: str, postal_code: str = "", why: str) -> Client:
    """The person has moved (e.g. out of a shelter room): their address changes, the old one kept in the field
    history. For another domain's service that has already decided the user may record the move (the stay's
    provider records its move-out); the case must still be in the user's scope."""
    case = policies.get_case_or_404(user, case.pk, for_update=True)
    if not address.strip():
        raise ValidationError({"address": "転居先の住所を入力してください。"})
    client = Client.objects.select_for_update().get(pk=case.client_id)
    client.address, client.postal_code = address.strip(), postal_code.strip()
    client.version += 1
    client.save(update_fields=["address", "postal_code", "version", "updated_at"])
    audit_write(user=user, case=case, what=f"転居により住所を更新（{why}）", created=False)
    return client


@transaction.atomic
def update_intake(*, user, case: Case, expected_version, data: dict) -> Case:
    policies.require_permission(user, "edit_case")
    case = lock_case(case)
    check_version(case, expected_version)
    merged = {k: getattr(case, k) for k in INTAKE_FIELDS} | data
    _validate_intake(merged)
    for k in INTAKE_FIELDS:
        if k in data:
            setattr(case, k, merged[k])
    case.save()
    audit_write(user=user, case=case, what="相談受付票を更新", created=False)
    return case


@transaction.atomic
def triage(*, user, case: Case, outcome: str, decided_on: dt.date, referred_to: str = "",
           note: str = "") -> Case:
    """振り分け: info only or referral closes the case; continue moves on to the application."""
    case = begin_step(user=user, case=case, step=Step.TRIAGE)
    not_before(decided_on, case.received_on, "decided_on", "振り分け日")
    not_future(decided_on, "decided_on")
    if outcome == TriageOutcome.REFERRED and not referred_to.strip():
        raise ValidationError({"referred_to": "つなぎ先を入力してください。"})
    Triage.objects.create(case=case, outcome=outcome, referred_to=referred_to.strip(), note=note,
                          decided_on=decided_on, recorded_by=user)
    if outcome == TriageOutcome.CONTINUE:
        advance(case, Step.TRIAGE, Status.CONTINUING)
        save_case(case, "status")
    else:
        reason = ClosureReason.INFO_ONLY if outcome == TriageOutcome.INFO_ONLY else ClosureReason.REFERRED
        Closure.objects.create(case=case, closed_on=decided_on, reason=reason, note=referred_to or note,
                               recorded_by=user)
        case.status, case.closed_on, case.closure_reason = Status.CLOSED, decided_on, reason
        save_case(case, "status", "closed_on", "closure_reason")
    audit_write(user=user, case=case, what=f"振り分け（{TriageOutcome(outcome).label}）")
    return case


@transaction.atomic
def apply_with_consent(*, user, case: Case, applied_on: dt.date, rules_explained: bool, share_agreed: bool,
                       scope: list[Organisation], note: str = "") -> Consent:
    """利用申込 with 本人同意. Also used to record a renewed consent after a withdrawal."""
    # After the application it is a renewed consent (再同意), which its own rule allows only after a withdrawal.
    stored = lock_case(case).status  # the stored status, not the caller's possibly stale copy
    reapply = stored in AFTER_APPLICATION
    case = begin_step(user=user, case=case, step=Step.RECONSENT if reapply else Step.APPLY)
    not_before(applied_on, case.received_on, "applied_on", "申込日")
    not_future(applied_on, "applied_on")
    if not (rules_explained and share_agreed):
        raise ValidationError({"share_agreed": "規程の説明と情報共有への同意の両方が確認できないと、申込を受け付けられません。"})
    allowed = set(policies.consent_scope_choices(case).values_list("pk", flat=True))
    if any(org.pk not in allowed for org in scope):
        raise ValidationError({"scope": "同意の範囲に選べない組織が含まれています。"})
    consent = Consent.objects.create(case=case, applied_on=applied_on, rules_explained=True, share_agreed=True,
                                     note=note, recorded_by=user)
    consent.scope.set(scope)
    refresh_case(case)
    if not reapply:
        advance(case, Step.APPLY)
        save_case(case, "status")
    audit_write(user=user, case=case, what="利用申込・本人同意を記録" + ("（再同意）" if reapply else ""))
    return consent


@transaction.atomic
def withdraw_consent(*, user, case: Case, withdrawn_on: dt.date, note: str = "") -> Consent:
    """同意の撤回: providers lose access at once; active hand-offs end."""
    case = begin_step(user=user, case=case, step=Step.WITHDRAW_CONSENT)
    consent = case.consents.select_for_update().filter(withdrawn_on__isnull=True).first()  # the rule: one exists
    not_before(withdrawn_on, consent.applied_on, "withdrawn_on", "撤回日")
    consent.withdrawn_on, consent.withdrawal_note = withdrawn_on, note
    consent.withdrawn_by, consent.withdrawn_at = user, timezone.now()
    save_changed(consent, user, "withdrawn_on", "withdrawal_note", "withdrawn_by", "withdrawn_at")
    refresh_case(case)
    sharing.end_all(user=user, case=case, ended_on=withdrawn_on, reason=sharing.CONSENT_WITHDRAWN)
    audit_write(user=user, case=case, what="本人同意の撤回を記録", created=False)
    return consent
