"""Who may see and write a case's 家計改善支援 records: the case's agency staff (the agency may run the
program directly), and the staff of the 家計改善支援 provider the case is handed to, while that hand-off runs
and the consent names it (cases.policies' scope). Anyone else, including another program's provider the case
is handed to: not found (404)."""
from django.http import Http404

from jiritsu.cases import policies as case_policies
from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.orgs.policies import role_of
from jiritsu.programs.catalog import Program


def may_open(user) -> bool:
    return role_of(user) in AGENCY_ROLES | {Role.PROVIDER_STAFF}


def opens_case(user, case, handoffs=None) -> bool:
    """Whether the user may open the 家計改善支援 records of a case already read in their scope (the case
    page's links and the case's history show them only then). `handoffs`: the case's hand-offs already read
    (the case page's), spared a query."""
    if not may_open(user):
        return False
    return role_of(user) != Role.PROVIDER_STAFF or Program.HOUSEHOLD_BUDGET in case_policies.provider_programs(
        user, case, handoffs)


def case_or_404(user, pk):
    if not may_open(user):
        raise Http404("ケースが見つかりません。")
    case = case_policies.get_case_or_404(user, pk)
    if not opens_case(user, case):
        raise Http404("ケースが見つかりません。")
    return case
