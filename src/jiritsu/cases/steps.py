"""Every step of the support process (支援の流れ), declared once.

A declaration says everything the system knows about the step: from which statuses it may be taken and
the status it leads to, which roles may take it, its name, the page that takes it and its button there,
the API endpoint that takes it, what the work lists say when it is the next thing to do, and the rule
(eligibility) that says whether it can be taken now and why not. The process (process.py), the
permissions (policies.py), the case page's buttons, the work lists' next actions and the API's allowed
steps are all read from here; tests/cases/test_steps_declared.py walks every declaration.

Adding a step: one declaration below, its service (which calls services.common.begin_step) and its form
and page (web/steps.py, under the declared page name).
"""
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.programs.coverage import Refusal

from . import eligibility as rule
from .choices import AFTER_APPLICATION, BEFORE_APPLICATION, EvaluationDecision
from .choices import Status as S

ANY_STATUS = frozenset(S)

AGENCY = frozenset(AGENCY_ROLES)
MEETING_CHAIR = frozenset({Role.CHIEF, Role.BODY_ADMIN})  # who records the meeting's outcome


@dataclass(frozen=True)
class StepDef:
    code: str
    label: str  # the process's name for it (refusals, the API's allowed steps)
    allowed_from: frozenset
    to: S | None  # None: the status does not change (or, for triage, depends on the outcome)
    who: frozenset  # roles that may take it (policies.STEP_PERMISSIONS)
    action: str  # its button on the case page
    page: str  # URL name of the page that takes it
    endpoint: str  # "METHOD path" of the API operation that takes it, as in the OpenAPI
    hint: str  # what to do next, said in the work lists and on the case page when there is no button
    eligible: Callable | None = None  # (CaseFacts) -> Refusal | None, beyond the status
    next_in: frozenset = frozenset()  # statuses in which it is the normal next step
    next_when: Callable | None = None  # (CaseFacts) -> bool: only then is it the next step
    rank: int = 1  # among next steps of a status, the lower first (and its hint is the status's)
    on: str = "case"  # what its page and endpoint name besides the case: "agenda_item" or "handoff"
    menu: bool = True  # offered among the case page's actions (False: offered elsewhere on the page)

    def refusal(self, facts) -> Refusal | None:
        """Why the step cannot be taken on this case now, or None: the status first, then its rule."""
        if facts.status not in self.allowed_from:
            return Refusal("step_not_allowed_in_status",
                           f"このケースは「{facts.status.label}」のため、「{self.label}」はできません。")
        return self.eligible(facts) if self.eligible else None

    def is_next(self, facts) -> bool:
        return facts.status in self.next_in and (self.next_when is None or self.next_when(facts))


def _confirmed(decision):
    return lambda facts: facts.confirmed_decision == decision


