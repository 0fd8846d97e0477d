"""今日の業務 (the home page): what each role has to do today, straight links to the cases; and each work
list in full, a page at a time."""
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from jiritsu.audit import log as audit
from jiritsu.orgs.policies import role_of

from .. import policies, selectors, today_sections, worklists
from ..choices import Status
from ..provider_work import provider_work
from .search import NO_CASE_ACCESS

CASELOAD_LIMIT = 200
LISTS_TTL = 60  # seconds
LIST_PAGE_SIZE = 50
WHAT = "今日の業務一覧"


@require_GET
def today(request):
    user = request.user
    page = policies.today_page(user)
    if page == "owner":
        return _owner_side(request)
    if page == "provider":
        return _provider(request)
    if page == "prefecture":
        return redirect("prefecture_overview")  # the prefecture's day starts from its overview (stats)
    return render(request, "cases/today_no_cases.html", {"no_access": NO_CASE_ACCESS,
                                                          "role": role_of(user)})


def _owner_side(request):
    user, mine, day = request.user, request.GET.get("mine") == "1", timezone.localdate()
    lists, shown = _lists(user, day, mine)
    _audit_shown(user, WHAT, shown)
    return render(request, "cases/today.html", {"lists": lists, "mine": mine, "today": day})


def _lists(user, day, mine: bool) -> tuple[str, list]:
    """The rendered lists and the ids of the cases on them, made once per version of the body's data.

    What the lists show changes only when a service writes to the body's data, and each write is audited
    in its transaction (audit.last_write), or when the day turns. So the lists are kept, in each process,
    under the body, role, own-cases filter, day and latest write, read before the lists are made: a view
    then costs one index read instead of the lists' queries and rendering. Every view is still audited by
    the caller. LISTS_TTL bounds how long a change made outside the services (the admin site) goes unseen."""
    staff = policies.staff_of(user)
    body_id = staff.organisation.body_id
    key = f"today:{body_id}:{staff.role}:{user.pk if mine else 0}:{day.isoformat()}:{audit.last_write(body_id)}"
    kept = cache.get(key)
    if kept is None:
        page = worklists.today(user, day, mine=mine)
        # Other domains' sections (today_sections) read the body's records too, written by audited services.
        sections, in_sections = today_sections.render(user, day)
        kept = (render_to_string("cases/_today_lists.html", {**page, "mine": mine}) + sections,
                sorted({row.pk for row in page["shown"]} | in_sections))
        cache.set(key, kept, LISTS_TTL)
    return kept


@require_GET
def work_list(request, slug: str):
    """One work list in full, in the Today page's order, with the same scope (the user's body, or own cases)."""
    spec = next((s for s in worklists.SPECS.values() if s.slug == slug), None)
    if spec is None or not policies.is_owner_side(request.user):
        raise Http404("一覧が見つかりません。")
    mine = request.GET.get("mine") == "1"
    day = timezone.localdate()
    status = request.GET.get("status", "")
    status = status if spec.takes_status(status) else ""
    rows = worklists.full_list(spec=spec, user=request.user, day=day, mine=mine, status=status)
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = worklists.rows_of(spec, page.object_list, day)
    worklists.load(page.object_list)
    _audit_shown(request.user, f"{WHAT}（{spec.title}）", {row.pk for row in page.object_list})
    params = {k: v for k, v in (("status", status), ("mine", "1" if mine else "")) if v}
    return render(request, "cases/work_list.html", {
        "spec": spec, "page": page, "mine": mine, "today": day, "status": Status(status).label if status else "",
        "query_string": urlencode(params),
    })


def _audit_shown(user, what: str, ids) -> None:
    """One access-log row per case shown (a case on several lists counts once), in one INSERT."""
    audit.record_query(user=user, action="read", what=what, cases=selectors.cases_shown(ids=ids))


def _provider(request):
    day = timezone.localdate()
    work = provider_work(request.user, day)
    rows = work["caseload"][:CASELOAD_LIMIT]
    shown = {r.handoff.case_id for r in rows} | {r.handoff.case_id for w in work["lists"] for r in w["rows"]}
    sections, in_sections = today_sections.render(request.user, day, request)
    _audit_shown(request.user, WHAT, shown | in_sections)
    return render(request, "cases/today_provider.html", {
        "rows": rows, "total": len(work["caseload"]), "lists": work["lists"], "sections": sections, "today": day})
