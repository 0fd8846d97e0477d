"""Forms of the support coordination meeting (支援調整会議)."""
from django import forms

from jiritsu.core.forms import TextField, WarekiDateField

from ..choices import MeetingOutcome


class MeetingForm(forms.Form):
    held_on = WarekiDateField(label="開催日")
    place = TextField(label="場所", required=False, max_length=100)
    members = TextField(label="出席者", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                        help_text="所属・氏名を1行に1人ずつ")


class MeetingEditForm(MeetingForm):
    minutes = TextField(label="会議録（全体）", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_from(meeting) -> dict:
        return {k: getattr(meeting, k) for k in ("held_on", "place", "members", "minutes", "version")}


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="結果",
        choices=[(MeetingOutcome.APPROVED.value, MeetingOutcome.APPROVED.label),
                 (MeetingOutcome.REVISE.value, MeetingOutcome.REVISE.label)],
        widget=forms.RadioSelect,
    )
    note = TextField(label="個別の会議録", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                     help_text="このケースについての審議内容・役割分担など")
