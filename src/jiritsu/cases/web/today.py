"""今日の業務 (the home page): what each role has to do today, straight links to the cases."""
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiritsu.audit import log as audit
from jiritsu.orgs.models import Role

from .. import policies, selectors
from ..models import Case
from .search import NO_CASE_ACCESS

CASELOAD_LIMIT = 200
WHAT = "今日の業務一覧"


@require_GET
def today(request):
    user = request.user
    if policies.is_owner_side(user):
        return _owner_side(request)
    if policies.role_of(user) == Role.PROVIDER_STAFF:
        return _provider(request)
    return render(request, "cases/today_no_cases.html", {"no_access": NO_CASE_ACCESS,
                                                          "role": policies.role_of(user)})


def _owner_side(request):
    mine = request.GET.get("mine") == "1"
    lists = selectors.work_lists(request.user, timezone.localdate(), mine=mine)
    for case in lists["urgent"]["rows"]:
        case.next_action = selectors.NEXT_ACTION.get(case.status, "")
    _audit_shown(request.user, _shown(lists))
    return render(request, "cases/today.html", {"lists": lists, "mine": mine, "today": timezone.localdate()})


def _audit_shown(user, cases) -> None:
    """One access-log row per case shown, in one INSERT whatever the lists' lengths."""
    ids = {case.pk for case in cases}
    if ids:
        audit.record_query(user=user, action="read", what=WHAT, cases=Case.objects.filter(pk__in=ids))


def _shown(lists) -> list:
    """Every case on the page (a case may be on several lists)."""
    cases = [c for g in lists["awaiting"]["groups"] for c in g["rows"]]
    cases += [r["case"] for r in lists["monitoring"]["rows"] + lists["evaluation"]["rows"]]
    cases += lists["urgent"]["rows"] + lists["consent_problems"]["rows"]
    cases += [r["case"] for r in lists["watch_over"]["rows"]]
    if lists["next_meeting"]:
        cases += [item.case for item in lists["next_meeting"]["items"]]
    return cases


def _provider(request):
    caseload = selectors.provider_caseload(request.user)
    rows = list(caseload[:CASELOAD_LIMIT])
    total = caseload.count() if len(rows) == CASELOAD_LIMIT else len(rows)
    _audit_shown(request.user, [h.case for h in rows])
    return render(request, "cases/today_provider.html", {"rows": rows, "total": total})
