"""Whether a step can be taken on a case now, and why not: the one home of each such rule.

The case page greys or hides what a rule refuses, and the service refuses with the same rule, so the
reason the worker reads beside a greyed option is the reason the API answers with (409 `reason`).

Rules read the case's records through `CaseFacts`, which reads them through the case's related managers:
on the case page, where every record was prefetched (cases.records), that asks nothing
more; in a service, on the case it locked, it reads them under the lock.
"""
import datetime as dt
from functools import cached_property

from django.utils import timezone

from jiritsu.orgs.models import Organisation
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, TEMPORARY_USE_PROGRAMS, URGENT_PROGRAMS, Program
from jiritsu.programs.coverage import Coverage, Refusal

from .choices import AgendaKind, EvaluationDecision, MeetingOutcome, Status
from .models import Plan


def current_plan(plans) -> Plan | None:
    """The plan the support runs under: the newest plan a 支援決定 was made on (a newer draft or approved
    version is not in force until its own decision). Monitoring and evaluation are of this plan, hand-offs
    are made for its programs."""
    decided = [p for p in plans if p.state == Plan.State.DECIDED]
    return max(decided, key=lambda p: p.number, default=None)


def latest_plan(plans) -> Plan | None:
    """The newest version, whatever its state: what is being worked on, and what the plan sheet prints."""
    return max(plans, key=lambda p: p.number, default=None)


class CaseFacts:
    """What the rules read about one case, each read at most once."""

    def __init__(self, case):
        self.case = case

    @property
    def status(self) -> Status:
        return Status(self.case.status)

    @cached_property
    def plans(self) -> list[Plan]:
        return sorted(self.case.plans.all(), key=lambda p: -p.number)

    @cached_property
    def current_plan(self) -> Plan | None:
        return current_plan(self.plans)

    @cached_property
    def draft_plan(self) -> Plan | None:
        return next((p for p in self.plans if p.state == Plan.State.DRAFT), None)

    @cached_property
    def approved_plan(self) -> Plan | None:
        return next((p for p in self.plans if p.state == Plan.State.APPROVED), None)

    @cached_property
    def consents(self) -> list:
        return list(self.case.consents.all())

    @cached_property
    def active_consent(self):
        return next((c for c in self.consents if c.is_active), None)

    @cached_property
    def consent_scope(self) -> set[int]:
        """The organisations the active consent names."""
        return {o.pk for o in self.active_consent.scope.all()} if self.active_consent else set()

    @cached_property
    def latest_evaluation(self):
        return next(iter(self.case.evaluations.all()), None)

    @property
    def confirmed_decision(self) -> str | None:
        """The policy the meeting confirmed for the latest evaluation, while the case waits on it."""
        ev = self.latest_evaluation
        return ev.decision if self.status == Status.EVALUATION_CONFIRMED and ev and ev.confirmed else None

    @cached_property
    def pending_item(self):
        """The case's agenda item whose outcome the meeting has not yet recorded."""
        return next((i for i in self.case.meeting_items.all() if i.outcome == MeetingOutcome.PENDING), None)

    @cached_property
    def active_handoffs(self) -> list:
        return [h for h in self.case.handoffs.all() if h.is_active]

    @property
    def uncovered_programs(self) -> set:
        """Programs of the plan in force that no running hand-off delivers yet."""
        plan = self.current_plan
        if plan is None:
            return set()
        return {p for p in plan.services if p in HANDOFF_PROGRAMS} - {h.program for h in self.active_handoffs}

    @property
    def looks_urgent(self) -> bool:
        """The intake shows no place to sleep tonight or no food (Case.urgency_signs), and no shelter has been
        arranged yet: 急迫時の一時生活支援 is the next step."""
        return bool(self.case.urgency_signs) and not any(
            h.program == Program.TEMPORARY_SHELTER for h in self.case.handoffs.all())

    @property
    def evaluation_is_due(self) -> bool:
        due = self.case.evaluation_due
        return self.status == Status.IN_SUPPORT and due is not None and due <= timezone.localdate()


# ---- rules of a whole step (steps.py names one per step) ----

def needs_active_consent(facts: CaseFacts) -> Refusal | None:
    if facts.active_consent is None:
        return Refusal("no_active_consent", "撤回できる有効な同意がありません。")
    return None


def needs_withdrawn_consent(facts: CaseFacts) -> Refusal | None:
    """再同意: only while no consent is in force (after a withdrawal)."""
    if facts.active_consent is not None:
        return Refusal("consent_active", "有効な同意があるため、再同意は記録できません（同意の撤回後に記録できます）。")
    return None


