"""Writes of a case's 家計改善支援 records: each versioned record is saved as the next version, refused when
the page it came from showed an older latest version (someone saved in between); debts are edited under a
version field. Keyword-only, transactional, audited."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from jiritsu.audit import log
from jiritsu.cases.field_history import attribute, save_changed
from jiritsu.core.errors import Conflict
from jiritsu.core.versioning import bump_version

from . import rules
from .models import CashFlow, Debt, RecoveryPlan, Sheet


def _next_number(queryset, based_on: int | None) -> int:
    """The version to save: one past the latest, which must be the one the page showed (0: none yet)."""
    latest = queryset.aggregate(n=Max("number"))["n"] or 0
    if based_on is not None and based_on != latest:
        raise Conflict()
    return latest + 1


def _save_version(model, queryset, based_on, *, user, case, what: str, **values):
    try:
        with transaction.atomic():
            saved = model.objects.create(case=case, number=_next_number(queryset, based_on), recorded_by=user,
                                         **values)
            log.record(user=user, action="create", what=f"{what}（第{saved.number}版）", case=case)
    except IntegrityError:  # two saves of the same version at once: the second finds its number taken
        raise Conflict() from None
    return saved


def save_sheet(*, user, case, kind: str, made_on: dt.date, month: dt.date, amounts: dict, note: str,
               based_on: int | None) -> Sheet:
    unknown = set(amounts) - set(rules.LABELS)
    if unknown:
        raise ValidationError(f"科目が不明です：{', '.join(sorted(unknown))}")
    amounts = {code: int(amounts.get(code) or 0) for code, _label in rules.CATEGORIES}
    return _save_version(Sheet, Sheet.objects.filter(case_id=case.pk, kind=kind), based_on, user=user, case=case,
                         what=Sheet.Kind(kind).label, kind=kind, made_on=made_on, month=month.replace(day=1),
                         amounts=amounts, note=note.strip())


def save_cash_flow(*, user, case, made_on: dt.date, start_year: int, years: int, savings: int, income: int,
                   spending: int, events: list, based_on: int | None) -> CashFlow:
    if not 1 <= years <= rules.MAX_YEARS:
        raise ValidationError({"years": f"年数は1～{rules.MAX_YEARS}年で入力してください。"})
    return _save_version(CashFlow, CashFlow.objects.filter(case_id=case.pk), based_on, user=user, case=case,
                         what="キャッシュフロー表", made_on=made_on, start_year=start_year, years=years,
                         savings=savings, income=income, spending=spending,
                         events=[{"year": e.year, "label": e.label, "amount": e.amount} for e in events])


def save_plan(*, user, case, made_on: dt.date, goals: str, actions: str, next_monitoring_on: dt.date | None,
              based_on: int | None) -> RecoveryPlan:
    if next_monitoring_on and next_monitoring_on < made_on:
        raise ValidationError({"next_monitoring_on": "次回モニタリング予定日は作成日以降にしてください。"})
    return _save_version(RecoveryPlan, RecoveryPlan.objects.filter(case_id=case.pk), based_on, user=user, case=case,
                         what="家計再生プラン", made_on=made_on, goals=goals.strip(), actions=actions.strip(),
                         next_monitoring_on=next_monitoring_on)


DEBT_FIELDS = ("creditor", "kind", "arrears", "monthly_repayment", "state", "arrangement")


def save_debt(*, user, case, debt: Debt | None, data: dict, version: int | None) -> Debt:
    values = {name: data[name] for name in DEBT_FIELDS}
    values["arrangement"] = values["arrangement"].strip()
    if values["state"] == Debt.State.INSTALMENTS and not values["arrangement"]:
        raise ValidationError({"arrangement": "分納合意の内容（月額・期間など）を入力してください。"})
    with transaction.atomic():
        if debt is None:
            debt = attribute(Debt(case=case, recorded_by=user, **values), user)
            debt.save()
            log.record(user=user, action="create", what=f"債務一覧に追加（{debt.creditor}）", case=case)
            return debt
        current = Debt.objects.select_for_update().get(pk=debt.pk)
        bump_version(current, version)
        for name, value in values.items():
            setattr(current, name, value)
        current.recorded_by = user
        save_changed(current, user, *DEBT_FIELDS, "recorded_by", "recorded_at")
        log.record(user=user, action="update", what=f"債務一覧を更新（{current.creditor}）", case=case)
    return current
