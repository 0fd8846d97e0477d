from django import template

from jiritsu.cases import policies

register = template.Library()


@register.simple_tag(takes_context=True)
def case_number(context, case):
    """{% case_number case %}: the number, with its body's name for a user whose cases span several bodies."""
    request = context.get("request")
    return policies.case_number_for(getattr(request, "user", None) or context.get("user"), case)
