"""The stay's status on the case page, from a single query (the case page view is not ours to change)."""
from django import template
from django.utils import timezone

from jiritsu.shelter import policies, rules, selectors

register = template.Library()


@register.inclusion_tag("shelter/_stay_status.html", takes_context=True)
def shelter_stay_status(context, case):
    stay = selectors.case_stay(case)
    if stay is None:
        return {"stay": None}
    today, user = timezone.localdate(), context["request"].user
    move_out = getattr(stay, "move_out", None) if stay.status == stay.Status.ENDED else None
    return {
        "stay": stay,
        "label": rules.status_label(stay, today, extended=stay.extended),
        "overdue": rules.is_overdue(stay, today, extended=stay.extended),
        "overstay": rules.is_overstay(stay, today),
        "stay_link": policies.opens_stay(user, stay),
        "watch_link": move_out is not None and policies.opens_watch(user, move_out),
    }
