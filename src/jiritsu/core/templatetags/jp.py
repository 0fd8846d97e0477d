from django import template

from jiritsu.core import wareki

register = template.Library()


@register.filter
def wareki_date(value):
    """令和4年4月1日."""
    return wareki.format_wareki(value) if value else ""


@register.filter
def wareki_short(value):
    return wareki.format_wareki(value, short=True) if value else ""


@register.filter
def wareki_month(value):
    """令和4年4月."""
    return wareki.format_wareki_month(value) if value else ""


@register.filter
def yen(value):
    """12,345円 (empty for no amount)."""
    return f"{int(value):,}円" if value not in (None, "") else ""


@register.filter
def age_today(birth):
    from django.utils import timezone

    return wareki.age_on(birth, timezone.localdate()) if birth else ""


@register.filter
def fiscal_year_label(fy):
    return wareki.format_fiscal_year(int(fy)) if fy not in (None, "") else ""
