"""The 家計改善支援 link on the case page (registered in apps.py with cases.panels): the latest sheet and how
many versions there are, shown only to those who may open the case's sheets (budget.policies), when the case
uses the program or has sheets. One query for the roles that may open sheets, whatever the case (the case page reads
in a constant number of queries), none for anyone else."""
from django.template.loader import render_to_string

from jiritsu.programs.catalog import PlanService, Program

from . import policies, selectors


def uses_budget(case, handoffs) -> bool:
    """The current plan uses 家計改善支援, or the case is (or was) handed to a provider for it: read from the
    plans and hand-offs the case page has already fetched, so most cases cost no query."""
    plans = [p for p in case.plans.all() if p.state != p.State.SUPERSEDED]
    if plans and PlanService.HOUSEHOLD_BUDGET in max(plans, key=lambda p: p.number).services:
        return True
    return any(h.program == Program.HOUSEHOLD_BUDGET for h in handoffs)


def sheets_link(request, case, ctx) -> str:
    if not policies.may_open(request.user):
        return ""
    # Read before asking about this case, so the page's queries are the same whatever the case is handed for.
    summary = selectors.case_summary(case)
    if not policies.opens_case(request.user, case, ctx["handoffs"]):
        return ""
    if not summary["sheet_count"] and not uses_budget(case, ctx["handoffs"]):
        return ""
    return render_to_string("budget/_case_panel.html", {"case": case, **summary}, request=request)
