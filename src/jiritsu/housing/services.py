"""Every write of 住居確保給付金: the body's amounts, the application, the decision with its first period and
payments, extensions, suspension and end, the monthly job-search record. Keyword-only, transactional,
audited; the application's version field refuses a save over someone else's (core.versioning)."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases.models import Client
from jiritsu.core.errors import Conflict, NotPermitted
from jiritsu.core.versioning import bump_version
from jiritsu.core.wareki import format_wareki, format_wareki_month

from . import auditing, policies, rules, selectors
from .models import Application, BenefitLimit, JobSearchMonth, Payment, Period

# The person, as the intake records them (cases.Client), for an application without a case.
PERSON_FIELDS = ("family_name", "given_name", "family_name_kana", "given_name_kana", "sex", "birth_date",
                 "postal_code", "address", "phone_home", "phone_mobile", "email")
ALREADY_OPEN = "この方には審査中または支給中の住居確保給付金の申請がすでにあります。"
APPLICATION_FIELDS = ("received_on", "household_size", "monthly_income", "assets", "rent", "cause", "lost_on",
                      "hellowork_registered", "landlord_name", "bank_name", "branch_name", "account_type",
                      "account_number", "account_holder")


# ---- the body's amounts ----

def save_limit(*, user, household_size: int, base_amount: int, rent_cap: int, valid_from: dt.date) -> BenefitLimit:
    """Set the amounts for a household size from a day (the same day again replaces that day's amounts)."""
    policies.require_decide(user)
    body_id = policies.body_id_of(user)
    if rent_cap > base_amount:
        raise ValidationError({"rent_cap": "家賃上限額が基準額を超えています。金額を確認してください。"})
    with transaction.atomic():
        limit, _ = BenefitLimit.objects.update_or_create(
            body_id=body_id, household_size=household_size, valid_from=valid_from,
            defaults={"base_amount": base_amount, "rent_cap": rent_cap, "recorded_by": user})
        log.record(user=user, action="update", body_id=body_id,
                   what=f"住居確保給付金の基準額（{household_size}人世帯、{format_wareki(valid_from)}から）")
    return limit


# ---- the application ----

def _check_dates(data: dict, case=None) -> None:
    errors = {}
    today = timezone.localdate()
    if data["received_on"] > today:
        errors["received_on"] = "申請日に未来の日付は入力できません。"
    if data.get("lost_on") and data["lost_on"] > data["received_on"]:
        errors["lost_on"] = "離職・廃業・収入減少の日は申請日以前にしてください。"
    if errors:
        raise ValidationError(errors)


def apply(*, user, case, data: dict) -> Application:
    """Record an application for the case. A second open application of the same case (the form sent twice,
    or two workers at once) is refused by the database's constraint."""
    if not policies.can_use(user):
        raise NotPermitted("住居確保給付金の申請を受け付ける権限がありません。")
    _check_dates(data, case)
    values = {name: data[name] for name in APPLICATION_FIELDS}
    try:
        with transaction.atomic():
            application = Application.objects.create(case=case, client_id=case.client_id, body_id=case.body_id,
                                                     recorded_by=user, **values)
            log.record(user=user, action="create", what="住居確保給付金の申請を受付", case=case)
    except IntegrityError:
        raise ValidationError(ALREADY_OPEN) from None
    return application


def apply_without_case(*, user, person: dict, data: dict, existing: Client | None = None) -> Application:
    """Record the application of someone who only applies for the benefit (no consultation case): a new
    person of the user's body from `person`, or `existing`, a person of the body already known (chosen
    among the possible duplicates; then `person` is not used). A person with an open case is linked to it."""
    if not policies.can_use(user):
        raise NotPermitted("住居確保給付金の申請を受け付ける権限がありません。")
    body_id = policies.body_id_of(user)
    _check_dates(data, None)
    birth = person.get("birth_date")
    if existing is None and birth and birth > data["received_on"]:
        raise ValidationError({"birth_date": "生年月日が申請日より後になっています。"})
    if existing is not None and existing.body_id != body_id:
        raise ValidationError("別の自治体の相談者は選べません。")
    values = {name: data[name] for name in APPLICATION_FIELDS}
    try:
        with transaction.atomic():
            if existing is None:
                client = Client(body_id=body_id, **{k: person.get(k) or ("" if k != "birth_date" else None)
                                                    for k in PERSON_FIELDS})
                client.save()
                case = None
            else:
                client = Client.objects.select_for_update().get(pk=existing.pk)
                case = selectors.open_case_of(user, client)
            application = Application.objects.create(case=case, client=client, body_id=body_id, recorded_by=user,
                                                     **values)
            if case is not None:
                log.record(user=user, action="create", what="住居確保給付金の申請を受付", case=case)
            else:
                auditing.record(user=user, action="create", application=application,
                                what="住居確保給付金の申請を受付（給付金のみの申請者）")
    except IntegrityError:
        raise ValidationError(ALREADY_OPEN) from None
    return application


def link_to_case(*, user, application: Application, case, version: int | None) -> Application:
    """Link an application recorded without a case to the person's case, once they consult: nothing is typed
    again. The case must be the same body's; when it was opened for a new person record (the duplicate not
    picked at the intake), the application moves to the case's person, provided the birth dates agree, and the
    applicant-only record, now unused, is removed."""
    if not policies.can_use(user):
        raise NotPermitted("住居確保給付金の申請を紐づける権限がありません。")
    if case.body_id != application.body_id:
        raise ValidationError({"case_number": "別の自治体のケースには紐づけられません。"})
    try:
        with transaction.atomic():
            current = _locked(application, version)
            if current.case_id is not None:
                raise ValidationError("この申請はすでにケースに紐づいています。")
            former = current.client
            if case.client_id != former.pk:
                person = case.client
                if former.birth_date and person.birth_date and former.birth_date != person.birth_date:
                    raise ValidationError({"case_number": "ケースの相談者と申請者の生年月日が異なります。同じ方か確認してください。"})
            current.case, current.client_id = case, case.client_id
            current.save(update_fields=["case", "client"])
            log.record(user=user, action="update", case=case,
                       what=f"住居確保給付金の申請（申請番号{current.pk}、ケースなしで受付）をケースに紐づけ")
            if former.pk != case.client_id and not former.cases.exists() \
                    and not former.housing_applications.exists():
                former.delete()
                log.record(user=user, action="delete", case=case,
                           what=f"給付金のみの申請者の記録（相談者ID{former.pk}）をケースの相談者に統合")
    except IntegrityError:
        raise ValidationError(ALREADY_OPEN) from None
    return current


def _locked(application: Application, version: int | None) -> Application:
    """The application re-read under a row lock, its version checked and bumped (Conflict if someone saved)."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    bump_version(current, version)
    return current


def update_application(*, user, application: Application, data: dict, version: int | None) -> Application:
    """Correct the application's figures while it waits for the decision."""
    if not policies.can_use(user):
        raise NotPermitted("住居確保給付金の申請を修正する権限がありません。")
    _check_dates(data, application.case)
    with transaction.atomic():
        current = _locked(application, version)
        if current.status != Application.Status.APPLIED:
            raise ValidationError("決定済みの申請は修正できません。")
        for name in APPLICATION_FIELDS:
            setattr(current, name, data[name])
        current.save(update_fields=list(APPLICATION_FIELDS))
        auditing.record(user=user, action="update", what="住居確保給付金の申請を修正", application=current)
    return current


# ---- the decision, periods and payments ----

def _add_period(application: Application, *, user, number: int, first_month: dt.date, decided_on: dt.date) -> Period:
    period = Period.objects.create(application=application, number=number, first_month=first_month,
                                   decided_on=decided_on, decided_by=user)
    Payment.objects.bulk_create(Payment(application=application, period=period, month=month,
                                        amount=application.monthly_amount)
                                for month in rules.months_from(first_month, period.months))
    return period


def _check_decided_on(decided_on: dt.date, application: Application) -> None:
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "決定日に未来の日付は入力できません。"})
    if decided_on < application.received_on:
        raise ValidationError({"decided_on": f"決定日は申請日（{format_wareki(application.received_on)}）以降にしてください。"})


