"""Reads of the access log, already scoped by audit.policies; filters as the log page offers them."""
import datetime as dt

from django.utils import timezone

from jiritsu.orgs.models import Body

from . import policies


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight in Asia/Tokyo (the project's TIME_ZONE): dates typed by staff are Japanese days."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_log(user, filters: dict):
    """The user's log rows narrowed by date range, user, case number, action and (auditor) body."""
    rows = policies.visible_log(user)
    if filters.get("date_from"):
        rows = rows.filter(at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        rows = rows.filter(at__lt=_day_start(filters["date_to"] + dt.timedelta(days=1)))
    if filters.get("username"):
        rows = rows.filter(username__iexact=filters["username"].strip())
    if filters.get("case_number"):
        rows = rows.filter(case_number__iexact=filters["case_number"].strip())
    if filters.get("action"):
        rows = rows.filter(action=filters["action"])
    if filters.get("body") and policies.sees_every_body(user):
        rows = rows.filter(body_id=filters["body"].pk)
    return rows.order_by("-at", "-id")


def body_names() -> dict[int, str]:
    """Body id to name, for showing which body a row's case belongs to (one small query)."""
    return dict(Body.objects.values_list("pk", "name"))
