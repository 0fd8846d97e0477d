"""Who may use the shelter pages. Case data still goes through `cases.policies` (404 out of scope)."""
from django.core.exceptions import PermissionDenied

from jiritsu.cases import policies
from jiritsu.orgs.models import AGENCY_ROLES, Role

GRID_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PROVIDER_STAFF, Role.PREFECTURE_POLICY}


def can_see_grid(user) -> bool:
    return policies.role_of(user) in GRID_ROLES


def require_grid(user) -> str:
    if not can_see_grid(user):
        raise PermissionDenied("空室状況を見る権限がありません。")
    return policies.role_of(user)


def shows_names(role) -> bool:
    """The prefecture sees occupancy only, never who stays."""
    return role != Role.PREFECTURE_POLICY


def can_request(user) -> bool:
    return policies.role_of(user) in AGENCY_ROLES


def can_confirm(user) -> bool:
    return policies.role_of(user) == Role.PROVIDER_STAFF


MOVE_OUT_ROLES = AGENCY_ROLES | {Role.PROVIDER_STAFF}


def sees_warnings(role) -> bool:
    """Stay warnings and the stay page: the case's agency staff and the shelter provider's staff."""
    return role in MOVE_OUT_ROLES


USAGE_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PREFECTURE_POLICY}


def can_see_usage(user) -> bool:
    """Use by body and month (counts only): the prefecture for every body, a body's staff for their own."""
    return policies.role_of(user) in USAGE_ROLES


def usage_bodies(user):
    """The bodies whose use the user may see."""
    from jiritsu.orgs.models import Body

    if not can_see_usage(user):
        raise PermissionDenied("利用実績を見る権限がありません。")
    staff = policies.staff_of(user)
    if staff.role == Role.PREFECTURE_POLICY:
        return Body.objects.filter(prefecture_id=staff.organisation.prefecture_id).order_by("code")
    return Body.objects.filter(pk=staff.organisation.body_id)
