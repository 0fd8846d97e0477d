"""Forms of 就労準備支援: the session, the start, the evaluation sheet (one choice per item of the stage), the
body's extension and the end."""
from django import forms
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField

from . import rules

MAX_CAPACITY = 200


class SessionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stage = forms.ChoiceField(label="段階", choices=rules.Stage.choices)
    title = TextField(label="プログラム名", max_length=100)
    held_on = WarekiDateField(label="実施日")
    time_slot = TextField(label="時間", max_length=20, widget=forms.TextInput(attrs={"placeholder": "10:00～12:00"}))
    place = TextField(label="場所", max_length=100)
    capacity = forms.IntegerField(label="定員", min_value=1, max_value=MAX_CAPACITY,
                                  widget=forms.NumberInput(attrs={"class": "narrow"}),
                                  error_messages={"min_value": "定員は1人以上です。",
                                                  "max_value": f"定員は{MAX_CAPACITY}人以下で入力してください。",
                                                  "invalid": "定員は整数で入力してください。"})


class BookForm(forms.Form):
    enrolment = forms.IntegerField(widget=forms.HiddenInput)


class StartForm(forms.Form):
    started_on = WarekiDateField(label="利用開始日", latest=timezone.localdate,
                                 latest_message="利用開始日に未来の日付は入力できません。")
    stage = forms.ChoiceField(label="開始時の段階", choices=rules.Stage.choices)


class EvaluationForm(forms.Form):
    evaluated_on = WarekiDateField(label="評価日", latest=timezone.localdate,
                                   latest_message="評価日に未来の日付は入力できません。")
    note = TextField(label="所見", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    next_stage = forms.ChoiceField(label="次の段階", choices=rules.Stage.choices)

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = rules.ITEMS[rules.Stage(stage)]
        for code, label in self.items:
            self.fields[f"item_{code}"] = forms.TypedChoiceField(label=label, choices=rules.SCORES, coerce=int,
                                                                 widget=forms.RadioSelect)
        self.fields["next_stage"].initial = stage

    def item_fields(self):
        return [self[f"item_{code}"] for code, _label in self.items]

    def scores(self) -> dict:
        return {code: self.cleaned_data[f"item_{code}"] for code, _label in self.items}


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    limit_on = WarekiDateField(label="延長後の利用期限")
    reason = TextField(label="延長の理由（自治体の決定）", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ended_on = WarekiDateField(label="終了日", latest=timezone.localdate, latest_message="終了日に未来の日付は入力できません。")
    outcome = forms.ChoiceField(label="終了時の状況", choices=rules.Outcome.choices)
