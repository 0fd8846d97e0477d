"""Writes of the directory that touch case data: referrals of a case's person to a service."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiritsu.audit import log as audit
from jiritsu.cases import policies
from jiritsu.orgs.models import AGENCY_ROLES

from .models import Referral, Service


def _require_agency(user, case) -> None:
    # get_case_or_404 already keeps the case inside the user's scope; referring is the agency's work,
    # not the body administrator's nor a provider's.
    staff = policies.staff_of(user)
    if staff is None or staff.role not in AGENCY_ROLES or staff.organisation.body_id != case.body_id:
        raise policies.NotPermitted("社会資源への紹介は相談支援機関の職員が記録します。")


def _check_day(day, field: str, earliest: dt.date) -> None:
    if day is None:
        raise ValidationError({field: "日付を入力してください。"})
    if day > timezone.localdate():
        raise ValidationError({field: "未来の日付は入力できません。"})
    if day < earliest:
        raise ValidationError({field: f"日付は{earliest:%Y-%m-%d}より前にできません。"})


@transaction.atomic
def refer(*, user, case, service: Service, referred_on: dt.date, note: str = "") -> Referral:
    case = policies.get_case_or_404(user, case.pk, for_update=True)
    _require_agency(user, case)
    if service.status == Service.Status.DEFUNCT:
        raise ValidationError({"service": "廃止されたサービスには紹介できません。"})
    _check_day(referred_on, "referred_on", case.received_on)
    referral = Referral.objects.create(case=case, service=service, referred_on=referred_on,
                                       referred_by=user, note=note.strip())
    audit.record(user=user, action="create", what=f"社会資源へ紹介（{service.name}）", case=case)
    return referral


@transaction.atomic
def record_referral_outcome(*, user, case, referral_id, outcome: str, outcome_on: dt.date) -> Referral:
    case = policies.get_case_or_404(user, case.pk, for_update=True)
    _require_agency(user, case)
    referral = Referral.objects.select_related("service").filter(case=case, pk=referral_id).first()
    if referral is None:
        raise ValidationError({"referral": "この紹介は見つかりません。"})
    if outcome not in Referral.Outcome.values:
        raise ValidationError({"outcome": "結果を選んでください。"})
    _check_day(outcome_on, "outcome_on", referral.referred_on)
    referral.outcome, referral.outcome_on, referral.outcome_by = outcome, outcome_on, user
    referral.save(update_fields=["outcome", "outcome_on", "outcome_by"])
    audit.record(user=user, action="update",
                 what=f"紹介の結果を記録（{referral.service.name}：{referral.get_outcome_display()}）", case=case)
    return referral