DECLARED = (
    StepDef("triage", "振り分け", frozenset({S.RECEIVED}), None, AGENCY, "振り分けを記録する", "case_triage",
            "POST /api/cases/{case_id}/triage", "振り分けを行う", next_in=frozenset({S.RECEIVED})),
    StepDef("apply", "利用申込（本人同意）", frozenset({S.CONTINUING}), S.APPLIED, AGENCY, "利用申込・本人同意を記録する",
            "case_apply", "POST /api/cases/{case_id}/apply", "利用申込・本人同意を受ける",
            next_in=frozenset({S.CONTINUING})),
    StepDef("reconsent", "再同意", AFTER_APPLICATION, None, AGENCY, "再同意を記録する", "case_reconsent",
            "POST /api/cases/{case_id}/apply", "同意を撤回した本人から、あらためて同意を得る",
            eligible=rule.needs_withdrawn_consent, rank=9),
    StepDef("assess", "アセスメント", frozenset({S.APPLIED, S.ASSESSED}), S.ASSESSED, AGENCY, "アセスメントを記録する",
            "case_assess", "POST /api/cases/{case_id}/assessments", "アセスメントを行う",
            next_in=frozenset({S.APPLIED})),
    StepDef("temporary_use", "一時的利用（アセスメント段階）", frozenset({S.APPLIED, S.ASSESSED}), None, AGENCY,
            "一時的利用を開始する", "case_temporary_use", "POST /api/cases/{case_id}/temporary-use",
            "早期の就労準備支援・家計改善支援が必要なら一時的利用を開始する"),
    # From the intake too: the application and consent are then recorded with it (services.start_urgent_shelter);
    # the next step when the intake shows no place to sleep tonight or no food (CaseFacts.looks_urgent).
    StepDef("urgent_shelter", "急迫時の一時生活支援",
            BEFORE_APPLICATION | {S.APPLIED, S.ASSESSED, S.PLAN_DRAFTED, S.PLAN_APPROVED},
            None, AGENCY, "急迫時の一時生活支援を開始する", "case_urgent_shelter",
            "POST /api/cases/{case_id}/urgent-shelter", "住まいを失っているなど急迫していれば一時生活支援を開始する",
            next_in=BEFORE_APPLICATION | {S.APPLIED}, next_when=lambda facts: facts.looks_urgent, rank=0),
    StepDef("draft_plan", "プラン（案）策定", frozenset({S.ASSESSED}), S.PLAN_DRAFTED, AGENCY, "プラン（案）を作成する",
            "case_plan_new", "POST /api/cases/{case_id}/plans", "プラン（案）を作成する",
            next_in=frozenset({S.ASSESSED})),
    StepDef("put_on_agenda", "支援調整会議への付議", frozenset({S.PLAN_DRAFTED, S.EVALUATED}), None,
            AGENCY | {Role.BODY_ADMIN}, "支援調整会議に付議する", "case_agenda", "POST /api/meetings/{meeting_id}/agenda",
            "支援調整会議に付議する", eligible=rule.can_go_on_agenda, next_in=frozenset({S.PLAN_DRAFTED, S.EVALUATED})),
    StepDef("approve_plan", "支援調整会議での了承", frozenset({S.PLAN_DRAFTED}), S.PLAN_APPROVED, MEETING_CHAIR,
            "会議の結果を記録する", "meeting_item", "POST /api/agenda-items/{item_id}/outcome",
            "支援調整会議の結果を記録する", eligible=rule.plan_on_agenda, next_in=frozenset({S.PLAN_DRAFTED}),
            rank=2, on="agenda_item"),
    # Recorded on the same page as the approval (the meeting's outcome is one or the other).
    StepDef("return_plan", "プラン（案）の差し戻し", frozenset({S.PLAN_DRAFTED}), S.PLAN_DRAFTED, MEETING_CHAIR,
            "会議の結果を記録する", "meeting_item", "POST /api/agenda-items/{item_id}/outcome",
            "修正のうえ再提出となったプラン（案）を修正する", eligible=rule.plan_on_agenda, on="agenda_item", menu=False),
    StepDef("decide", "支援決定", frozenset({S.PLAN_APPROVED}), S.IN_SUPPORT, frozenset({Role.BODY_ADMIN}),
            "支援決定を記録する", "case_decide", "POST /api/cases/{case_id}/decision", "支援決定を行う",
            eligible=rule.needs_approved_plan, next_in=frozenset({S.PLAN_APPROVED})),
    StepDef("handoff", "支援引継ぎ", frozenset({S.IN_SUPPORT}), None, AGENCY, "委託事業者へ引き継ぐ", "case_handoff",
            "POST /api/cases/{case_id}/handoffs", "プランの利用事業を委託事業者へ引き継ぐ",
            next_in=frozenset({S.IN_SUPPORT}), next_when=lambda facts: bool(facts.uncovered_programs)),
    StepDef("monitor", "モニタリング", frozenset({S.IN_SUPPORT}), None, AGENCY, "モニタリングを記録する", "case_monitor",
            "POST /api/cases/{case_id}/monitoring", "支援・モニタリングを行う", eligible=rule.needs_decided_plan,
            next_in=frozenset({S.IN_SUPPORT}), rank=2),
    StepDef("evaluate", "プラン評価", frozenset({S.IN_SUPPORT}), S.EVALUATED, AGENCY, "プラン評価を記録する",
            "case_evaluate", "POST /api/cases/{case_id}/evaluations", "プラン期間の終わりに評価を行う",
            eligible=rule.needs_decided_plan, next_in=frozenset({S.IN_SUPPORT}),
            next_when=lambda facts: facts.evaluation_is_due, rank=0),
    StepDef("confirm_evaluation", "プラン評価の会議確認", frozenset({S.EVALUATED}), S.EVALUATION_CONFIRMED, MEETING_CHAIR,
            "会議で評価を確認する", "meeting_item", "POST /api/agenda-items/{item_id}/outcome",
            "評価を支援調整会議で確認する", eligible=rule.evaluation_on_agenda, next_in=frozenset({S.EVALUATED}),
            rank=0, on="agenda_item"),
    StepDef("replan", "再プラン策定", frozenset({S.IN_SUPPORT, S.EVALUATION_CONFIRMED}), S.PLAN_DRAFTED, AGENCY,
            "再プランを作成する",
            "case_plan_new", "POST /api/cases/{case_id}/plans", "再プランを作成する", eligible=rule.replan_allowed,
            next_in=frozenset({S.EVALUATION_CONFIRMED}), next_when=_confirmed(EvaluationDecision.REPLAN)),
    StepDef("continue_plan", "現プランで継続", frozenset({S.EVALUATION_CONFIRMED}), S.IN_SUPPORT, AGENCY,
            "現プランで継続する",
            "case_continue", "POST /api/cases/{case_id}/continue", "現プランで支援を継続する",
            eligible=rule.continue_allowed, next_in=frozenset({S.EVALUATION_CONFIRMED}),
            next_when=_confirmed(EvaluationDecision.CONTINUE)),
    StepDef("close", "終結", AFTER_APPLICATION | {S.CONTINUING}, S.CLOSED, AGENCY, "終結する", "case_close",
            "POST /api/cases/{case_id}/close", "終結を記録する", next_in=frozenset({S.EVALUATION_CONFIRMED}),
            next_when=_confirmed(EvaluationDecision.CLOSE)),
    StepDef("withdraw_consent", "同意の撤回", ANY_STATUS, None, AGENCY, "同意の撤回を記録する", "case_withdraw_consent",
            "POST /api/cases/{case_id}/withdraw-consent", "本人が同意を撤回したら記録する",
            eligible=rule.needs_active_consent),
    # Follow-up after closure is recorded too.
    StepDef("record_progress", "支援経過の記録", ANY_STATUS, None, AGENCY | {Role.PROVIDER_STAFF}, "支援経過を記録する",
            "case_progress_new", "POST /api/cases/{case_id}/progress", "支援経過を記録する",
            next_in=frozenset({S.CLOSED})),
    StepDef("end_handoff", "引継ぎの終了", ANY_STATUS, None, AGENCY, "引継ぎを終了する", "case_end_handoff",
            "POST /api/handoffs/{handoff_id}/end", "事業の利用が終わったら引継ぎを終了する",
            eligible=rule.needs_active_handoff, on="handoff", menu=False),  # per hand-off, in its section
    # 就労・増収 after the application; also after closure, when follow-up learns of it.
    StepDef("record_outcome", "就労・増収の記録", AFTER_APPLICATION | {S.CLOSED}, None, AGENCY, "就労・増収を記録する",
            "case_outcome_new", "POST /api/cases/{case_id}/outcomes", "就労や増収がわかったら記録する",
            menu=False),  # offered in the outcomes section
)

