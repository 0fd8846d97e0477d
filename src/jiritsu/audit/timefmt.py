"""Access-log times as staff read them: Asia/Tokyo, 和暦 date, 24-hour clock."""
from django.utils import timezone

from jiritsu.core.wareki import format_wareki


def wareki_datetime(value) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_wareki(local.date())} {local:%H:%M:%S}"
