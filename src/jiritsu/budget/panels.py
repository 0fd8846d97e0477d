"""The 家計改善支援 link on the case page (registered in apps.py with cases.panels): the latest sheet and how
many versions there are, shown only to those who may open the case's sheets (budget.policies), when the case
uses the program or has sheets. One query for the roles that may open sheets, whatever the case (the case page reads
in a constant number of queries), none for anyone else."""
from django.template.loader import render_to_string

from jiritsu.cases.panels import case_uses
from jiritsu.programs.catalog import PlanService, Program

from . import policies, selectors


def sheets_link(request, case, ctx) -> str:
    if not policies.may_open(request.user):
        return ""
    # Read before asking about this case, so the page's queries are the same whatever the case is handed for.
    summary = selectors.case_summary(case)
    if not policies.opens_case(request.user, case, ctx["handoffs"]):
        return ""
    if not summary["sheet_count"] and not case_uses(case, ctx["handoffs"], service=PlanService.HOUSEHOLD_BUDGET,
                                                    program=Program.HOUSEHOLD_BUDGET):
        return ""
    return render_to_string("budget/_case_panel.html", {"case": case, **summary}, request=request)
