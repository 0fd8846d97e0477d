"""住居確保給付金 on 今日の業務 (registered with cases.today_sections in apps.py): for the body's 自治体担当者 the
applications waiting for a decision, with a case the user may open or the body's own without one; the Today
page audits the cases, this section the applications without a case. (A month's
short job-search record is warned on the application's own page.)"""
from django.urls import reverse

from jiritsu.core.today_rows import Row, WorkList
from jiritsu.core.wareki import format_wareki_month

from . import auditing, policies, selectors
from .models import Application

SHOWN = 50


def _row(application, what: str, action: str) -> Row:
    number = application.case.case_number if application.case_id else "ケースなし"
    return Row(number, application.client.full_name, what, action, reverse("housing_application", args=[application.pk]))


def benefit_lists(user, day):
    """The body's 自治体担当者 only: the applications waiting for the decision (one query, however many)."""
    if not policies.can_decide(user):
        return None
    waiting = WorkList("waiting", "住居確保給付金：決定待ちの申請", "決定待ちの申請はありません。")
    applications = list(selectors.visible_applications(user).filter(status=Application.Status.APPLIED)
                        .select_related("case", "client").order_by("received_on", "pk")[:SHOWN])
    for app in applications:
        waiting.rows.append(_row(app, f"{format_wareki_month(app.received_on)}の申請", "審査・決定する"))
    without_case = [a for a in applications if a.case_id is None]
    if without_case:  # the Today page audits the cases; these have none
        auditing.record_many(user=user, action="read", what="今日の業務（住居確保給付金の決定待ち）",
                             applications=without_case)
    return {"prefix": "housing", "lists": [waiting], "case_ids": [a.case_id for a in applications if a.case_id]}
