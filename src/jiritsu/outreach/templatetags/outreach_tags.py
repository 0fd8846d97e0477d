from django import template

from jiritsu.outreach import policies

register = template.Library()


@register.filter
def is_outreach_writer(user) -> bool:
    """The prefecture's policy staff, who record outreach for every body (outreach.policies decides)."""
    return policies.is_policy_staff(user)
