"""Who may see and change sites and tasks: the placement developer edits, agencies read, the prefecture counts."""
from django.core.exceptions import PermissionDenied

from jiritsu.cases.policies import role_of
from jiritsu.orgs.models import AGENCY_ROLES, Role

READ_ROLES = AGENCY_ROLES | {Role.PLACEMENT_DEVELOPER}


def can_edit(user) -> bool:
    return role_of(user) == Role.PLACEMENT_DEVELOPER


def require_edit(user) -> None:
    if not can_edit(user):
        raise PermissionDenied("就労体験・訓練先を編集する権限がありません。")


def can_read(user) -> bool:
    """Agencies of any body see sites and tasks across the prefecture (情報提供)."""
    return role_of(user) in READ_ROLES


def sees_counts_only(user) -> bool:
    return role_of(user) == Role.PREFECTURE_POLICY


def require_read(user) -> None:
    if not can_read(user):
        raise PermissionDenied("就労体験・訓練先の情報を見る権限がありません。")


def require_counts(user) -> None:
    if not sees_counts_only(user):
        raise PermissionDenied("集計を見る権限がありません。")
