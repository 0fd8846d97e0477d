"""One page per step of the support process: GET shows the form, POST calls the service.

Every step page follows the same rules (StepPage.handle): the case is read through the policy (404
outside the scope), a missing permission is a 403 page with a Japanese message, a step the process
refuses is shown at the top with HTTP 409 and changes nothing, a service's ValidationError goes to the
fields with the input kept, a Conflict keeps the input and says so. Success redirects to the case page.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors
from jiritsu.core.wareki import DateParseError, parse_date
from jiritsu.programs.catalog import Program
from jiritsu.programs.coverage import Coverage

from .. import policies, process, selectors, services
from ..choices import Status
from ..eligibility import HANDOFF_KIND_PROGRAMS, CaseFacts, handoff_refusal, plan_edit_refusal
from ..forms import steps as f
from ..forms.meetings import AgendaForm
from ..models import Plan
from ..process import InvalidStep, refuse
from ..steps import STEPS, Step


@dataclass
class StepPage:
    """What differs between step pages; the flow around it is the same for all."""

    name: str
    title: str
    perm: str
    form: Callable  # (request, case, obj, data) -> Form
    save: Callable  # (request, case, obj, form) -> success message
    precheck: Callable = None  # (case, obj) -> None or raise InvalidStep
    target: Callable = None  # (case, kwargs) -> the record the page works on (a plan, a hand-off ...)
    template: str = "cases/step_form.html"
    intro: str = ""
    submit: str = "記録する"
    extra: Callable = None  # (request, case, obj, form) -> dict for the template

    def handle(self, request, pk, **kwargs):
        case = policies.get_case_or_404(request.user, pk)
        obj = self.target(case, kwargs) if self.target else None
        if not request.user.has_perm(f"cases.{self.perm}"):
            return forbidden(request, case)
        data = request.POST if request.method == "POST" else None
        form = self.form(request, case, obj, data)
        try:
            if self.precheck:
                self.precheck(case, obj)
        except InvalidStep as exc:
            return self.render(request, case, obj, form, refusal=exc.message, show_form=data is not None,
                               status=409)
        if data is not None and "add_goal_row" in data:
            # Only one more goal row is asked for: show the typed input again without judging it yet.
            return self.render(request, case, obj, form.with_another_goal_row())
        if data is None or not form.is_valid():
            return self.render(request, case, obj, form)
        return self.submit_form(request, case, obj, form)

    def submit_form(self, request, case, obj, form):
        try:
            message = self.save(request, case, obj, form)
        except InvalidStep as exc:
            return self.render(request, case, obj, form, refusal=exc.message, status=409)
        except Conflict as exc:
            form.add_error(None, exc.message)
            return self.render(request, case, obj, form, status=409)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render(request, case, obj, form)
        except policies.NotPermitted as exc:
            return forbidden(request, case, exc.message)
        messages.success(request, message)
        return redirect("case_detail", pk=case.pk)

    def render(self, request, case, obj, form, *, refusal="", show_form=True, status=200):
        log.record(user=request.user, action="read", what=f"{self.title}（入力画面）", case=case)
        ctx = {"case": case, "client": case.client, "page": self, "form": form, "obj": obj, "refusal": refusal,
               "show_form": show_form}
        if self.extra:
            ctx.update(self.extra(request, case, obj, form))
        return render(request, self.template, ctx, status=status)


def forbidden(request, case, message="この操作を行う権限がありません。"):
    return render(request, "cases/step_forbidden.html", {"case": case, "message": message}, status=403)


def requires(step: Step):
    return lambda case, obj: process.require(case, step)


def simple(form_class):
    return lambda request, case, obj, data: form_class(data)


# ---- the steps ----

def _triage(request, case, obj, form):
    services.triage(user=request.user, case=case, **form.cleaned_data)
    return "振り分けを記録しました。"


def _consent_form(request, case, obj, data):
    return f.ConsentForm(data, scope_choices=policies.consent_scope_choices(case))


def _apply(request, case, obj, form):
    services.apply_with_consent(user=request.user, case=case, scope=list(form.cleaned_data.pop("scope")),
                                **form.cleaned_data)
    return "利用申込・本人同意を記録しました。"


def _withdraw(request, case, obj, form):
    services.withdraw_consent(user=request.user, case=case, **form.cleaned_data)
    return "本人同意の撤回を記録しました。委託事業者への引継ぎは終了しました。"


def _assess(request, case, obj, form):
    services.record_assessment(user=request.user, case=case, data=form.cleaned_data)
    return "アセスメントを記録しました。"


def _assessment_target(case, kwargs):
    return _get_or_404(case.assessments, kwargs["assessment_pk"])


def _assessment_form(request, case, obj, data):
    return f.AssessmentEditForm(data, initial=f.AssessmentForm.initial_from(obj))


def _open_case(case, obj):
    if not case.is_open:
        refuse("case_closed", "終結したケースの記録は変更できません。")


def _assessment_edit(request, case, obj, form):
    data = dict(form.cleaned_data)
    version = data.pop("version")
    services.update_assessment(user=request.user, assessment=obj, expected_version=version, data=data)
    return "アセスメントを更新しました。"


def _plan_step(case) -> Step:
    return Step.DRAFT_PLAN if case.status == Status.ASSESSED else Step.REPLAN


def _plan_new_form(request, case, obj, data):
    """A re-plan starts from the current plan's content. Dates are new: drafted today, running from today
    until the body's interval for evaluating plans (プラン評価の間隔), which the worker may change."""
    today = timezone.localdate()
    dates = {"drafted_on": today, "period_from": today,
             "period_to": today + dt.timedelta(days=case.body.evaluation_interval_days)}
    previous = case.plans.prefetch_related("goals").order_by("-number").first()
    if previous is None or case.status == Status.ASSESSED:
        return f.PlanForm(data, initial=dates, goal_rows=3)
    initial = f.PlanForm.initial_from(previous)
    initial.pop("version")
    return f.PlanForm(data, initial=initial | dates, goal_rows=previous.goals.count() + 2)


