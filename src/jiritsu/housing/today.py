"""住居確保給付金 on 今日の業務 (registered with cases.today_sections in apps.py): for the body's 自治体担当者 the
applications waiting for a decision; for them and the agency staff the paid applications whose job-search
record of a past month is missing or short. Only cases the user may open; the Today page audits them."""
from jiritsu.cases import policies as case_policies
from jiritsu.core.links import link
from jiritsu.core.today_rows import Row, WorkList
from jiritsu.core.wareki import format_wareki_month

from . import policies, selectors
from .models import Application

SHOWN = 50


def _row(application, what: str, action: str) -> Row:
    case = application.case
    return Row(case.case_number, case.client.full_name, what, action, link("housing_application", application.pk))


def benefit_lists(user, day):
    if not policies.can_use(user):
        return None
    visible = case_policies.visible_cases(user)
    lists = []
    shown = []
    if policies.can_decide(user):
        waiting = WorkList("waiting", "住居確保給付金：決定待ちの申請", "決定待ちの申請はありません。")
        for app in (Application.objects.filter(case__in=visible, status=Application.Status.APPLIED)
                    .select_related("case__client").order_by("received_on", "pk")[:SHOWN]):
            waiting.rows.append(_row(app, f"{format_wareki_month(app.received_on)}の申請", "審査・決定する"))
            shown.append(app.case_id)
        lists.append(waiting)
    duties = WorkList("duties", "住居確保給付金：求職活動の記録が不足している月", "不足している月はありません。")
    for app in (Application.objects.filter(case__in=visible, status=Application.Status.GRANTED)
                .select_related("case__client").order_by("pk")[:SHOWN]):
        past = [w for w in selectors.job_search_warnings(app, selectors.job_search(app), day) if w.month < day.replace(day=1)]
        if past:
            months = "、".join(format_wareki_month(w.month) for w in past)
            duties.rows.append(_row(app, months, "求職活動を記録・確認する"))
            shown.append(app.case_id)
    lists.append(duties)
    return {"prefix": "housing", "lists": lists, "case_ids": shown}