def can_go_on_agenda(facts: CaseFacts) -> Refusal | None:
    if facts.pending_item is not None:
        return Refusal("already_on_agenda", "このケースはすでに支援調整会議の議題になっています。")
    if facts.status == Status.PLAN_DRAFTED and facts.draft_plan is None:
        return Refusal("no_draft_plan", "会議に付議するプラン（案）がありません。")
    if facts.status == Status.EVALUATED and (facts.latest_evaluation is None or facts.latest_evaluation.confirmed):
        return Refusal("no_evaluation", "会議で確認する評価がありません。")
    return None


def _on_agenda_as(kind):
    def rule(facts: CaseFacts) -> Refusal | None:
        item = facts.pending_item
        if item is None or item.kind != kind:
            return Refusal("not_on_agenda", "このケースは支援調整会議の議題になっていません。先に付議してください。")
        return None
    return rule


plan_on_agenda = _on_agenda_as(AgendaKind.PLAN)
evaluation_on_agenda = _on_agenda_as(AgendaKind.EVALUATION)


def needs_approved_plan(facts: CaseFacts) -> Refusal | None:
    if facts.approved_plan is None:
        return Refusal("no_approved_plan", "支援調整会議で了承されたプランがありません。")
    return None


def needs_decided_plan(facts: CaseFacts) -> Refusal | None:
    if facts.current_plan is None:
        return Refusal("no_decided_plan", "支援決定されたプランがありません。")
    return None


def needs_active_handoff(facts: CaseFacts) -> Refusal | None:
    if not facts.active_handoffs:
        return Refusal("no_active_handoff", "終了できる引継ぎがありません。")
    return None


def replan_allowed(facts: CaseFacts) -> Refusal | None:
    if facts.status == Status.EVALUATION_CONFIRMED and facts.confirmed_decision != EvaluationDecision.REPLAN:
        return Refusal("evaluation_not_confirmed_for_replan",
                       "再プランは、評価で「再プラン策定」とし支援調整会議で確認された後に作成できます。")
    return None


def continue_allowed(facts: CaseFacts) -> Refusal | None:
    if facts.confirmed_decision != EvaluationDecision.CONTINUE:
        return Refusal("evaluation_not_confirmed_for_continue",
                       "現プランでの継続は、評価で「継続」とし支援調整会議で確認された後にできます。")
    return None


# ---- rules of one record a step works on ----

def plan_edit_refusal(plan: Plan) -> Refusal | None:
    """Only a draft may change: what the meeting approved or the body decided stays as it was."""
    if plan.state != Plan.State.DRAFT:
        return Refusal("plan_not_draft", "会議で了承・決定されたプランは変更できません。変更するには再プランを作成してください。")
    return None


# Which programs each kind of hand-off may deliver.
# "move_on": a running hand-off passed on to the next program (shelter to community living), which the plan
# regularises afterwards when it does not name it yet.
HANDOFF_KIND_PROGRAMS = {"regular": HANDOFF_PROGRAMS, "temporary": TEMPORARY_USE_PROGRAMS, "urgent": URGENT_PROGRAMS,
                         "move_on": HANDOFF_PROGRAMS}


def handoff_refusal(facts: CaseFacts, provider: Organisation, program: str, on: dt.date, *, kind: str,
                    coverage: Coverage | None = None) -> Refusal | None:
    """Why the person cannot be handed to this provider for this program on the day, or None. The hand-off
    page greys each option with this reason; the hand-off services refuse with it.

    `coverage`: the body's agreements and contracts, when the caller asks for many options at once."""
    label = Program(program).label
    if program not in HANDOFF_KIND_PROGRAMS[kind]:
        if kind == "temporary":
            return Refusal("program_not_for_temporary_use", "一時的利用ができるのは就労準備支援と家計改善支援です。")
        return Refusal("program_not_for_handoff", f"{label}は委託事業者へ引き継ぐ事業ではありません。")
    if provider.kind != Organisation.Kind.PROVIDER or program not in provider.programs:
        return Refusal("provider_does_not_offer_program", f"{provider.name}は{label}の委託事業者ではありません。")
    refusal = (coverage or Coverage.of(facts.case.body)).refusal(provider, program, on)
    if refusal:
        return refusal
    plan = facts.current_plan
    if kind == "regular" and (plan is None or program not in plan.services):
        return Refusal("program_not_in_plan", f"支援決定されたプランに{label}の利用申込がありません。")
    consent = facts.active_consent
    if consent is None:
        return Refusal("consent_missing", "有効な本人同意がありません。")
    if provider.pk not in facts.consent_scope:
        return Refusal("consent_does_not_cover_provider", "本人同意の情報共有先に含まれていません。")
    if any(h.provider_id == provider.pk and h.program == program for h in facts.active_handoffs):
        return Refusal("handoff_already_active", "すでにこの事業者へ引継ぎ中です。")
    return None
