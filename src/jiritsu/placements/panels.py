"""The matching profile's link on the case page (registered in apps.py with cases.panels)."""
from django.template.loader import render_to_string

from jiritsu.cases.panels import case_uses
from jiritsu.programs.catalog import PlanService, Program

from . import policies


def _uses_employment_prep(case) -> bool:
    """Like selectors.in_employment_prep, on the plans and hand-offs the case page has already fetched."""
    active = [h for h in case.handoffs.all() if h.is_active]
    return case_uses(case, active, service=PlanService.EMPLOYMENT_PREP, program=Program.EMPLOYMENT_PREP)


def profile_link(request, case, ctx) -> str:
    # Most cases show nothing: decided before any template is looked up or rendered.
    if not policies.is_agency(request.user) or not case.is_open or not _uses_employment_prep(case):
        return ""
    # The case page reads the profile with the case's records; elsewhere this reads it (one query).
    return render_to_string("placements/_case_profile.html",
                            {"case": case, "profile": getattr(case, "placement_profile", None)})
