"""Forms for each step of the support process. Validation of the rules lives in the services; these
forms only turn typed text into values (和暦 or Western dates, choices) and keep the input on error."""
import re

from django import forms
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.programs.catalog import PlanService

from ..choices import TRIAGE_REASONS, ClosureReason, EvaluationDecision, ProgressKind, TriageOutcome
from ..models import (
    REPORT_EVERY_DAYS,
    REPORT_EVERY_DAYS_MAX,
    REPORT_EVERY_DAYS_VALIDATORS,
    Assessment,
    Outcome,
)


def today_date(label, *, required=True, help_text=""):
    return WarekiDateField(label=label, required=required, initial=timezone.localdate, help_text=help_text)


def text(label, *, required=False, rows=4, help_text=""):
    return TextField(label=label, required=required, help_text=help_text,
                     widget=forms.Textarea(attrs={"rows": rows}))


class VersionedForm(forms.Form):
    """Edit forms carry the version the user opened, so a concurrent save is a conflict, never lost."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(label="振り分け結果", choices=TriageOutcome.choices, widget=forms.RadioSelect)
    decided_on = today_date("振り分け日")
    referred_to = TextField(label="つなぎ先", required=False, max_length=100,
                            help_text="他制度・他機関へつなぐ場合に入力（例：生活保護担当）")
    note = text("メモ", rows=3)


class ConsentFields(forms.Form):
    """利用申込 and 本人同意 with its sharing scope: on their own page, or with the urgent hand-off."""

    applied_on = today_date("申込日")
    rules_explained = forms.BooleanField(label="個人情報の取扱い規程の説明を受けた", required=False)
    share_agreed = forms.BooleanField(label="関係機関との情報共有に同意する", required=False)
    scope = forms.ModelMultipleChoiceField(
        label="情報共有先（同意の範囲）", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="本人が情報共有に同意した自治体・機関・委託事業者を選んでください。",
    )

    def __init__(self, *args, scope_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scope_choices


class ConsentForm(ConsentFields):
    """利用申込 and 本人同意 (also a renewed consent after a withdrawal)."""

    note = text("メモ", rows=3)


class WithdrawConsentForm(forms.Form):
    withdrawn_on = today_date("撤回日")
    note = text("撤回の内容", rows=3, help_text="本人の申出の内容、撤回の範囲など")


ASSESSMENT_TEXT = ["household", "health", "work_school", "income", "assets_debts", "benefits", "background",
                   "summary"]


class AssessmentForm(forms.Form):
    assessed_on = today_date("アセスメント日")
    household = text("世帯構成")
    health = text("健康・障害・介護")
    work_school = text("就労・就学の状況")
    income = text("収入の状況")
    monthly_income = forms.IntegerField(label="世帯の月収（円）", required=False, min_value=0,
                                        widget=forms.NumberInput(attrs={"class": "narrow"}))
    assets_debts = text("資産・債務")
    debt_total = forms.IntegerField(label="債務総額（円）", required=False, min_value=0,
                                    widget=forms.NumberInput(attrs={"class": "narrow"}))
    benefits = text("利用中の制度・給付")
    background = text("生活歴・課題の背景")
    summary = text("課題の整理（見立て）")

    @classmethod
    def initial_from(cls, assessment: Assessment) -> dict:
        return {name: getattr(assessment, name) for name in cls.base_fields} | {"version": assessment.version}


class AssessmentEditForm(VersionedForm, AssessmentForm):
    pass


GOAL_RE = re.compile(r"^goal_(\d+)$")


class PlanForm(forms.Form):
    """プラン兼事業等利用申込書. Goals are a variable number of rows (goal + target date)."""

    drafted_on = today_date("作成日")
    wishes = text("本人の意向", required=True)
    problems = text("解決すべき課題", required=True)
    support_content = text("支援の種類・内容", required=True)
    points_to_watch = text("留意事項")
    services = forms.MultipleChoiceField(label="事業等利用申込", choices=PlanService.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    work_support_target = forms.BooleanField(label="就労支援対象者", required=False)
    period_from = WarekiDateField(label="プラン期間（開始）")
    period_to = WarekiDateField(label="プラン期間（終了）", help_text="おおむね6か月以内")

    def __init__(self, *args, goal_rows=3, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data:
            found = [int(m.group(1)) for k in self.data if (m := GOAL_RE.match(k))]
            goal_rows = max(found, default=-1) + 1
            if "add_goal_row" in self.data:
                goal_rows += 1
        for i in range(max(goal_rows, 1)):
            self.fields[f"goal_{i}"] = TextField(label=f"目標 {i + 1}", required=False, max_length=200)
            self.fields[f"goal_date_{i}"] = WarekiDateField(label=f"目標 {i + 1} の達成時期", required=False)
        self.goal_count = max(goal_rows, 1)

    def goal_rows(self):
        return [(self[f"goal_{i}"], self[f"goal_date_{i}"]) for i in range(self.goal_count)]

    def with_another_goal_row(self) -> "PlanForm":
        """What was typed, not judged yet, with one more goal row (the form's 目標の行を追加 button): an
        unbound form showing the input as its initial values."""
        return type(self)(initial={name: self[name].data for name in self.fields}, goal_rows=self.goal_count)

    def plan_data(self) -> dict:
        names = ["drafted_on", "wishes", "problems", "support_content", "points_to_watch", "services",
                 "work_support_target", "period_from", "period_to"]
        return {k: self.cleaned_data[k] for k in names}

    def goals(self) -> list:
        rows = ((self.cleaned_data.get(f"goal_{i}") or "", self.cleaned_data.get(f"goal_date_{i}"))
                for i in range(self.goal_count))
        return [(g, d) for g, d in rows if g.strip()]

    @staticmethod
    def initial_from(plan) -> dict:
        initial = {k: getattr(plan, k) for k in ("drafted_on", "wishes", "problems", "support_content",
                                                 "points_to_watch", "services", "work_support_target",
                                                 "period_from", "period_to")}
        for i, goal in enumerate(plan.goals.all()):
            initial[f"goal_{i}"], initial[f"goal_date_{i}"] = goal.goal, goal.target_date
        return initial | {"version": plan.version}


class PlanEditForm(VersionedForm, PlanForm):
    pass


class DecideForm(forms.Form):
    decided_on = today_date("支援決定日")
    decision_number = TextField(label="決定番号", required=False, max_length=40)
    note = text("備考", rows=3)


class ProviderChoiceForm(forms.Form):
    """A hand-off target: one (provider, program) pair. `options` lists every pair, available or not,
    each with the reason it cannot be chosen, so the worker sees why a provider is missing."""

    target = forms.ChoiceField(label="引継ぎ先（委託事業者・事業）", widget=forms.RadioSelect)
    started_on = today_date("引継ぎ日")
    report_every_days = forms.IntegerField(
        label="経過報告の頻度（日ごと）", initial=REPORT_EVERY_DAYS, required=False,
        validators=REPORT_EVERY_DAYS_VALIDATORS,
        error_messages={"invalid": "経過報告の頻度は半角数字の日数で入力してください（月1回なら30）。"},
        help_text=f"委託事業者が支援経過を記録する間隔。これを過ぎると事業者の「今日の業務」に遅れとして出ます"
                  f"（週1回なら7、月1回なら30、最長{REPORT_EVERY_DAYS_MAX}日。空欄なら30）。",
        widget=forms.NumberInput(attrs={"class": "narrow", "min": 1, "max": REPORT_EVERY_DAYS_MAX}))

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        self.fields["target"].choices = [(o["value"], o["label"]) for o in options if o["available"]]

    def clean_report_every_days(self):
        value = self.cleaned_data["report_every_days"]
        return REPORT_EVERY_DAYS if value is None else value

    def target_pair(self, options):
        chosen = next(o for o in options if o["value"] == self.cleaned_data["target"])
        return chosen["provider"], chosen["program"]


class SpecialHandoffForm(ProviderChoiceForm):
    reason = text("理由・急迫性の判断", required=True, rows=3)


class UrgentIntakeForm(ConsentFields, SpecialHandoffForm):
    """急迫時の一時生活支援 from the intake: the application and consent with its sharing scope, and the
    hand-off, on one screen. The chosen shelter must be within the scope the person agrees to."""

    CONSENT_FIELDS = ("applied_on", "rules_explained", "share_agreed", "scope")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target") and "scope" in cleaned:
            provider, _program = self.target_pair(self.options)
            if provider not in cleaned["scope"]:
                self.add_error("scope", f"引継ぎ先の{provider.name}を情報共有先に含めてください。")
        return cleaned

    def consent(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.CONSENT_FIELDS}
        return data | {"scope": list(data["scope"])}


class EndHandoffForm(forms.Form):
    ended_on = today_date("終了日")
    reason = TextField(label="終了理由", max_length=100)


class ProgressForm(forms.Form):
    occurred_on = today_date("日付")
    kind = forms.ChoiceField(label="種別", choices=ProgressKind.choices)
    text = text("内容", required=True, rows=6)


class OutcomeForm(forms.Form):
    """就労 or 増収, counted by the monthly survey in the month it happened."""

    kind = forms.ChoiceField(label="種別", choices=Outcome.Kind.choices, widget=forms.RadioSelect)
    occurred_on = today_date("日付", help_text="就労を開始した日、または収入が増えた日")
    note = text("内容", rows=3, help_text="例：〇〇株式会社にパートで就職（週20時間）")


class MonitoringForm(forms.Form):
    monitored_on = today_date("実施日")
    delivery = text("支援の実施状況", required=True)
    person_change = text("本人の状況の変化")
    needs_replan = forms.BooleanField(label="プランの見直しが必要", required=False)
    next_due = WarekiDateField(label="次回予定日", required=False,
                               help_text="空欄の場合は自治体の定めるモニタリング間隔で設定します。")


class EvaluationForm(forms.Form):
    evaluated_on = today_date("評価日")
    goals_achieved = text("目標の達成状況", required=True)
    changes = text("本人の変化")
    decision = forms.ChoiceField(label="今後の方針", choices=EvaluationDecision.choices, widget=forms.RadioSelect)
    note = text("備考", rows=3)


class ContinueForm(forms.Form):
    """Nothing to type: the page asks for an explicit confirmation."""


class CloseForm(forms.Form):
    closed_on = today_date("終結日")
    reason = forms.ChoiceField(label="終結理由",
                               choices=[c for c in ClosureReason.choices if c[0] not in TRIAGE_REASONS])
    note = text("備考", rows=3)
