"""The case page (ケース詳細): where the case is in the process, what to do next, and everything
recorded, limited to the sections the user may see (policies.sections)."""
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from jiritsu.audit import log

from .. import history, panels, policies, process
from .. import records as case_records
from ..steps import STEPS, Step, next_step
from . import case_context, case_rows

PROGRESS_PAGE_SIZE = 50


def case_detail(request, pk):
    case = policies.get_case_or_404(request.user, pk, related=case_records.CASE_JOINS)
    ctx = case_context.build(request.user, case)
    ctx.update(case_actions(request.user, case, ctx))
    ctx["prints"] = print_links(request.user, case, ctx["sections"])
    if "handoffs" in ctx["sections"]:
        ctx.update(panels.handoff_card(request, case, ctx))
    log.record(user=request.user, action="read", what="ケース詳細", case=case)
    return render(request, "cases/case_detail.html", ctx)


def case_history(request, pk):
    """The field history (変更履歴), loaded on demand: it reads every historical table of the case, so
    the case page itself stays quick and the history is read (and logged) only when someone asks."""
    case = policies.get_case_or_404(request.user, pk)
    if "history" not in policies.sections(request.user, case):
        raise Http404
    log.record(user=request.user, action="read", what="変更履歴", case=case)
    ctx = {"case": case, "history": history.case_history(case, request.user)}
    template = "cases/_case_history.html" if request.htmx else "cases/case_history.html"
    return render(request, template, ctx)


def case_progress_list(request, pk):
    """支援経過の一覧: every progress record of the case the user may read, newest first, a page at a time (the
    case page shows only the newest)."""
    case = policies.get_case_or_404(request.user, pk)
    if "progress" not in policies.sections(request.user, case):
        raise Http404
    page = Paginator(policies.visible_progress(request.user, case), PROGRESS_PAGE_SIZE).get_page(request.GET.get("page"))
    log.record(user=request.user, action="read", what="支援経過記録の一覧", case=case)
    return render(request, "cases/progress_list.html",
                  {"case": case, "page": page, "progress_rows": case_rows.progress(page.object_list, case_context.who)})


PRINTS = [("print_intake", "相談受付・申込票", "intake"), ("print_assessment", "アセスメントシート", "assessment_background"),
          ("print_plan", "プラン兼事業等利用申込書", "plan"), ("print_progress", "支援経過記録", "progress"),
          ("print_evaluation", "評価シート", "evaluation")]


def print_links(user, case, allowed) -> list[dict]:
    """Print buttons for each standard form, only for forms whose sections the user may read."""
    return [{"url": reverse(name, args=[case.pk]), "label": label} for name, label, section in PRINTS
            if section in allowed]


def case_actions(user, case, ctx) -> dict:
    """The one primary action for the next step and the other actions the user can take now, each a link:
    the steps the process, the user's role and each step's rule allow (steps.py)."""
    facts = ctx["facts"]
    available = [s for s in process.allowed_steps(case, facts) if user.has_perm(f"cases.{s.value}")]
    offered = [s for s in available if STEPS[s].menu]
    primary_step = next_step(facts, offered)
    if primary_step is None and offered == [Step.RECORD_PROGRESS]:
        primary_step = Step.RECORD_PROGRESS  # all a provider does on the case
    actions = [{"step": s, "label": STEPS[s].action, "url": step_url(s, facts)} for s in offered]
    primary = next((a for a in actions if a["step"] == primary_step), None)
    return {"primary_action": primary, "other_actions": [a for a in actions if a is not primary],
            "can_record_progress": Step.RECORD_PROGRESS in available,
            "can_record_outcome": Step.RECORD_OUTCOME in available,
            "can_end_handoff": user.has_perm(f"cases.{Step.END_HANDOFF.value}"),
            "edit_links": _edit_links(user, case, ctx),
            "next_hint": "" if primary else _hint(user, case, ctx, available),
            "urgency_signs": case.urgency_signs if primary_step == Step.URGENT_SHELTER else []}


def _hint(user, case, ctx, available) -> str:
    """What happens next when the user has no button for it: who takes the next step when it is one the
    user's role may not take ("支援決定は自治体担当者が行います。"), after the meeting it waits for, if any."""
    facts = ctx["facts"]
    others = [s for s in process.allowed_steps(case, facts) if s not in available and STEPS[s].menu]
    blocked = next_step(facts, others)
    if blocked is None:
        return case_context.next_step_hint(case, ctx)
    return case_context.meeting_wait(ctx) + f"{STEPS[blocked].label}は{policies.who_takes(blocked)}が行います。"


def step_url(step, facts) -> str:
    """The page that takes the step on this case (steps.py: its page, and what it names besides the case)."""
    declared = STEPS[step]
    if declared.on == "agenda_item":
        return reverse(declared.page, args=[facts.pending_item.pk])
    if declared.on == "handoff":
        return reverse(declared.page, args=[facts.case.pk, facts.active_handoffs[0].pk])
    return reverse(declared.page, args=[facts.case.pk])


def _edit_links(user, case, ctx) -> list[dict]:
    if not (case.is_open and user.has_perm("cases.edit_case")):
        return []
    links = [(reverse("case_client_edit", args=[case.pk]), "相談者の基本情報を修正"),
             (reverse("case_intake_edit", args=[case.pk]), "相談受付票を修正")]
    if ctx["assessments"]:
        links.append((reverse("case_assessment_edit", args=[case.pk, ctx["assessments"][0].pk]), "アセスメントを修正"))
    draft = ctx["facts"].draft_plan
    if draft:
        links.append((reverse("case_plan_edit", args=[case.pk, draft.pk]), f"プラン（案）第{draft.number}版を修正"))
    return [{"url": u, "label": label} for u, label in links]

