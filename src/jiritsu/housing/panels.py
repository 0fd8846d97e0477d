"""住居確保給付金 on the case page (registered in apps.py with cases.panels): the case's latest application
and its state, with links to it and to the case's applications, shown only to those who work on the benefit
(housing.policies: the agency staff and the body's 自治体担当者; providers never). A case with no application
shows the link to receive one only when its current plan uses the benefit, or, when the person applied
before consulting (an application without a case), the way to link that application to the case."""
from django.urls import reverse
from django.utils.html import format_html

from jiritsu.cases.panels import case_uses
from jiritsu.core.wareki import format_wareki
from jiritsu.programs.catalog import PlanService

from . import policies, selectors


def application_link(request, case, ctx) -> str:
    if not policies.can_use(request.user):
        return ""
    latest = selectors.latest_for_case_page(case)
    case_url = reverse("housing_case", args=[case.pk])
    if latest is not None and latest.case_id is None:  # the person applied before consulting: link it
        return format_html('<p id="housing-panel">住居確保給付金：この方がケースなしで受け付けた申請（{}）があります '
                           '<a class="btn btn--small" href="{}">このケースに紐づける</a></p>',
                           latest.get_status_display(), case_url)
    if latest is None:
        if not case_uses(case, service=PlanService.HOUSING_BENEFIT):
            return ""
        return format_html('<p id="housing-panel">住居確保給付金：申請はありません '
                           '<a class="btn btn--small" href="{}">申請を受け付ける</a></p>', case_url)
    amount = f"、月額 {latest.monthly_amount:,}円" if latest.monthly_amount else ""
    return format_html(
        '<p id="housing-panel">住居確保給付金：{}（{}申請{}） <a class="btn btn--small" href="{}">申請を開く</a> '
        '<a class="btn btn--small" href="{}">これまでの申請</a></p>',
        latest.get_status_display(), format_wareki(latest.received_on, short=True), amount,
        reverse("housing_application", args=[latest.pk]), case_url)
