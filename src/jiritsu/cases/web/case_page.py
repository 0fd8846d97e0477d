"""The case page (ケース詳細): where the case is in the process, what to do next, and everything
recorded, limited to the sections the user may see (policies.sections)."""
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from jiritsu.audit import history as audit_history
from jiritsu.audit import log
from jiritsu.core.links import link
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program

from .. import policies, process
from ..choices import EvaluationDecision, Status
from ..models import Plan
from ..process import AFTER_APPLICATION, Step
from . import case_context


def case_detail(request, pk):
    case = policies.get_case_or_404(request.user, pk, joined=False)  # the rest comes with its records
    ctx = case_context.build(request.user, case)
    ctx.update(case_actions(request.user, case, ctx))
    ctx["prints"] = print_links(request.user, case, ctx["sections"])
    log.record(user=request.user, action="read", what="ケース詳細", case=case)
    return render(request, "cases/case_detail.html", ctx)


def case_history(request, pk):
    """The field history (変更履歴), loaded on demand: it reads every historical table of the case, so
    the case page itself stays quick and the history is read (and logged) only when someone asks."""
    case = policies.get_case_or_404(request.user, pk)
    if "history" not in policies.sections(request.user, case):
        raise Http404
    log.record(user=request.user, action="read", what="変更履歴", case=case)
    ctx = {"case": case, "history": audit_history.case_history(case)}
    template = "audit/_case_history.html" if request.htmx else "cases/case_history.html"
    return render(request, template, ctx)


PRINTS = [("print_intake", "相談受付・申込票", "intake"), ("print_assessment", "アセスメントシート", "assessment_background"),
          ("print_plan", "プラン兼事業等利用申込書", "plan"), ("print_progress", "支援経過記録", "progress"),
          ("print_evaluation", "評価シート", "evaluation")]


def print_links(user, case, allowed) -> list[dict]:
    """Print buttons for each standard form, only for forms whose sections the user may read."""
    return [{"url": link(name, case.pk), "label": label} for name, label, section in PRINTS
            if section in allowed]


STEP_PAGE = {
    Step.TRIAGE: "case_triage", Step.APPLY: "case_apply", Step.ASSESS: "case_assess",
    Step.DRAFT_PLAN: "case_plan_new", Step.REPLAN: "case_plan_new", Step.PUT_ON_AGENDA: "case_agenda",
    Step.DECIDE: "case_decide", Step.HANDOFF: "case_handoff", Step.TEMPORARY_USE: "case_temporary_use",
    Step.URGENT_SHELTER: "case_urgent_shelter", Step.MONITOR: "case_monitor", Step.EVALUATE: "case_evaluate",
    Step.CONTINUE_PLAN: "case_continue", Step.CLOSE: "case_close", Step.WITHDRAW_CONSENT: "case_withdraw_consent",
    Step.RECORD_PROGRESS: "case_progress_new",
}
ACTION_LABEL = {
    Step.TRIAGE: "振り分けを記録する", Step.APPLY: "利用申込・本人同意を記録する", Step.ASSESS: "アセスメントを記録する",
    Step.DRAFT_PLAN: "プラン（案）を作成する", Step.REPLAN: "再プランを作成する", Step.PUT_ON_AGENDA: "支援調整会議に付議する",
    Step.APPROVE_PLAN: "会議の結果を記録する", Step.CONFIRM_EVALUATION: "会議で評価を確認する",
    Step.DECIDE: "支援決定を記録する", Step.HANDOFF: "委託事業者へ引き継ぐ", Step.TEMPORARY_USE: "一時的利用を開始する",
    Step.URGENT_SHELTER: "急迫時の一時生活支援を開始する", Step.MONITOR: "モニタリングを記録する",
    Step.EVALUATE: "プラン評価を記録する", Step.CONTINUE_PLAN: "現プランで継続する", Step.CLOSE: "終結する",
    Step.WITHDRAW_CONSENT: "同意の撤回を記録する", Step.RECORD_PROGRESS: "支援経過を記録する",
}


def case_actions(user, case, ctx) -> dict:
    """The one primary action for the next step and the other allowed actions, each a link."""
    available = [s for s in process.allowed_steps(case)
                 if user.has_perm(f"cases.{s.value}") and _applicable(s, case, ctx)]
    primary_step = next((s for s in _next_steps(case, ctx) if s in available), None)
    if primary_step is None and available == [Step.RECORD_PROGRESS]:
        primary_step = Step.RECORD_PROGRESS
    actions = [_action(s, case, ctx) for s in available]
    actions = [a for a in actions if a is not None]
    if _can_reconsent(user, case, ctx):
        actions.append({"step": "reconsent", "label": "再同意を記録する", "url": link("case_reconsent", case.pk)})
    primary = next((a for a in actions if a["step"] == primary_step), None)
    return {"primary_action": primary, "other_actions": [a for a in actions if a is not primary],
            "can_record_progress": Step.RECORD_PROGRESS in available,
            "can_record_outcome": Step.RECORD_OUTCOME in available,
            "can_end_handoff": user.has_perm(f"cases.{Step.END_HANDOFF.value}"),
            "edit_links": _edit_links(user, case, ctx), "next_hint": "" if primary else _hint(user, case, ctx),
            "urgency_signs": case.urgency_signs if primary_step == Step.URGENT_SHELTER else []}