def grant(*, user, application: Application, decided_on: dt.date, first_month: dt.date,
          version: int | None) -> Application:
    """支給決定: the amount from the body's table, the first 3-month period and its payments to the landlord."""
    policies.require_decide(user)
    _check_decided_on(decided_on, application)
    first_month = rules.first_of_month(first_month)
    if first_month < rules.first_of_month(application.received_on):
        raise ValidationError({"first_month": "支給開始月は申請月以降にしてください。"})
    with transaction.atomic():
        current = _locked(application, version)
        if current.status != Application.Status.APPLIED:
            raise ValidationError("この申請はすでに決定されています。")
        checked = selectors.check(current)
        if not checked.eligible:
            raise ValidationError(["支給の要件を満たしていません。", *checked.reasons])
        current.status, current.decided_on, current.decided_by = Application.Status.GRANTED, decided_on, user
        current.monthly_amount = checked.amount
        current.save(update_fields=["status", "decided_on", "decided_by", "monthly_amount"])
        _add_period(current, user=user, number=1, first_month=first_month, decided_on=decided_on)
        auditing.record(user=user, action="update", application=current,
                        what=f"住居確保給付金の支給決定（月額{checked.amount:,}円、{format_wareki_month(first_month)}から3か月）")
    return current


def refuse(*, user, application: Application, decided_on: dt.date, reason: str, version: int | None) -> Application:
    """不支給決定, with the reason the notice states (the failed requirements when none is typed)."""
    policies.require_decide(user)
    _check_decided_on(decided_on, application)
    with transaction.atomic():
        current = _locked(application, version)
        if current.status != Application.Status.APPLIED:
            raise ValidationError("この申請はすでに決定されています。")
        reason = reason.strip() or "\n".join(selectors.check(current).reasons)
        if not reason:
            raise ValidationError({"reason": "要件を満たしている申請です。不支給とする理由を入力してください。"})
        current.status, current.decided_on, current.decided_by = Application.Status.REFUSED, decided_on, user
        current.refusal_reason = reason
        current.save(update_fields=["status", "decided_on", "decided_by", "refusal_reason"])
        auditing.record(user=user, action="update", what="住居確保給付金の不支給決定", application=current)
    return current


