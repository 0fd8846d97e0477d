"""住居確保給付金 on 今日の業務 (registered with cases.today_sections in apps.py): for the body's 自治体担当者 the
applications waiting for a decision. Only cases the user may open; the Today page audits them. (A month's
short job-search record is warned on the application's own page.)"""
from django.urls import reverse

from jiritsu.cases import policies as case_policies
from jiritsu.core.today_rows import Row, WorkList
from jiritsu.core.wareki import format_wareki_month

from . import policies
from .models import Application

SHOWN = 50


def _row(application, what: str, action: str) -> Row:
    case = application.case
    return Row(case.case_number, case.client.full_name, what, action, reverse("housing_application", args=[application.pk]))


def benefit_lists(user, day):
    """The body's 自治体担当者 only: the applications waiting for the decision (one query, however many)."""
    if not policies.can_decide(user):
        return None
    waiting = WorkList("waiting", "住居確保給付金：決定待ちの申請", "決定待ちの申請はありません。")
    applications = list(Application.objects.filter(case__in=case_policies.visible_cases(user),
                                                   status=Application.Status.APPLIED)
                        .select_related("case__client").order_by("received_on", "pk")[:SHOWN])
    for app in applications:
        waiting.rows.append(_row(app, f"{format_wareki_month(app.received_on)}の申請", "審査・決定する"))
    return {"prefix": "housing", "lists": [waiting], "case_ids": [a.case_id for a in applications]}