Step = StrEnum("Step", [(d.code.upper(), d.code) for d in DECLARED])
Step.__doc__ = "The steps of the support process, one member per declaration."
STEPS: dict[Step, StepDef] = {Step(d.code): d for d in DECLARED}


def taken_now(facts, steps=STEPS) -> list[Step]:
    """The steps the process allows on the case now (status and rule), in declaration order."""
    return [s for s in steps if STEPS[s].refusal(facts) is None]


def next_step(facts, available) -> Step | None:
    """Among the available steps, the normal next one for the case (the page's one primary action)."""
    candidates = [s for s in available if STEPS[s].is_next(facts)]
    return min(candidates, key=lambda s: STEPS[s].rank, default=None)


def _status_hints() -> dict:
    """The status's hint is its lowest-ranked unconditional next step's; a status whose next step depends on
    the case (after a confirmed evaluation: re-plan, continue or close) names each of them."""
    hints = {}
    for status in S:
        if status == S.CLOSED:
            continue
        leads = [d for d in DECLARED if status in d.next_in and d.next_when is None]
        if leads:
            hints[status] = min(leads, key=lambda d: d.rank).hint
        elif choices := [d.hint for d in DECLARED if status in d.next_in]:
            hints[status] = "確認された方針のとおり" + "／".join(choices)
    return hints


# What to do next for a case in each status (the work lists; the case page when there is no button).
NEXT_ACTION: dict[S, str] = _status_hints()


def endpoint_for(step: Step, **ids) -> str:
    """The step's endpoint with the ids known to the caller filled in; the others stay as placeholders."""
    return STEPS[step].endpoint.format_map(_Placeholders(ids))


class _Placeholders(dict):
    def __missing__(self, key):
        return "{" + key + "}"