def _plan_new(request, case, obj, form):
    plan = services.draft_plan(user=request.user, case=case, data=form.plan_data(), goals=form.goals())
    return f"プラン（案）第{plan.number}版を作成しました。"


def _plan_target(case, kwargs):
    return _get_or_404(case.plans.prefetch_related("goals"), kwargs["plan_pk"])


def _plan_edit_form(request, case, obj, data):
    initial = f.PlanForm.initial_from(obj)
    return f.PlanEditForm(data, initial=initial, goal_rows=obj.goals.count() + 2)


def _plan_is_draft(case, obj):
    refusal = plan_edit_refusal(obj)
    if refusal:
        refuse(*refusal)


def _plan_edit(request, case, obj, form):
    services.update_plan(user=request.user, plan=obj, expected_version=form.cleaned_data["version"],
                         data=form.plan_data(), goals=form.goals())
    return f"プラン（案）第{obj.number}版を修正しました。"


def _draft(case):
    return case.plans.filter(state=Plan.State.DRAFT).order_by("-number").first()


def _agenda_form(request, case, obj, data):
    draft = _draft(case) if case.status == Status.PLAN_DRAFTED else None
    omitted = services.omitted_programs(case, draft) if draft else []
    return AgendaForm(data, meetings=selectors.upcoming_meetings(request.user),
                      may_open_extraordinary=request.user.has_perm("cases.manage_meetings"),
                      omission=services.omission_warning(omitted) if omitted else "")


def _agenda(request, case, obj, form):
    meeting = form.cleaned_data["meeting"] or services.extraordinary_meeting_today(user=request.user)
    services.add_to_agenda(user=request.user, meeting=meeting, case=case,
                           accept_omissions=form.cleaned_data.get("accept_omissions", False))
    return f"{meeting.title}の議題に加えました。"


def _agenda_extra(request, case, obj, form):
    return {"can_manage_meetings": request.user.has_perm("cases.manage_meetings"),
            "draft": _draft(case) if form.omission else None}


def _decide(request, case, obj, form):
    decision = services.decide(user=request.user, case=case, **form.cleaned_data)
    return f"支援決定（プラン第{decision.plan.number}版）を記録しました。"


def _handoff_form(kind):
    def build(request, case, obj, data):
        if kind == "urgent" and _needs_consent(case):
            options = provider_options(case, kind, _typed_day(data), consent_on_screen=True)
            return f.UrgentIntakeForm(data, options=options, scope_choices=policies.consent_scope_choices(case),
                                      initial=_urgent_initial(case, options))
        form_class = f.ProviderChoiceForm if kind == "regular" else f.SpecialHandoffForm
        return form_class(data, options=provider_options(case, kind, _typed_day(data)))
    return build


def _needs_consent(case) -> bool:
    """No active consent: the urgent page records the application and consent with the hand-off."""
    return not case.consents.filter(withdrawn_on__isnull=True).exists()


def _urgent_initial(case, options) -> dict:
    """The shelters that may take the person today are ticked in the scope, and the reason starts from what
    the intake says; the worker confirms both with the person."""
    shelters = [o["provider"] for o in options if o["available"]]
    return {"scope": shelters, "reason": "相談受付票：" + "、".join(case.urgency_signs) if case.urgency_signs else ""}


