"""就労準備支援 on 今日の業務 (registered with cases.today_sections in apps.py): for the provider's staff, the
cases handed to it for the program with what needs doing (start, an evaluation due, the one-year limit near
or past). The Today page audits them."""
from django.urls import reverse

from jiritsu.cases import policies as case_policies
from jiritsu.cases.models import Handoff
from jiritsu.core.today_rows import Row, WorkList
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.policies import staff_of
from jiritsu.programs.catalog import Program

from . import policies, rules
from .models import Enrolment, Evaluation

SHOWN = 100


def handed_lists(user, day):
    if not policies.runs_program(user):
        return None
    provider_id = staff_of(user).organisation_id
    handoffs = list(Handoff.objects.filter(
        case__in=case_policies.visible_cases(user), provider_id=provider_id, program=Program.EMPLOYMENT_PREP,
        ended_on__isnull=True).select_related("case__client", "case__body").order_by("started_on", "pk")[:SHOWN])
    ids = [h.case_id for h in handoffs]
    enrolments = {e.case_id: e for e in Enrolment.objects.filter(case_id__in=ids, ended_on__isnull=True)}
    last = dict(Evaluation.objects.filter(enrolment__in=enrolments.values()).order_by("evaluated_on")
                .values_list("enrolment_id", "evaluated_on"))
    work = WorkList("handed", "就労準備支援：担当のケース", "担当のケースはありません。")
    for handoff in handoffs:
        case = handoff.case
        enrolment = enrolments.get(case.pk)
        if enrolment is None:
            what, action, overdue = "利用開始の記録がありません", "利用を開始する", True
        else:
            due = rules.evaluation_due(enrolment.started_on, last.get(enrolment.pk))
            limit = rules.limit_label(enrolment.limit_on, day)
            what = f"{enrolment.get_stage_display()}　期限 {format_wareki(enrolment.limit_on)}{f'（{limit}）' if limit else ''}"
            overdue = bool(limit) or due < day
            action = "段階評価をする" if due < day else "予定・出欠・評価を開く"
        work.rows.append(Row(case.label, case.client.full_name, what, action, reverse("prep_case", args=[case.pk]), overdue))
    return {"prefix": "prep", "lists": [work], "case_ids": ids}
