"""The matching profile's link on the case page (the case page view is not ours to change)."""
from django import template
from django.template.loader import render_to_string

from jiritsu.placements import policies
from jiritsu.programs.catalog import PlanService, Program

register = template.Library()


def _uses_employment_prep(case) -> bool:
    """Like selectors.in_employment_prep, on the plans and hand-offs the case page has already fetched."""
    plans = [p for p in case.plans.all() if p.state != p.State.SUPERSEDED]
    if plans and PlanService.EMPLOYMENT_PREP in max(plans, key=lambda p: p.number).services:
        return True
    return any(h.program == Program.EMPLOYMENT_PREP and h.is_active for h in case.handoffs.all())


@register.simple_tag(takes_context=True)
def placement_profile_link(context, case):
    # Most cases show nothing: decided before any template is looked up or rendered.
    if not policies.is_agency(context["request"].user) or not case.is_open or not _uses_employment_prep(case):
        return ""
    # The case page reads the profile with the case's records; elsewhere this reads it (one query).
    return render_to_string("placements/_case_profile.html",
                            {"case": case, "profile": getattr(case, "placement_profile", None)})
