"""Who may use the shelter pages and records. Case data still goes through `cases.policies` (404 out of scope).

- The stay (its dates, meals with allergies, supplies, extension, move-out): the case's agency staff, and the
  staff of the 一時生活支援 provider the stay was booked with while that hand-off runs.
- The watch-over after the move-out (地域居住支援): the case's agency staff, and the staff of the provider the
  person was handed over to while that hand-off runs. Not the stay's meals or extensions.
- Sites and rooms: kept by the prefecture's policy staff and the 一時生活支援 provider's staff.
- Occupancy (counts, never people): the prefecture; names on the grid only for cases the reader may open.
"""
from django.core.exceptions import PermissionDenied

from jiritsu.cases import policies
from jiritsu.orgs.models import AGENCY_ROLES, Body, Role
from jiritsu.orgs.policies import role_of
from jiritsu.programs.catalog import Program

GRID_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PROVIDER_STAFF, Role.PREFECTURE_POLICY}
MOVE_OUT_ROLES = AGENCY_ROLES | {Role.PROVIDER_STAFF}
USAGE_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PREFECTURE_POLICY}


def can_see_grid(user) -> bool:
    return role_of(user) in GRID_ROLES


def require_grid(user) -> str:
    if not can_see_grid(user):
        raise PermissionDenied("空室状況を見る権限がありません。")
    return role_of(user)


def shows_names(role) -> bool:
    """The prefecture sees occupancy only, never who stays."""
    return role != Role.PREFECTURE_POLICY


def can_request(user) -> bool:
    return role_of(user) in AGENCY_ROLES


def can_confirm(user) -> bool:
    return provides(user, Program.TEMPORARY_SHELTER)


def provides(user, program: str) -> bool:
    """Provider staff whose organisation delivers the program."""
    staff = policies.staff_of(user)
    return bool(staff and staff.role == Role.PROVIDER_STAFF and program in staff.organisation.programs)


def sees_warnings(role) -> bool:
    """Stay warnings: the case's agency staff and provider staff (each sees the cases in their scope)."""
    return role in MOVE_OUT_ROLES


def opens_stay(user, stay) -> bool:
    """Whether the user may open this stay, once its case is in the user's scope: agency staff, or staff of the
    provider the stay was booked with while that hand-off runs."""
    staff = policies.staff_of(user)
    if staff is None:
        return False
    if staff.role in AGENCY_ROLES:
        return True
    return (staff.role == Role.PROVIDER_STAFF and stay.handoff.provider_id == staff.organisation_id
            and stay.handoff.ended_on is None)


def opens_watch(user, move_out) -> bool:
    """Whether the user may open and record the watch-over after this move-out, once its case is in the user's
    scope: agency staff, or staff of the provider the person was handed over to while that hand-off runs."""
    staff = policies.staff_of(user)
    if staff is None:
        return False
    if staff.role in AGENCY_ROLES:
        return True
    handoff = move_out.handoff
    return (staff.role == Role.PROVIDER_STAFF and handoff is not None
            and handoff.provider_id == staff.organisation_id and handoff.ended_on is None)


def can_maintain(user) -> bool:
    """Sites, rooms, out-of-service periods and food partners: the prefecture's policy staff and the
    一時生活支援 provider's staff (no personal data on those pages)."""
    return role_of(user) == Role.PREFECTURE_POLICY or provides(user, Program.TEMPORARY_SHELTER)


def require_maintain(user) -> None:
    if not can_maintain(user):
        raise policies.NotPermitted("拠点・居室を管理できるのは県の政策担当者と一時生活支援の委託事業者の職員です。")


def can_see_usage(user) -> bool:
    """Use by body and month (counts only): the prefecture for every body, a body's staff for their own."""
    return role_of(user) in USAGE_ROLES


def usage_bodies(user):
    """The bodies whose use the user may see."""
    if not can_see_usage(user):
        raise PermissionDenied("利用実績を見る権限がありません。")
    staff = policies.staff_of(user)
    if staff.role == Role.PREFECTURE_POLICY:
        return Body.objects.filter(prefecture_id=staff.organisation.prefecture_id).order_by("code")
    return Body.objects.filter(pk=staff.organisation.body_id)
