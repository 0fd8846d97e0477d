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
