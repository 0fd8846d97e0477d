"""Forms of the support coordination meeting (支援調整会議)."""
from django import forms
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.core.wareki import format_wareki

from ..choices import MEETING_DECISIONS, MeetingKind

# The choice that opens today's 臨時 meeting (a meeting's id is never this).
EXTRAORDINARY = "extraordinary"


class MeetingForm(forms.Form):
    held_on = WarekiDateField(label="開催日")
    kind = forms.ChoiceField(label="種別", choices=MeetingKind.choices, initial=MeetingKind.REGULAR,
                             required=False, widget=forms.RadioSelect,
                             help_text="定例の会議を待てないケースがあるときは臨時の会議を開きます。")
    place = TextField(label="場所", required=False, max_length=100)
    members = TextField(label="出席者", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                        help_text="所属・氏名を1行に1人ずつ")

    def clean_kind(self):
        return self.cleaned_data["kind"] or MeetingKind.REGULAR


class MeetingEditForm(MeetingForm):
    minutes = TextField(label="会議録（全体）", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]  # what a meeting was called for does not change afterwards

    @staticmethod
    def initial_from(meeting) -> dict:
        return {k: getattr(meeting, k) for k in ("held_on", "place", "members", "minutes", "version")}


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="結果", choices=[(o.value, o.label) for o in MEETING_DECISIONS], widget=forms.RadioSelect,
    )
    note = TextField(label="個別の会議録", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                     help_text="このケースについての審議内容・役割分担など")


def meeting_label(meeting) -> str:
    kind = "【臨時】" if meeting.kind == MeetingKind.EXTRAORDINARY else ""
    place = f"（{meeting.place}）" if meeting.place else ""
    return f"{kind}{format_wareki(meeting.held_on)}{place}"


class MeetingChoiceForm(forms.Form):
    """Which meeting: one of the body's meetings from today on, or (for those who may open one, when the body
    holds no meeting today) a 臨時 meeting opened today. `meeting` cleans to a Meeting, or None for the 臨時 one."""

    meeting = forms.ChoiceField(label="支援調整会議", widget=forms.RadioSelect)

    def __init__(self, *args, meetings, may_open_extraordinary: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        choices = [(pk, meeting_label(m)) for pk, m in self.meetings.items()]
        today = timezone.localdate()
        held_today = any(m.held_on == today for m in self.meetings.values())
        self.offers_extraordinary = may_open_extraordinary and not held_today
        if self.offers_extraordinary:
            choices.append((EXTRAORDINARY, f"本日（{format_wareki(today)}）臨時の支援調整会議を開く"))
        self.fields["meeting"].choices = choices

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["meeting"].choices)

    def clean_meeting(self):
        value = self.cleaned_data["meeting"]
        return None if value == EXTRAORDINARY else self.meetings[value]


class AgendaForm(MeetingChoiceForm):
    """付議: the meeting to table the case's plan or evaluation at. When the plan leaves out a program already
    in use (`omission`, the warning), tabling it needs the worker's explicit confirmation."""

    accept_omissions = forms.BooleanField(label="確認のうえ、このプラン（案）のまま付議する", required=False)

    def __init__(self, *args, omission: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].label = "付議する支援調整会議"
        self.omission = omission
        if omission:
            field = self.fields["accept_omissions"]
            field.required = True
            field.error_messages["required"] = "利用中の事業がプラン（案）に含まれていないことを確認してください。"
        else:
            del self.fields["accept_omissions"]


class MoveItemForm(MeetingChoiceForm):
    prefix = "move"  # shares the agenda item's page with the outcome and withdrawal forms
    reason = TextField(label="移す理由", required=False, max_length=200,
                       help_text="例：支援決定を急ぐため臨時の会議で審議する")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].label = "移す先の支援調整会議"


class WithdrawItemForm(forms.Form):
    prefix = "withdraw"
    reason = TextField(label="取り下げの理由", max_length=200,
                       help_text="例：本人と相談のうえプラン（案）を見直すため")

