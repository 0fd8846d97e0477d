"""Who may do what in 就労準備支援:
- the menu of sessions: the staff of a provider that delivers the program, for their own organisation;
- a person's enrolment, schedule, attendance and evaluations: the staff of the provider the case is handed
  to for 就労準備支援 (while the hand-off runs and the consent names it), and the case's agency staff and
  自治体担当者 (read; the agency may also record);
- extending past the one-year limit: the body's 自治体担当者 only (the body decides).
Anyone else: not found (404)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiritsu.cases import policies as case_policies
from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.orgs.policies import role_of, staff_of
from jiritsu.programs.catalog import Program


def runs_program(user) -> bool:
    staff = staff_of(user)
    return bool(staff and staff.role == Role.PROVIDER_STAFF and Program.EMPLOYMENT_PREP in staff.organisation.programs)


def require_runs_program(user) -> int:
    if not runs_program(user):
        raise Http404("ページが見つかりません。")
    return staff_of(user).organisation_id


READ_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PROVIDER_STAFF}


def opens_case(user, case, handoffs=None) -> bool:
    """Whether the user may open the person's 就労準備支援 page, for a case already read in their scope (the
    case page's link shows only then). `handoffs`: the case's hand-offs already read (the case page's)."""
    role = role_of(user)
    if role not in READ_ROLES:
        return False
    return role != Role.PROVIDER_STAFF or Program.EMPLOYMENT_PREP in case_policies.provider_programs(user, case, handoffs)


def case_or_404(user, pk):
    if role_of(user) not in READ_ROLES:
        raise Http404("ケースが見つかりません。")
    case = case_policies.get_case_or_404(user, pk)
    if not opens_case(user, case):
        raise Http404("ケースが見つかりません。")
    return case


def can_extend(user) -> bool:
    return role_of(user) == Role.BODY_ADMIN


def require_extend(user) -> None:
    if not can_extend(user):
        raise PermissionDenied("1年を超える利用は自治体が決定します（自治体担当者が記録します）。")


def can_record(user) -> bool:
    return role_of(user) in AGENCY_ROLES | {Role.PROVIDER_STAFF}
