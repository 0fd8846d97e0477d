"""The 就労準備支援 link on the case page (registered in apps.py with cases.panels): the person's stage and
one-year limit, or how their time in the program ended, shown only to those who may open their page
(prep.policies), when the case uses the program or has been in it. One query for the roles that may open such
pages, whatever the case (the case page reads in a constant number of queries), none for anyone else."""
from django.template.loader import render_to_string
from django.utils import timezone

from jiritsu.cases.panels import case_uses
from jiritsu.orgs.policies import role_of
from jiritsu.programs.catalog import PlanService, Program

from . import policies, rules, selectors


def schedule_link(request, case, ctx) -> str:
    if role_of(request.user) not in policies.READ_ROLES:
        return ""
    # Read before asking about this case, so the page's queries are the same whatever the case is handed for.
    enrolment = selectors.latest_enrolment(case)
    if not policies.opens_case(request.user, case, ctx["handoffs"]):
        return ""
    if enrolment is None and not case_uses(case, ctx["handoffs"], service=PlanService.EMPLOYMENT_PREP,
                                          program=Program.EMPLOYMENT_PREP):
        return ""
    limit_label = ""
    if enrolment is not None and enrolment.ended_on is None:
        limit_label = rules.limit_label(enrolment.limit_on, timezone.localdate())
    return render_to_string("prep/_case_panel.html", {"case": case, "enrolment": enrolment,
                                                      "limit_label": limit_label}, request=request)
