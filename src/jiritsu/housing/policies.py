"""Who may do what with 住居確保給付金. Case data still goes through `cases.policies` (404 out of scope).

- The application, its job-search record and its notices: the case's agency staff and the body's
  自治体担当者 (the case's body only; another body's case is not found). An application without a case (a
  person who only applies for the benefit) is the body's: its agency staff and 自治体担当者, no one else.
- The decision (grant or refuse), extensions, suspension and end, the body's amounts and the payment
  CSV: the 自治体担当者 only — the benefit is the body's own decision.
- Counts by body and fiscal year (no people): the prefecture's policy staff for every body of the
  prefecture, a body's 自治体担当者 for their own.
- Providers and everyone else: nothing (a provider's hand-off never carries this benefit).
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiritsu.cases import policies as case_policies
from jiritsu.orgs.models import AGENCY_ROLES, Body, Role
from jiritsu.orgs.policies import role_of, staff_of

WORK_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN}


def can_use(user) -> bool:
    """Agency staff and the body's 自治体担当者."""
    return role_of(user) in WORK_ROLES


def can_decide(user) -> bool:
    return role_of(user) == Role.BODY_ADMIN


def require_decide(user) -> None:
    if not can_decide(user):
        raise PermissionDenied("住居確保給付金の決定・支給の管理ができるのは自治体担当者です。")


def case_or_404(user, pk):
    """The case if it is in the user's scope and the user works on this benefit; else 404."""
    if not can_use(user):
        raise Http404("ケースが見つかりません。")
    return case_policies.get_case_or_404(user, pk)


def body_id_of(user) -> int:
    staff = staff_of(user)
    return staff.organisation.body_id


def sees_body_application(user, body_id: int) -> bool:
    """An application without a case: the user works on the benefit in that body."""
    return can_use(user) and body_id_of(user) == body_id


def can_see_counts(user) -> bool:
    return role_of(user) in (Role.PREFECTURE_POLICY, Role.BODY_ADMIN)


def count_bodies(user):
    """The bodies whose counts the user may see."""
    if not can_see_counts(user):
        raise PermissionDenied("住居確保給付金の実績を見る権限がありません。")
    staff = staff_of(user)
    if staff.role == Role.PREFECTURE_POLICY:
        return Body.objects.filter(prefecture_id=staff.organisation.prefecture_id).order_by("code")
    return Body.objects.filter(pk=staff.organisation.body_id)