def _typed_day(data):
    """The hand-off date as typed (agreements and contracts are judged on it), else today."""
    try:
        return parse_date(data["started_on"]) if data and data.get("started_on") else timezone.localdate()
    except DateParseError:
        return timezone.localdate()


def _handoff(request, case, obj, form):
    provider, program = form.target_pair(form.options)
    services.hand_off(user=request.user, case=case, provider=provider, program=program,
                      started_on=form.cleaned_data["started_on"],
                      report_every_days=form.cleaned_data["report_every_days"])
    return f"{provider.name}へ引き継ぎました。"


def _temporary(request, case, obj, form):
    provider, program = form.target_pair(form.options)
    services.start_temporary_use(user=request.user, case=case, provider=provider, program=program,
                                 started_on=form.cleaned_data["started_on"], reason=form.cleaned_data["reason"],
                                 report_every_days=form.cleaned_data["report_every_days"])
    return "一時的利用を開始しました。プラン・会議・支援決定で正規化してください。"


def _urgent(request, case, obj, form):
    provider, _program = form.target_pair(form.options)
    consent = form.consent() if isinstance(form, f.UrgentIntakeForm) else None
    services.start_urgent_shelter(user=request.user, case=case, provider=provider, consent=consent,
                                  started_on=form.cleaned_data["started_on"], reason=form.cleaned_data["reason"],
                                  report_every_days=form.cleaned_data["report_every_days"])
    done = "利用申込・本人同意を記録し、" if consent else ""
    return f"{done}急迫時の一時生活支援を開始しました。プラン・会議・支援決定で正規化してください。"


def _handoff_target(case, kwargs):
    return _get_or_404(case.handoffs.select_related("provider"), kwargs["handoff_pk"])


def _handoff_active(case, obj):
    if obj.ended_on is not None:
        refuse("handoff_already_ended", "この引継ぎはすでに終了しています。")


def _end_handoff(request, case, obj, form):
    services.end_handoff(user=request.user, handoff=obj, ended_on=form.cleaned_data["ended_on"],
                         reason=form.cleaned_data["reason"])
    return "引継ぎを終了しました。"


def _progress(request, case, obj, form):
    services.record_progress(user=request.user, case=case, **form.cleaned_data)
    return "支援経過を記録しました。"


def _outcome(request, case, obj, form):
    outcome = services.record_outcome(user=request.user, case=case, **form.cleaned_data)
    return f"{outcome.get_kind_display()}を記録しました。"


def _monitor(request, case, obj, form):
    services.record_monitoring(user=request.user, case=case, **form.cleaned_data)
    return "モニタリングを記録しました。"


def _evaluate(request, case, obj, form):
    services.record_evaluation(user=request.user, case=case, **form.cleaned_data)
    return "プラン評価を記録しました。支援調整会議での確認に付議してください。"


def _continue(request, case, obj, form):
    services.continue_plan(user=request.user, case=case)
    return "現プランで支援を継続します。"


def _close(request, case, obj, form):
    services.close_case(user=request.user, case=case, **form.cleaned_data)
    return "ケースを終結しました。"


def _get_or_404(related_qs, pk):
    """A record of the (already scoped) case; anything else is not found."""
    from django.http import Http404

    obj = related_qs.filter(pk=pk).first()
    if obj is None:
        raise Http404("記録が見つかりません。")
    return obj


def step_page(step: Step, form, save, **options) -> StepPage:
    """The page of a declared step: its name, title and permission are the declaration's (steps.py)."""
    declared = STEPS[step]
    return StepPage(declared.page, options.pop("title", declared.label), step.value, form, save,
                    options.pop("precheck", requires(step)), **options)


