"""Forms of the 家計改善支援 sheets. Yen accept full-width digits and commas and refuse amounts no household
has (core.forms.YenField); dates are 和暦 or Western."""
from django import forms
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField, YenField
from jiritsu.programs.forms import FiscalYearField

from . import rules
from .models import Debt, Sheet

MAX_MONTHLY = 10_000_000
MAX_YEARLY = 1_000_000_000
MAX_BALANCE = 10_000_000_000


class BasedOnForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SheetForm(BasedOnForm):
    kind = forms.ChoiceField(label="種類", choices=Sheet.Kind.choices)
    made_on = WarekiDateField(label="作成日", latest=timezone.localdate, latest_message="作成日に未来の日付は入力できません。")
    month = WarekiDateField(label="対象月（月内の日付）")
    note = TextField(label="メモ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in rules.CATEGORIES:
            self.fields[code] = YenField(what=label, max_yen=MAX_MONTHLY, required=False)

    def income_fields(self):
        return [self[code] for code, _label in rules.INCOME]

    def spending_fields(self):
        return [self[code] for code, _label in rules.SPENDING]

    def amounts(self) -> dict:
        return {code: self.cleaned_data.get(code) or 0 for code, _label in rules.CATEGORIES}


class CashFlowForm(BasedOnForm):
    made_on = WarekiDateField(label="作成日", latest=timezone.localdate, latest_message="作成日に未来の日付は入力できません。")
    start_year = FiscalYearField(label="開始年（2026、R8 など）")
    years = forms.IntegerField(label="年数", min_value=1, max_value=rules.MAX_YEARS,
                               widget=forms.NumberInput(attrs={"class": "narrow"}),
                               error_messages={"min_value": "年数は1年以上です。",
                                               "max_value": f"年数は{rules.MAX_YEARS}年以内で入力してください。",
                                               "invalid": "年数は整数で入力してください。"})
    savings = YenField(what="開始時の貯蓄", max_yen=MAX_BALANCE)
    income = YenField(what="年間の収入", max_yen=MAX_YEARLY)
    spending = YenField(what="年間の支出", max_yen=MAX_YEARLY)
    events = TextField(label="ライフイベント（1行に「年 内容 金額」。支出はマイナス）", required=False, max_length=5000,
                       widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2028 長男の高校入学 -300000"}))

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("years") and "events" not in self.errors:
            try:
                data["events"] = rules.parse_events(data.get("events") or "", data["start_year"],
                                                    data["start_year"] + data["years"] - 1, max_amount=MAX_YEARLY)
            except rules.EventError as exc:
                self.add_error("events", str(exc))
        return data


class PlanForm(BasedOnForm):
    made_on = WarekiDateField(label="作成日", latest=timezone.localdate, latest_message="作成日に未来の日付は入力できません。")
    goals = TextField(label="目標", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    actions = TextField(label="取り組むこと（本人・支援員）", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    next_monitoring_on = WarekiDateField(label="次回モニタリング予定日", required=False)


class DebtForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    creditor = TextField(label="債権者", max_length=100)
    kind = forms.ChoiceField(label="種類", choices=Debt.Kind.choices)
    arrears = YenField(what="滞納額・残高", max_yen=MAX_BALANCE)
    monthly_repayment = YenField(what="月々の返済額", max_yen=MAX_MONTHLY)
    state = forms.ChoiceField(label="状況", choices=Debt.State.choices)
    arrangement = TextField(label="合意した内容", required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))
