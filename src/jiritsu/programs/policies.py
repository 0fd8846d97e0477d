"""Who may use the prefecture's program pages: the prefecture's policy staff only (counts, never people)."""
from django.core.exceptions import PermissionDenied

from jiritsu.orgs.models import Role
from jiritsu.orgs.policies import staff_of


def is_policy_staff(user) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role == Role.PREFECTURE_POLICY


def require_policy_staff(user) -> None:
    if not is_policy_staff(user):
        raise PermissionDenied("このページは県の政策担当者だけが利用できます。")
