"""Every write to staff accounts: keyword-only, one transaction each, with its audit row.

Scope and role rules live in orgs.policies; these functions re-check them so that a caller other than
the staff pages (a command, a test, a future API) cannot bypass them.
"""
import hashlib
import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from jiritsu.audit import log as audit
from jiritsu.core.errors import Conflict

from . import policies
from .models import Organisation, Staff

# No 0/O, 1/l/I: the temporary password is read off the screen and typed by someone else.
TEMP_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMP_PASSWORD_LENGTH = 14


def staff_version(staff: Staff) -> str:
    """A fingerprint of the editable fields: the staff table has no version column, and two managers
    editing the same account must get a conflict rather than overwrite each other."""
    raw = f"{staff.organisation_id}|{staff.role}|{staff.display_name}|{staff.manages_staff}|{staff.user.is_active}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def temporary_password() -> str:
    while True:
        candidate = "".join(secrets.choice(TEMP_PASSWORD_ALPHABET) for _ in range(TEMP_PASSWORD_LENGTH))
        # Mixed letters and digits keep it clear of the "common" and "numeric" validators.
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


def _describe(staff: Staff) -> str:
    return f"{staff.user.username}（{staff.display_name}・{staff.get_role_display()}・{staff.organisation.name}）"


def _audit(*, user, action: str, what: str, staff: Staff) -> None:
    audit.record(user=user, action=action, what=what, body_id=staff.organisation.body_id)


def _lock(staff: Staff) -> Staff:
    return Staff.objects.select_for_update().select_related("user", "organisation").get(pk=staff.pk)


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "ユーザー名を入力してください。"})
    try:
        get_user_model()._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"ユーザー名「{username}」は既に使われています。"})
    return username


def _check_display_name(display_name: str) -> None:
    if not (display_name or "").strip():
        raise ValidationError({"display_name": "氏名を入力してください。"})


@transaction.atomic
def create_staff_account(*, user, organisation: Organisation, username: str, display_name: str, role: str,
                         manages_staff: bool = False) -> tuple[Staff, str]:
    """Create a sign-in account with a temporary password; returns the staff row and the password,
    which is shown once to the manager and never stored in clear."""
    policies.require_manages(user, organisation)
    policies.require_role_fits(organisation, role)
    _check_display_name(display_name)
    username = _check_username(username)
    password = temporary_password()
    account = get_user_model().objects.create_user(username=username, password=password)
    staff = Staff.objects.create(user=account, organisation=organisation, role=role,
                                 display_name=display_name.strip(), manages_staff=manages_staff,
                                 must_change_password=True)
    _audit(user=user, action="create", what=f"職員アカウント作成：{_describe(staff)}", staff=staff)
    return staff, password


@transaction.atomic
def update_staff(*, user, staff: Staff, organisation: Organisation, role: str, display_name: str,
                 manages_staff: bool, expected_version: str | None = None) -> Staff:
    policies.require_manages_staff_row(user, staff)
    policies.require_manages(user, organisation)
    locked = _lock(staff)
    if expected_version is not None and expected_version != staff_version(locked):
        raise Conflict()
    policies.require_role_fits(organisation, role)
    _check_display_name(display_name)
    policies.require_not_self_demotion(user, locked, manages_staff=manages_staff)
    before = _describe(locked)
    locked.organisation, locked.role = organisation, role
    locked.display_name, locked.manages_staff = display_name.strip(), manages_staff
    locked.save(update_fields=["organisation", "role", "display_name", "manages_staff"])
    flag = "あり" if manages_staff else "なし"
    _audit(user=user, action="update", staff=locked,
           what=f"職員情報更新：{before} → {_describe(locked)}・職員管理{flag}")
    return locked


@transaction.atomic
def deactivate_account(*, user, staff: Staff) -> Staff:
    """Stop sign-in. Existing sessions end too: Django refuses inactive users on every request."""
    policies.require_manages_staff_row(user, staff)
    locked = _lock(staff)
    policies.require_not_self_demotion(user, locked, manages_staff=True, active=False)
    return _set_active(user=user, staff=locked, active=False)


@transaction.atomic
def reactivate_account(*, user, staff: Staff) -> Staff:
    policies.require_manages_staff_row(user, staff)
    return _set_active(user=user, staff=_lock(staff), active=True)


def _set_active(*, user, staff: Staff, active: bool) -> Staff:
    account = staff.user
    account.is_active = active
    account.save(update_fields=["is_active"])
    label = "職員アカウント再開" if active else "職員アカウント停止"
    _audit(user=user, action="update", what=f"{label}：{_describe(staff)}", staff=staff)
    return staff


@transaction.atomic
def reset_password(*, user, staff: Staff) -> str:
    """Set a new temporary password (returned to be shown once), to be changed at its first use, and lift
    any login lockout."""
    policies.require_manages_staff_row(user, staff)
    locked = _lock(staff)
    password = temporary_password()
    validate_password(password, locked.user)
    locked.user.set_password(password)
    locked.user.save(update_fields=["password"])
    # The temporary password opens only the password page: the manager who saw it cannot use the account.
    locked.must_change_password = True
    locked.save(update_fields=["must_change_password"])
    _clear_lockout(locked.user.username)
    _audit(user=user, action="update", what=f"パスワード再設定：{_describe(locked)}", staff=locked)
    return password


@transaction.atomic
def change_own_password(*, user, new_password: str) -> None:
    """The signed-in user replaces a temporary password with their own (validated by the caller's form)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    Staff.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
    audit.record(user=user, action="update", what="自分のパスワード変更",
                 body_id=getattr(getattr(user, "staff", None), "body_id", None))


def _clear_lockout(username: str) -> None:
    axes_reset(username=username)
