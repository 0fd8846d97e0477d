"""What each standard form (標準様式, DOMAIN.md section 3) prints, built from a case already in scope.

Functions here only read; the views check scope and sections and write the audit row.
"""
from django.http import Http404

from jiritsu.cases import policies
from jiritsu.cases.choices import Complaint, EvaluationDecision, MeetingOutcome, Status
from jiritsu.cases.eligibility import latest_plan
from jiritsu.cases.models import Decision, MeetingItem
from jiritsu.core.text import names_line
from jiritsu.core.wareki import age_on
from jiritsu.orgs.models import AGENCY_ROLES
from jiritsu.programs.catalog import PlanService

# The assessment sheet's items by the section that guards them, in the sheet's order.
ASSESSMENT_PARTS = {
    "assessment_background": [("household", "世帯構成")],
    "assessment_health": [("health", "健康・障害・介護")],
    "assessment_work": [("work_school", "就労・就学の状況")],
    "assessment_money": [("income", "収入の状況"), ("monthly_income", "世帯の月収"),
                         ("assets_debts", "資産・債務"), ("debt_total", "債務総額"),
                         ("benefits", "利用中の制度・給付")],
}
ASSESSMENT_TAIL = ("assessment_background", [("background", "生活歴・課題の背景"),
                                             ("summary", "課題の整理（見立て）")])
YEN_FIELDS = {"monthly_income", "debt_total"}


def intake(case) -> dict:
    """相談受付・申込票: the 16 相談内容 with the checked ones and the 主訴, 来談者, B票, consent."""
    checked = set(case.complaints)
    complaints = [
        {"label": c.label, "checked": c.value in checked, "main": c.value == case.main_complaint}
        for c in Complaint
    ]
    consent = case.consents.prefetch_related("scope").order_by("-applied_on", "-id").first()
    return {
        "complaints": complaints,
        "consent": consent,
        "consent_scope": [o.name for o in consent.scope.all()] if consent else [],
        "b_rows": [
            [("仕事", case.get_work_status_display()), ("住居", case.get_housing_status_display())],
            [("健康保険", case.get_health_insurance_display()), ("年金", case.get_pension_display())],
        ],
        "received_by": _staff_name(case.received_by),
        "age_at_intake": age_on(case.client.birth_date, case.received_on),
        "identity_in_form": True,
    }


def _staff_name(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.display_name if staff else user.username


def assessment_rows(assessment, allowed) -> list[tuple[str, str]]:
    """The items of the sheet this user may read, each with its printed value."""
    parts = [f for part, fields in ASSESSMENT_PARTS.items() if part in allowed for f in fields]
    if ASSESSMENT_TAIL[0] in allowed:
        parts += ASSESSMENT_TAIL[1]
    return [(label, _value(assessment, name)) for name, label in parts]


def _value(obj, name) -> str:
    value = getattr(obj, name)
    if name in YEN_FIELDS:
        return "" if value is None else f"{value:,}円"
    return value or ""


def can_print_assessment(allowed) -> bool:
    return any(part in allowed for part in ASSESSMENT_PARTS)


def choose_plan(case, version: str | None):
    """The plan version asked for (?version=N), else the newest (the one being worked on, or in force)."""
    if version:
        try:
            number = int(version)
        except ValueError:
            raise Http404("指定された版のプランはありません。") from None
        plan = case.plans.filter(number=number).first()
        if plan is None:
            raise Http404("指定された版のプランはありません。")
        return plan
    return latest_plan(case.plans.all())


def plan(case, plan) -> dict:
    """プラン兼事業等利用申込書: goals, programs applied for (checked on the official list), approval, decision."""
    if plan is None:
        return {"plan": None, "versions": []}
    chosen = set(plan.services)
    approval = (
        MeetingItem.objects.filter(plan=plan, outcome=MeetingOutcome.APPROVED)
        .select_related("meeting").order_by("-meeting__held_on").first()
    )
    return {
        "plan": plan,
        "goals": list(plan.goals.all()),
        "services": [{"label": s.label, "checked": s.value in chosen} for s in PlanService],
        "approval": approval.meeting if approval else None,
        "decision": Decision.objects.filter(plan=plan).first(),
        "versions": list(case.plans.order_by("number").values_list("number", flat=True)),
    }


def progress(user, case) -> list:
    """Every progress record the user may read, oldest first as on the paper sheet."""
    records = sorted(policies.visible_progress(user, case), key=lambda r: (r.occurred_on, r.recorded_at, r.pk))
    for r in records:  # a provider's staff are often named after it (「○○事業団 職員」): the name once
        r.author_line = names_line(r.organisation.name, _staff_name(r.author), sep="\n")
    return records


def evaluation(case, version: str | None) -> dict:
    """評価シート for a plan version (?version=N) or the latest evaluation, with that plan's goals."""
    evaluations = case.evaluations.select_related("plan")
    if version:
        evaluations = evaluations.filter(plan__number=version if version.isdigit() else -1)
    chosen = evaluations.order_by("-evaluated_on", "-id").first()
    if version and chosen is None:
        raise Http404("指定された版のプランの評価はありません。")
    return {
        "evaluation": chosen,
        "goals": list(chosen.plan.goals.all()) if chosen else [],
        "closure": getattr(case, "closure", None) if not case.is_open else None,
        "decisions": EvaluationDecision.choices,
    }


# ---- 支援ケース一覧 ----
ROWS_PER_SHEET = 25  # rows that fit one A4 portrait sheet under the form's header
CASELIST_STATUS = {"open": "支援中・対応中のケース", "closed": "終結したケース", "all": "すべてのケース"}


def caselist_cases(user, status: str):
    """The caseload of the user's agency (a body administrator: every agency of the body).

    Only the owner side has a caseload list; anyone else gets 404 like any hidden case data.
    """
    if not policies.is_owner_side(user):
        raise Http404("ケース一覧はありません。")
    staff = policies.staff_of(user)
    cases = policies.visible_cases(user)
    if staff.role in AGENCY_ROLES:
        cases = cases.filter(agency_id=staff.organisation_id)
    if status == "open":
        cases = cases.exclude(status=Status.CLOSED)
    elif status == "closed":
        cases = cases.filter(status=Status.CLOSED)
    return cases


def caselist_sheets(cases) -> list[list]:
    """All rows in one query, cut into A4 sheets (each printed with its own header and page number)."""
    rows = list(
        cases.select_related("client", "agency", "assigned_to__staff").order_by("received_on", "case_number")
    )
    numbered = list(enumerate(rows, start=1))
    return [numbered[i:i + ROWS_PER_SHEET] for i in range(0, len(numbered), ROWS_PER_SHEET)] or [[]]