def _hint(user, case, ctx):
    """What happens next when the user has no button for it: who takes the next step when it is one the
    user's role may not take ("支援決定は自治体担当者が行います。"), after the meeting it waits for, if any."""
    allowed = process.allowed_steps(case)
    blocked = next((s for s in _next_steps(case, ctx) if s in allowed and _applicable(s, case, ctx)
                    and not user.has_perm(f"cases.{s.value}")), None)
    if blocked is None:
        return case_context.next_step_hint(case, ctx)
    who = f"{process.TRANSITIONS[blocked].label}は{policies.who_takes(blocked)}が行います。"
    return case_context.meeting_wait(ctx) + who


def _next_steps(case, ctx) -> list[Step]:
    urgent = [Step.URGENT_SHELTER] if _looks_urgent(case, ctx) else []
    return urgent + _usual_next_steps(case, ctx)


def _looks_urgent(case, ctx) -> bool:
    """The intake shows no place to sleep tonight or no food, and no shelter is running yet."""
    return bool(case.urgency_signs) and not any(
        h.is_active and h.program == Program.TEMPORARY_SHELTER for h in ctx["handoffs"])


def _usual_next_steps(case, ctx) -> list[Step]:
    status = case.status
    if status == Status.IN_SUPPORT:
        due = ctx["evaluation_due"]
        first = [Step.EVALUATE] if due and due <= timezone.localdate() else []
        return first + ([Step.HANDOFF] if _uncovered_programs(ctx) else []) + [Step.MONITOR]
    if status == Status.EVALUATION_CONFIRMED:
        latest = ctx["evaluations"][0]
        return [{EvaluationDecision.CLOSE: Step.CLOSE, EvaluationDecision.REPLAN: Step.REPLAN,
                 EvaluationDecision.CONTINUE: Step.CONTINUE_PLAN}[latest.decision]]
    if status == Status.EVALUATED:
        return [Step.CONFIRM_EVALUATION, Step.PUT_ON_AGENDA]
    following = {Status.RECEIVED: Step.TRIAGE, Status.CONTINUING: Step.APPLY, Status.APPLIED: Step.ASSESS,
                 Status.ASSESSED: Step.DRAFT_PLAN, Status.PLAN_APPROVED: Step.DECIDE,
                 Status.CLOSED: Step.RECORD_PROGRESS}
    if status == Status.PLAN_DRAFTED:
        return [Step.APPROVE_PLAN, Step.PUT_ON_AGENDA]
    return [following[status]]


def _uncovered_programs(ctx) -> set:
    plan = ctx["current_plan"]
    if plan is None or plan.state != Plan.State.DECIDED:
        return set()
    active = {h.program for h in ctx["handoffs"] if h.is_active}
    return {p for p in plan.services if p in HANDOFF_PROGRAMS} - active


def _applicable(step, case, ctx) -> bool:
    """Steps the table allows but that make no sense now (so no button for them)."""
    pending = ctx["pending_item"]
    latest = ctx["evaluations"][0] if ctx["evaluations"] else None
    confirmed = latest.decision if latest and case.status == Status.EVALUATION_CONFIRMED else None
    checks = {
        Step.PUT_ON_AGENDA: pending is None,
        Step.APPROVE_PLAN: pending is not None,
        Step.CONFIRM_EVALUATION: pending is not None,
        Step.RETURN_PLAN: False,  # the same meeting page records approval or return
        Step.WITHDRAW_CONSENT: ctx["active_consent"] is not None,
        Step.REPLAN: case.status == Status.IN_SUPPORT or confirmed == EvaluationDecision.REPLAN,
        Step.CONTINUE_PLAN: confirmed == EvaluationDecision.CONTINUE,
        Step.END_HANDOFF: False,  # offered per hand-off in the hand-offs section
    }
    return checks.get(step, True)


def _action(step, case, ctx) -> dict | None:
    if step in (Step.APPROVE_PLAN, Step.CONFIRM_EVALUATION):
        url = link("meeting_item", ctx["pending_item"].pk)
    elif step in STEP_PAGE:
        url = link(STEP_PAGE[step], case.pk)
    else:
        return None
    return {"step": step, "label": ACTION_LABEL[step], "url": url}


def _can_reconsent(user, case, ctx) -> bool:
    return (case.status in AFTER_APPLICATION and ctx["active_consent"] is None and bool(ctx["consents"])
            and user.has_perm("cases.apply"))


def _edit_links(user, case, ctx) -> list[dict]:
    if not (case.is_open and user.has_perm("cases.edit_case")):
        return []
    links = [(link("case_client_edit", case.pk), "相談者の基本情報を修正"),
             (link("case_intake_edit", case.pk), "相談受付票を修正")]
    if ctx["assessments"]:
        links.append((link("case_assessment_edit", case.pk, ctx["assessments"][0].pk), "アセスメントを修正"))
    draft = next((p for p in ctx["plans"] if p.state == Plan.State.DRAFT), None)
    if draft:
        links.append((link("case_plan_edit", case.pk, draft.pk), f"プラン（案）第{draft.number}版を修正"))
    return [{"url": u, "label": label} for u, label in links]

