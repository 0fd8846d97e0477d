"""Writes of the directory: referrals of a case's person to a service (case data, audited), and the
resource development log."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiritsu.audit import log as audit
from jiritsu.cases import policies as case_policies
from jiritsu.core.errors import Conflict
from jiritsu.orgs.policies import staff_of

from . import policies
from .models import DevelopmentRecord, Publication, Referral, ResourceKind, Service


def _check_day(day, field: str, earliest: dt.date) -> None:
    if day is None:
        raise ValidationError({field: "日付を入力してください。"})
    if day > timezone.localdate():
        raise ValidationError({field: "未来の日付は入力できません。"})
    if day < earliest:
        raise ValidationError({field: f"日付は{earliest:%Y-%m-%d}より前にできません。"})


@transaction.atomic
def refer(*, user, case, service: Service, referred_on: dt.date, note: str = "") -> Referral:
    case = case_policies.get_case_or_404(user, case.pk, for_update=True)
    policies.require_refer(user, case)
    if service.status == Service.Status.DEFUNCT:
        raise ValidationError({"service": "廃止されたサービスには紹介できません。"})
    _check_day(referred_on, "referred_on", case.received_on)
    referral = Referral.objects.create(case=case, service=service, referred_on=referred_on,
                                       referred_by=user, note=note.strip())
    audit.record(user=user, action="create", what=f"社会資源へ紹介（{service.name}）", case=case)
    return referral


@transaction.atomic
def record_referral_outcome(*, user, case, referral_id, outcome: str, outcome_on: dt.date) -> Referral:
    case = case_policies.get_case_or_404(user, case.pk, for_update=True)
    policies.require_refer(user, case)
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


# ---- resource development log (no personal data: the prefecture's and the NPO's own work) ----

def _check_record(record: DevelopmentRecord) -> None:
    errors = {}
    if record.opened_on is None:
        errors["opened_on"] = "開拓日を入力してください。"
    elif record.opened_on > timezone.localdate():
        errors["opened_on"] = "未来の日付は入力できません。"
    if record.kind not in ResourceKind.values:
        errors["kind"] = "資源の種類を選んでください。"
    if not record.partner_name:
        errors["partner_name"] = "相手先の名称を入力するか、ディレクトリの組織を選んでください。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_development_record(*, user, data: dict, record: DevelopmentRecord | None = None,
                            expected_version: int | None = None) -> DevelopmentRecord:
    """Create or correct a log entry. The organisation that opened the resource is the writer's own."""
    policies.require_write_log(user)
    staff = staff_of(user)
    if record is None:
        record = DevelopmentRecord(opened_by=staff.organisation, recorded_by=user)
    else:
        record = DevelopmentRecord.objects.select_for_update().get(pk=record.pk)
        if expected_version is not None and record.version != expected_version:
            raise Conflict("この記録は他の人が更新しました。画面を開き直してから修正してください。")
        policies.require_edit_record(user, record)
        record.version += 1
    organization = data.get("organization")
    record.opened_on, record.municipality, record.kind = data.get("opened_on"), data["municipality"], data.get("kind")
    record.organization = organization
    record.partner_name = (data.get("partner_name") or "").strip() or (organization.name if organization else "")
    record.notes = (data.get("notes") or "").strip()
    _check_record(record)
    record.save()
    return record


@transaction.atomic
def set_publication(*, user, public: bool, expected_version: int | None = None) -> Publication:
    """Publish (or withdraw) the directory of the user's prefecture through the HSDS API."""
    policies.require_publisher(user)
    prefecture_id = staff_of(user).organisation.prefecture_id
    row, _created = Publication.objects.select_for_update().get_or_create(prefecture_id=prefecture_id)
    if expected_version is not None and expected_version != row.version:
        raise Conflict()
    if row.public != public:
        row.public, row.updated_by, row.version = public, user, row.version + 1
        row.save()
        audit.record(user=user, action="update",
                     what="社会資源ディレクトリを公開（HSDS API をログインなしで読める）" if public
                     else "社会資源ディレクトリを非公開（HSDS API はログインした職員と API トークンだけ）")
    return row
