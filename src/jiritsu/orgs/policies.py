"""Who may see which organisations and manage whose staff accounts.

- A body administrator with 職員アカウントの管理 manages the staff of every organisation of their
  welfare-office body that the body runs or contracts (body offices and consultation agencies).
- Any other user with 職員アカウントの管理 manages the staff of their own organisation only.
- Nobody manages another body's staff, and system administrators (Django's is_staff / superusers)
  are managed only in Django's admin, so a body administrator can never reset their password.
Out of scope is reported as not found (404); a user who manages nobody gets 403 on the staff pages.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from .models import ROLES_BY_KIND, Body, Organisation, Role, Staff

BODY_MANAGED_KINDS = (Organisation.Kind.BODY_OFFICE, Organisation.Kind.AGENCY)


def staff_of(user) -> Staff | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "staff", None)


def role_of(user) -> str | None:
    """The user's role (Role), or None for anyone without a staff row. Every app's policies ask this."""
    staff = staff_of(user)
    return staff.role if staff else None


def is_manager(user) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.manages_staff


def manageable_organisations(user):
    staff = staff_of(user)
    if staff is None or not staff.manages_staff:
        return Organisation.objects.none()
    if staff.role == Role.BODY_ADMIN and staff.organisation.body_id is not None:
        return Organisation.objects.filter(body_id=staff.organisation.body_id, kind__in=BODY_MANAGED_KINDS)
    return Organisation.objects.filter(pk=staff.organisation_id)


def manageable_staff(user):
    """Staff rows the user may edit; system administrators' accounts are never among them."""
    return Staff.objects.filter(
        organisation__in=manageable_organisations(user), user__is_staff=False, user__is_superuser=False
    )


def require_manager(user) -> None:
    if not is_manager(user):
        raise PermissionDenied("職員アカウントを管理する権限がありません。")


def get_organisation_or_404(user, pk) -> Organisation:
    try:
        return manageable_organisations(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404("組織が見つかりません。") from None


def get_staff_or_404(user, pk) -> Staff:
    qs = manageable_staff(user).select_related("user", "organisation", "organisation__body")
    try:
        return qs.get(pk=pk)
    except (Staff.DoesNotExist, ValueError, TypeError):
        raise Http404("職員が見つかりません。") from None


def require_manages(user, organisation: Organisation) -> None:
    """Services re-check the scope so that no caller (view, command, test) can bypass it."""
    if not manageable_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied("この組織の職員を管理する権限がありません。")


def require_manages_staff_row(user, staff: Staff) -> None:
    if not manageable_staff(user).filter(pk=staff.pk).exists():
        raise PermissionDenied("この職員を管理する権限がありません。")


def roles_for(organisation: Organisation) -> list[Role]:
    return list(ROLES_BY_KIND.get(organisation.kind, []))


def require_role_fits(organisation: Organisation, role: str) -> None:
    if role not in roles_for(organisation):
        allowed = "、".join(str(r.label) for r in roles_for(organisation)) or "なし"
        raise ValidationError(
            {"role": f"「{organisation.name}」（{organisation.get_kind_display()}）の職員に設定できる役割は"
                     f"{allowed}です。"}
        )


def require_not_self_demotion(user, staff: Staff, *, manages_staff: bool, active: bool = True) -> None:
    """A manager cannot lock themselves out: someone must always be left to manage the accounts."""
    if staff.user_id != user.pk:
        return
    if not manages_staff:
        raise ValidationError({"manages_staff": "自分自身の職員アカウント管理の権限は外せません。"})
    if not active:
        raise ValidationError("自分自身のアカウントは停止できません。")


def visible_organisations(user):
    """Organisations shown on the organisations page: no personal data, but still scoped."""
    staff = staff_of(user)
    if staff is None:
        return Organisation.objects.none()
    org = staff.organisation
    if org.body_id is not None:
        return Organisation.objects.filter(body_id=org.body_id)
    if staff.role == Role.PREFECTURE_POLICY:
        return Organisation.objects.filter(prefecture_id=org.prefecture_id)
    return Organisation.objects.filter(pk=org.pk)


def api_organisations(user):
    """Organisations the API lists: those of the organisations page and the prefecture's wide-area providers
    (the hand-off partners an integration needs the ids of)."""
    staff = staff_of(user)
    if staff is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(pk__in=visible_organisations(user).values("pk"))
                                       | Q(pk__in=visible_providers(user).values("pk")))


def visible_bodies(user):
    """Welfare-office bodies: one's own; the prefecture's policy staff every body of the prefecture."""
    staff = staff_of(user)
    if staff is None:
        return Body.objects.none()
    if staff.organisation.body_id is not None:
        return Body.objects.filter(pk=staff.organisation.body_id)
    if staff.role == Role.PREFECTURE_POLICY:
        return Body.objects.filter(prefecture_id=staff.organisation.prefecture_id)
    return Body.objects.none()


def visible_providers(user):
    """Wide-area providers of the user's prefecture: the hand-off partners every body works with."""
    staff = staff_of(user)
    if staff is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        prefecture_id=staff.organisation.prefecture_id, kind=Organisation.Kind.PROVIDER
    )
