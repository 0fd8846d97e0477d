"""The second factor at sign-in: TOTP (an authenticator app, django-otp) with one-time recovery codes.

Who must use it (production: every role that sees personal data and system administrators; the demo: only
who chose to), enrolment after the password (an unconfirmed TOTP device until the first code from the app
confirms it), the recovery codes (shown once, stored hashed, each usable once), and the reset by a staff
manager or on the command line that forces re-enrolment. Every change is in the access log.
"""
import base64
import io
import secrets

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiritsu.audit import log as audit

from . import policies
from .models import PERSONAL_DATA_ROLES, RecoveryCode, RecoveryCodeDevice, Staff

RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I/L: read off paper and typed.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_CODE_LENGTH = 10
APP_DEVICE_NAME = "認証アプリ"


def role_requires(user) -> bool:
    """Whether the user's role needs a second factor where the setting requires one."""
    if user.is_staff or user.is_superuser:
        return True  # the admin site shows everything
    staff = policies.staff_of(user)
    return staff is not None and staff.role in PERSONAL_DATA_ROLES


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required(user) -> bool:
    """Whether this signed-in user must pass the second factor: required by the setting for the role, or
    chosen by the user (whoever enrolled always uses it)."""
    return (settings.SECOND_FACTOR_REQUIRED and role_requires(user)) or is_enrolled(user)


# Whether this session's user must pass the second factor, decided at sign-in (remember_at_sign_in) and kept in
# the session, so no page asks the database again; enrolling sets it, a reset needs no change (the device is gone).
REQUIRED_SESSION_KEY = "jiritsu_second_factor_required"


def remember_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[REQUIRED_SESSION_KEY] = required(user)


def pending(request) -> bool:
    """Signed in with the password only, and the second factor still to come in this session."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if REQUIRED_SESSION_KEY not in request.session:  # a session from before this rule
        request.session[REQUIRED_SESSION_KEY] = required(user)
    return request.session[REQUIRED_SESSION_KEY]


# ---- enrolment ----

def enrolment_device(user) -> TOTPDevice:
    """The TOTP device being set up (unconfirmed): the same one until confirmed, so a reload keeps the QR
    code the app already scanned. Refused once a device is confirmed: a second enrolment needs a reset."""
    if is_enrolled(user):
        raise PermissionError("二要素認証は登録済みです。")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as the authenticator apps take it typed (base32, in groups of four)."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// address as an SVG QR code, drawn here (no outside service sees the key)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


@transaction.atomic
def confirm_enrolment(request, code: str) -> list[str] | None:
    """Confirm the device being set up with a code from the app; on success the session counts as verified
    and the new recovery codes are returned (to be shown once). None when the code is wrong."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or is_enrolled(user) or not device.verify_token(_digits(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _replace_recovery_codes(user)
    django_otp.login(request, device)
    request.session[REQUIRED_SESSION_KEY] = True
    _audit(user, "create", "二要素認証の登録（認証アプリ・復旧コード発行）")
    return codes


# ---- sign-in ----

def verify(request, code: str) -> bool:
    """Check a code from the app, or a recovery code (used up by this); on success the session is verified."""
    user = request.user
    digits = _digits(code)
    with transaction.atomic():
        if digits.isdigit() and len(digits) == 6:
            device = _verified_device(TOTPDevice.objects.filter(user=user, confirmed=True), digits)
            what = None
        else:
            device = _verified_device(RecoveryCodeDevice.objects.filter(user=user, confirmed=True), code)
            what = "二要素認証：復旧コードでログイン"
    if device is None:
        _audit(user, "denied", "二要素認証の失敗（コードが違う）")
        return False
    django_otp.login(request, device)
    if what:
        _audit(user, "update", f"{what}（残り{remaining_recovery_codes(user)}個）")
    return True


def _verified_device(devices, token):
    for device in devices.select_for_update():
        if device.verify_token(token):
            return device
    return None


def throttled(user) -> bool:
    """Too many wrong codes just now: the next try waits (django-otp's doubling delay)."""
    return any(not device.verify_is_allowed()[0]
               for device in TOTPDevice.objects.filter(user=user, confirmed=True))


# ---- recovery codes ----

def remaining_recovery_codes(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()


@transaction.atomic
def renew_recovery_codes(*, user) -> list[str]:
    """New codes for a verified user (the old ones stop working); returned to be shown once."""
    if not user.is_verified():
        raise PermissionError("二要素認証を済ませてから発行してください。")
    codes = _replace_recovery_codes(user)
    _audit(user, "update", "復旧コードの再発行")
    return codes


def _replace_recovery_codes(user) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="復旧コード", confirmed=True,
                                               salt=RecoveryCodeDevice.new_salt())
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
             for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code_hash=device.digest(c)) for c in codes)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


# ---- reset ----

@transaction.atomic
def reset_for_staff(*, user, staff: Staff) -> bool:
    """A staff manager removes a colleague's second factor (lost phone): their next sign-in enrols anew.
    Whether there was one to remove."""
    policies.require_manages_staff_row(user, staff)
    removed = _remove_devices(staff.user)
    audit.record(user=user, action="update", body_id=staff.organisation.body_id,
                 what=f"二要素認証のリセット：{staff.user.username}（{staff.display_name}・{staff.organisation.name}）")
    return removed


@transaction.atomic
def reset_by_administrator(*, account, actor=None) -> bool:
    """A system administrator's reset, for any account (system administrators' included): on the admin site
    (actor: the administrator) or the command line (jiritsu reset-second-factor; no one is signed in there, so
    the access log names the account itself)."""
    removed = _remove_devices(account)
    where = "管理サイト" if actor is not None else "コマンドライン"
    staff = policies.staff_of(account)
    audit.record(user=actor or account, action="update", body_id=staff.organisation.body_id if staff else None,
                 what=f"二要素認証のリセット（{where}）：{account.username}")
    return removed


def _remove_devices(account) -> bool:
    removed = TOTPDevice.objects.filter(user=account, confirmed=True).exists()
    TOTPDevice.objects.filter(user=account).delete()
    RecoveryCodeDevice.objects.filter(user=account).delete()
    return removed


def _digits(code: str) -> str:
    return "".join(str(code or "").split())


def _audit(user, action: str, what: str) -> None:
    staff = policies.staff_of(user)
    audit.record(user=user, action=action, what=what, body_id=staff.organisation.body_id if staff else None)
