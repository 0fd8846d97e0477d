from django import template

from jiritsu.audit.timefmt import wareki_datetime as _wareki_datetime

register = template.Library()


@register.filter
def wareki_datetime(value):
    """令和6年4月1日 13:05:09 in Asia/Tokyo."""
    return _wareki_datetime(value)
