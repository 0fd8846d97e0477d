"""Shared mechanics of case services: locking, permission, version checks, date rules, audit."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from jiritsu.audit import log as audit
from jiritsu.core.errors import Conflict

from .. import policies, process
from ..field_history import attribute
from ..models import Case


def lock_case(case: Case) -> Case:
    """Re-read the case under a row lock so two steps on one case run one after the other."""
    locked = Case.objects.select_for_update().select_related("client", "body").get(pk=case.pk)
    return locked


def begin_step(*, user, case: Case, step: process.Step) -> Case:
    policies.require_step_permission(user, step)
    locked = lock_case(case)
    process.require(locked, step)
    return attribute(locked, user)  # the step's changes to the case are this user's in its history


def check_version(obj, expected_version) -> None:
    if expected_version is not None and int(expected_version) != obj.version:
        raise Conflict()
    obj.version += 1


def not_before(day: dt.date | None, earliest: dt.date, field: str, what: str) -> None:
    if day is not None and day < earliest:
        raise ValidationError({field: f"{what}は受付日（{earliest:%Y-%m-%d}）より前にできません。"})


def not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: "未来の日付は入力できません。"})


def save_case(case: Case, *fields: str) -> None:
    case.save(update_fields=[*fields, "updated_at"])


def audit_write(*, user, case: Case, what: str, created: bool = True) -> None:
    audit.record(user=user, action="create" if created else "update", what=what, case=case)
