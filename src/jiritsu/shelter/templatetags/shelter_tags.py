"""The stay's status on the case page, from a single query (the case page view is not ours to change)."""
from django import template
from django.utils import timezone

from jiritsu.cases.policies import role_of
from jiritsu.shelter import policies, rules, selectors

register = template.Library()


@register.inclusion_tag("shelter/_stay_status.html", takes_context=True)
def shelter_stay_status(context, case):
    stay = selectors.case_stay(case)
    if stay is None:
        return {"stay": None}
    today = timezone.localdate()
    return {
        "stay": stay,
        "label": rules.status_label(stay, today, extended=stay.extended),
        "overdue": rules.is_overdue(stay, today, extended=stay.extended),
        "principle_end": rules.principle_end(stay.start_on),
        "show_link": policies.sees_warnings(role_of(context["request"].user)),
    }
