"""家計改善支援 on 今日の業務 (registered with cases.today_sections in apps.py): for the staff of a provider the
cases are handed to, each handed case with its sheets' state and a link to them. The Today page audits them."""
from django.urls import reverse

from jiritsu.cases import policies as case_policies
from jiritsu.cases.models import Handoff
from jiritsu.core.today_rows import Row, WorkList
from jiritsu.orgs.models import Role
from jiritsu.orgs.policies import role_of, staff_of
from jiritsu.programs.catalog import Program

from .models import Sheet

SHOWN = 100


def handed_lists(user, day):
    if role_of(user) != Role.PROVIDER_STAFF or Program.HOUSEHOLD_BUDGET not in staff_of(user).organisation.programs:
        return None
    handoffs = list(Handoff.objects.filter(
        case__in=case_policies.visible_cases(user), provider_id=staff_of(user).organisation_id,
        program=Program.HOUSEHOLD_BUDGET, ended_on__isnull=True).select_related("case__client", "case__body")
        .order_by("started_on", "pk")[:SHOWN])
    with_sheets = set(Sheet.objects.filter(case_id__in=[h.case_id for h in handoffs]).values_list("case_id", flat=True))
    work = WorkList("handed", "家計改善支援：担当のケース", "担当のケースはありません。")
    for handoff in handoffs:
        case = handoff.case
        started = case.pk in with_sheets
        work.rows.append(Row(case.label, case.client.full_name, "家計表あり" if started else "家計表はまだありません",
                             "家計表・債務一覧を開く" if started else "相談時家計表を作る", reverse("budget_overview", args=[case.pk]),
                             overdue=not started))
    return {"prefix": "budget", "lists": [work], "case_ids": [h.case_id for h in handoffs]}
