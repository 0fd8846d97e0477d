"""Who may use the shelter pages and records. Case data still goes through `cases.policies` (404 out of scope).

- The stay (its dates, meals with allergies, supplies, extension, move-out): the case's agency staff, and the
  staff of the 一時生活支援 provider the stay was booked with while that hand-off runs.
- The watch-over after the move-out (地域居住支援): the case's agency staff, and the staff of the provider the
  person was handed over to while that hand-off runs. Not the stay's meals or extensions.
- Sites and rooms: kept by the prefecture's policy staff and the 一時生活支援 provider's staff.
- Occupancy (counts, never people): the prefecture; names on the grid only for cases the reader may open.

The writes' rules are django-rules predicates (ACTIONS, also registered as `shelter.<action>` permissions);
services call `require(user, action)`, which raises NotPermitted as cases' services do.
"""
import rules
from django.core.exceptions import PermissionDenied

from jiritsu.cases import policies
from jiritsu.core.errors import NotPermitted
from jiritsu.orgs.models import AGENCY_ROLES, Body, Role
from jiritsu.orgs.policies import role_of
from jiritsu.programs.catalog import Program

from .models import Stay

GRID_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PROVIDER_STAFF, Role.PREFECTURE_POLICY}
MOVE_OUT_ROLES = AGENCY_ROLES | {Role.PROVIDER_STAFF}
USAGE_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PREFECTURE_POLICY}

is_agency_staff = rules.predicate(lambda user: role_of(user) in AGENCY_ROLES)
is_provider_staff = rules.predicate(lambda user: role_of(user) == Role.PROVIDER_STAFF)

# What each write on a stay asks of the user's role; the stay itself is then checked against the user's scope
# (its case through cases.policies, 404 outside it; its provider through opens_stay).
ACTIONS = {
    "request_room": (is_agency_staff, "部屋の依頼ができるのは自立相談支援機関の職員です。"),
    "confirm_stay": (is_provider_staff, "入居を確定できるのは一時生活支援の委託事業者の職員です。"),
    "cancel_stay": (is_agency_staff | is_provider_staff, "この操作を行う権限がありません。"),
    "act_for_case": (is_agency_staff, "この操作を行う権限がありません。"),
    "extend_stay": (is_agency_staff, "延長の決定を記録できるのは自立相談支援機関の職員です。"),
}
for _action, (_predicate, _message) in ACTIONS.items():
    rules.add_perm(f"shelter.{_action}", _predicate)


def require(user, action: str) -> None:
    predicate, message = ACTIONS[action]
    if not predicate(user):
        raise NotPermitted(message)


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
    return ACTIONS["request_room"][0](user)


def can_confirm(user) -> bool:
    return provides(user, Program.TEMPORARY_SHELTER)


def provides(user, program: str) -> bool:
    """Provider staff whose organisation delivers the program."""
    staff = policies.staff_of(user)
    return bool(staff and staff.role == Role.PROVIDER_STAFF and program in staff.organisation.programs)


def can_move_out(user, stay) -> bool:
    """Whether the stay page offers the move-out: a confirmed stay, to the case's agency staff and the provider's
    staff (the stay page is opened only by those who may open the stay)."""
    return stay.status == Stay.Status.CONFIRMED and role_of(user) in MOVE_OUT_ROLES


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
        raise NotPermitted("拠点・居室を管理できるのは県の政策担当者と一時生活支援の委託事業者の職員です。")


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
