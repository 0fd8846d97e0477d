"""Who may use the prefecture's program pages: the prefecture's policy staff (counts, never people);
a welfare-office body's own staff read their body's agreements (協定)."""
from django.core.exceptions import PermissionDenied

from jiritsu.orgs.models import AGENCY_ROLES, Body, Role
from jiritsu.orgs.policies import staff_of


def is_policy_staff(user) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role == Role.PREFECTURE_POLICY


def require_policy_staff(user) -> None:
    if not is_policy_staff(user):
        raise PermissionDenied("このページは県の政策担当者だけが利用できます。")


def own_body(user) -> Body | None:
    """The body whose agreements the user reads (agency and body-office staff), else None."""
    staff = staff_of(user)
    return staff.organisation.body if staff is not None and staff.role in BODY_ROLES else None


BODY_ROLES = {*AGENCY_ROLES, Role.BODY_ADMIN}  # their organisation always belongs to a body


def can_view_agreements(user) -> bool:
    """Role-only (the menu asks it on every page)."""
    staff = staff_of(user)
    return staff is not None and (staff.role == Role.PREFECTURE_POLICY or staff.role in BODY_ROLES)
