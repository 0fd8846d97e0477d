"""Who may use the prefecture's program pages: the prefecture's policy staff only (counts, never people)."""
from django.core.exceptions import PermissionDenied

from jiritsu.orgs.models import Role


def is_policy_staff(user) -> bool:
    staff = getattr(user, "staff", None) if user is not None and user.is_authenticated else None
    return staff is not None and user.is_active and staff.role == Role.PREFECTURE_POLICY


def require_policy_staff(user) -> None:
    if not is_policy_staff(user):
        raise PermissionDenied("このページは県の政策担当者だけが利用できます。")