def extend(*, user, application: Application, decided_on: dt.date, version: int | None) -> Period:
    """延長の決定: 3 more months right after the last period, up to 9 months in all."""
    policies.require_decide(user)
    _check_decided_on(decided_on, application)
    with transaction.atomic():
        current = _locked(application, version)
        if current.status != Application.Status.GRANTED:
            raise ValidationError("支給中の申請だけを延長できます。")
        last = current.periods.order_by("-number").first()
        if last.number >= rules.MAX_PERIODS:
            raise ValidationError(f"支給期間は延長しても最長{rules.MAX_MONTHS}か月です。これ以上は延長できません。")
        period = _add_period(current, user=user, number=last.number + 1,
                             first_month=rules.add_months(last.last_month, 1), decided_on=decided_on)
        auditing.record(user=user, action="update", application=current,
                        what=f"住居確保給付金の延長決定（{format_wareki_month(period.first_month)}から3か月）")
    return period


def stop(*, user, application: Application, end: bool, stopped_on: dt.date, reason: str,
         version: int | None) -> Application:
    """支給中止 (duties not kept, moved, …) or 支給終了 (found work, …): payments for the months after the day
    are cancelled; the day's own month is still paid."""
    policies.require_decide(user)
    if not reason.strip():
        raise ValidationError({"reason": "中止・終了の理由を入力してください。"})
    with transaction.atomic():
        current = _locked(application, version)
        if current.status != Application.Status.GRANTED:
            raise ValidationError("支給中の申請だけを中止・終了できます。")
        if stopped_on < current.decided_on:
            raise ValidationError({"stopped_on": f"中止・終了日は決定日（{format_wareki(current.decided_on)}）以降にしてください。"})
        current.status = Application.Status.ENDED if end else Application.Status.SUSPENDED
        current.stopped_on, current.stop_reason = stopped_on, reason.strip()
        current.save(update_fields=["status", "stopped_on", "stop_reason"])
        cancelled = current.payments.filter(status=Payment.Status.SCHEDULED,
                                             month__gt=rules.first_of_month(stopped_on)).update(
            status=Payment.Status.CANCELLED)
        auditing.record(user=user, action="update", application=current,
                        what=f"住居確保給付金の{'支給終了' if end else '支給中止'}（{format_wareki(stopped_on)}、"
                             f"{cancelled}か月分の支給を取消）")
    return current


# ---- the monthly job-search record ----

def record_job_search(*, user, application: Application, month: dt.date, interviews: int, hellowork: int,
                      applications: int, note: str, version: int | None) -> JobSearchMonth:
    """The month's counts (a new record, or the month's record corrected: then `version` must match)."""
    if not policies.can_use(user):
        raise NotPermitted("求職活動を記録する権限がありません。")
    month = rules.first_of_month(month)
    if not application.payments.filter(month=month).exists():
        raise ValidationError({"month": "支給決定した期間の月を指定してください。"})
    if month > rules.first_of_month(timezone.localdate()):
        raise ValidationError({"month": "まだ来ていない月の求職活動は記録できません。"})
    values = {"interviews": interviews, "hellowork": hellowork, "applications": applications,
              "note": note.strip(), "recorded_by": user}
    try:
        with transaction.atomic():
            record = JobSearchMonth.objects.select_for_update().filter(application=application, month=month).first()
            if record is None:
                if version is not None:  # the form showed a record that someone removed
                    raise Conflict()
                record = JobSearchMonth.objects.create(application=application, month=month, **values)
            else:
                if version is None:
                    raise Conflict("この月の求職活動はすでに記録されています。表示を更新して内容を確認してから修正してください。")
                bump_version(record, version)
                for name, value in values.items():
                    setattr(record, name, value)
                record.save(update_fields=[*values, "recorded_at"])
            auditing.record(user=user, action="update", application=application,
                            what=f"住居確保給付金の求職活動（{format_wareki_month(month)}）")
    except IntegrityError:  # the same new month sent twice at once
        raise Conflict("この月の求職活動はすでに記録されています。表示を更新して内容を確認してから修正してください。") \
            from None
    return record
