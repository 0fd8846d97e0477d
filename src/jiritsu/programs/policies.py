"""Who may use the prefecture's program pages: the prefecture's policy staff (counts, never people);
a welfare-office body's own staff read their body's agreements (協定)."""
from django.core.exceptions import PermissionDenied

from jiritsu.orgs.models import AGENCY_ROLES, Body, Role
from jiritsu.orgs.policies import staff_of

from .models import Agreement, Contract


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


def visible_agreements(user):
    """The prefecture's agreements for its policy staff, a body's own for its staff; PermissionDenied else."""
    if is_policy_staff(user):
        return Agreement.objects.filter(body__prefecture=staff_of(user).organisation.prefecture_id)
    body = own_body(user)
    if body is None:
        raise PermissionDenied("協定は県の政策担当者と各自治体の職員だけが見られます。")
    return Agreement.objects.filter(body=body)


def visible_contracts(user):
    """Contracts with the prefecture's providers: its policy staff only."""
    require_policy_staff(user)
    return Contract.objects.filter(provider__prefecture=staff_of(user).organisation.prefecture_id)