PAGES = [
    step_page(Step.TRIAGE, simple(f.TriageForm), _triage,
              intro="包括的相談の結果、相談・情報提供のみで終了するか、他制度・他機関へつなぐか、継続支援とするかを記録します。"),
    step_page(Step.APPLY, _consent_form, _apply, title="利用申込・本人同意",
              intro="規程の説明と、情報共有の範囲（共有先）への本人の同意を記録します。"),
    step_page(Step.RECONSENT, _consent_form, _apply, title="再同意（利用申込）",
              intro="同意の撤回後に、あらためて本人の同意を得た場合に記録します。"),
    step_page(Step.WITHDRAW_CONSENT, simple(f.WithdrawConsentForm), _withdraw, title="本人同意の撤回",
              submit="撤回を記録する",
              intro="撤回すると、委託事業者への引継ぎはすべて終了し、事業者はこのケースを見られなくなります。"),
    step_page(Step.ASSESS, simple(f.AssessmentForm), _assess, intro="インテーク・アセスメントシートの項目を記録します。"),
    StepPage("case_assessment_edit", "アセスメントの修正", "edit_case", _assessment_form, _assessment_edit,
             _open_case, _assessment_target, submit="保存する"),
    # One page for the first plan and a re-plan: which of the two steps it takes depends on the status.
    StepPage("case_plan_new", "プラン（案）の作成", Step.DRAFT_PLAN.value, _plan_new_form, _plan_new,
             lambda case, obj: process.require(case, _plan_step(case)), template="cases/step_plan.html",
             intro="本人とともに作成したプラン兼事業等利用申込書の内容を記録します。支援中・評価後は再プラン（新しい版）になります。"),
    StepPage("case_plan_edit", "プラン（案）の修正", "edit_case", _plan_edit_form, _plan_edit, _plan_is_draft,
             _plan_target, template="cases/step_plan.html", submit="保存する"),
    step_page(Step.PUT_ON_AGENDA, _agenda_form, _agenda, template="cases/step_agenda.html", extra=_agenda_extra,
              submit="付議する",
              intro="プラン（案）または評価を、支援調整会議の議題に加えます。次の定例会議を待てないときは、本日臨時の会議を開いて付議できます。"),
    step_page(Step.DECIDE, simple(f.DecideForm), _decide, intro="支援調整会議で了承されたプランについて、支援決定を記録します。"),
    step_page(Step.HANDOFF, _handoff_form("regular"), _handoff, template="cases/step_handoff.html", submit="引き継ぐ",
              intro="支援決定されたプランの利用事業を、本人同意の範囲にある委託事業者へ引き継ぎます。"),
    step_page(Step.TEMPORARY_USE, _handoff_form("temporary"), _temporary, template="cases/step_handoff.html",
              submit="開始する",
              intro="アセスメントの段階で就労準備支援・家計改善支援を一時的に利用します。後からプラン・会議・支援決定で正規化します。"),
    step_page(Step.URGENT_SHELTER, _handoff_form("urgent"), _urgent, template="cases/step_handoff.html",
              submit="開始する",
              intro="急迫性が認められる場合、プランの前に一時生活支援を開始します。後からプラン・会議・支援決定で正規化します。"),
    # Ends one hand-off: the page checks that one, the service checks the step.
    step_page(Step.END_HANDOFF, simple(f.EndHandoffForm), _end_handoff, precheck=_handoff_active,
              target=_handoff_target, submit="終了を記録する"),
    step_page(Step.RECORD_PROGRESS, simple(f.ProgressForm), _progress,
              intro="記録は修正できません。訂正は新しい記録として追加してください。"),
    step_page(Step.RECORD_OUTCOME, simple(f.OutcomeForm), _outcome,
              intro="本人が就労した日、または収入が増えた日を記録します。支援状況調査の就労者数・増収者数に数えます。"),
    step_page(Step.MONITOR, simple(f.MonitoringForm), _monitor,
              intro="プランに基づく支援の実施状況を定期的に確認します（施行規則第2条）。"),
    step_page(Step.EVALUATE, simple(f.EvaluationForm), _evaluate,
              intro="評価は支援調整会議で確認した後に、終結・再プラン・継続へ進みます。"),
    step_page(Step.CONTINUE_PLAN, simple(f.ContinueForm), _continue, submit="継続する",
              intro="評価で「現プランで継続」とし、支援調整会議で確認された場合に、支援中に戻します。"),
    step_page(Step.CLOSE, simple(f.CloseForm), _close, submit="終結する",
              intro="目標達成による終結には、支援調整会議で確認された評価（方針：終結）が必要です。"),
]
PAGE_BY_NAME = {p.name: p for p in PAGES}


# ---- who a case can be handed to, and why not ----

def provider_options(case, kind: str, on=None, *, consent_on_screen: bool = False) -> list[dict]:
    """Every (provider, program) pair of the prefecture for this kind of hand-off, each with the reason
    it cannot be chosen on the day `on` (empty when it can): the worker sees why a provider is missing.
    The reason is the hand-off service's own refusal (eligibility.handoff_refusal). `consent_on_screen`: the
    consent is recorded with the hand-off (the urgent path from the intake), so its scope is checked by the form."""
    facts, coverage, on = CaseFacts(case), Coverage.of(case.body), on or timezone.localdate()
    providers = selectors.providers_of_prefecture(case=case)
    options = []
    for provider in providers:
        for program in (p for p in HANDOFF_KIND_PROGRAMS[kind] if p in provider.programs):
            refusal = handoff_refusal(facts, provider, program, on, kind=kind, coverage=coverage)
            if consent_on_screen and refusal and refusal.reason == "consent_missing":
                refusal = None
            options.append({"value": f"{provider.pk}:{program}", "provider": provider, "program": program,
                            "label": f"{provider.name}（{Program(program).label}）", "available": refusal is None,
                            "reason": refusal.message if refusal else ""})
    return options
