from django import forms

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.orgs.models import Body

from .models import Meeting, Phase, Question

# The seed's problems and responses per phase, offered as suggestions (free text is still accepted).
SEED_PROBLEMS = ["予算の確保が難しい", "対象者がいない", "手続きがわからない", "対象者の繋がりがわからない",
                 "対象者が希望しない", "実績が上がらない", "支援期間中の関わりがわからない"]
SEED_RESPONSES = ["未実施全市を訪問", "広域実施検討会の開催", "広域実施参加全市を訪問",
                  "早期介入（アセスメントの段階過程で一時的利用）を実施", "実績が多い市を情報提供", "広域実施運営会議の開催"]


def _text(label, rows=3, required=True, **kwargs):
    return TextField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VisitForm(VersionedForm):
    visited_on = WarekiDateField(label="訪問日")
    visitors = TextField(label="訪問した県職員", max_length=200, help_text="例：福祉政策課長、担当 坂入")
    met = _text("面会した方（氏名・役職）", rows=2, help_text="例：社会福祉課長 ○○、係長 ○○")
    topics = _text("協議した内容", rows=4)
    requests = _text("県に求める支援", rows=3, required=False)


class FollowUpForm(forms.Form):
    action = TextField(label="対応内容", max_length=200)
    due_on = WarekiDateField(label="期限")


class FollowUpEditForm(VersionedForm):
    action = TextField(label="対応内容", max_length=200)
    due_on = WarekiDateField(label="期限")
    done_on = WarekiDateField(label="完了日", required=False, help_text="空欄にすると未完了に戻ります。")
    note = _text("完了時のメモ", rows=2, required=False)


class BodiesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, label, **kwargs):
        super().__init__(queryset=Body.objects.order_by("code"), label=label, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class MeetingForm(VersionedForm):
    kind = forms.ChoiceField(label="種別", choices=Meeting.Kind.choices)
    title = TextField(label="会議名", max_length=120, help_text="例：第1回 広域実施検討会")
    held_on = WarekiDateField(label="開催日")
    place = TextField(label="場所", max_length=120, required=False)
    agenda = _text("議題", rows=4)
    prefecture_attendees = TextField(label="県の出席者", max_length=200, required=False)
    invited = BodiesField("案内した自治体", required=False)
    minutes = _text("議事録", rows=8, required=False)


class AttendanceForm(VersionedForm):
    """One text box per body: who attended (empty: did not attend)."""

    def __init__(self, *args, bodies=(), invited=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = list(bodies)
        for body in self.bodies:
            label = f"{body.name}（案内済み）" if body.pk in invited else body.name
            self.fields[f"b{body.pk}"] = TextField(label=label, max_length=300, required=False)

    def attendance(self) -> dict:
        return {body: self.cleaned_data.get(f"b{body.pk}", "") for body in self.bodies}

    def rows(self):
        return [(body, self[f"b{body.pk}"]) for body in self.bodies]


class MaterialForm(forms.Form):
    title = TextField(label="資料名", max_length=120, required=False, help_text="空欄ならファイル名を使います。")
    file = forms.FileField(label="ファイル", error_messages={"required": "ファイルを選んでください。",
                                                          "empty": "ファイルが空です。"})


class SurveyForm(VersionedForm):
    title = TextField(label="調査名", max_length=120, help_text="例：任意事業広域実施意向調査")
    purpose = _text("調査の趣旨", rows=3, required=False)
    due_on = WarekiDateField(label="回答期限")
    bodies = BodiesField("送付先の自治体", required=False)


class QuestionForm(forms.Form):
    text = _text("設問", rows=2)
    kind = forms.ChoiceField(label="回答の形式", choices=Question.Kind.choices, widget=forms.RadioSelect,
                             initial=Question.Kind.CHOICE)
    choices = _text("選択肢（1行に1つ）", rows=4, required=False, help_text="選択式のときに入力します。")

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class DateActionForm(VersionedForm):
    """Sending a survey or its results on a date."""

    on = WarekiDateField(label="日付")


class AnswerForm(VersionedForm):
    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            label = f"問{q.number} {q.text}"
            if q.kind == Question.Kind.CHOICE:
                self.fields[f"q{q.pk}"] = forms.ChoiceField(
                    label=label, choices=[(c, c) for c in q.choices], widget=forms.RadioSelect,
                    error_messages={"required": "選択肢から選んでください。",
                                    "invalid_choice": "選択肢にない回答です。"})
            else:
                self.fields[f"q{q.pk}"] = _text(label, rows=3, required=False)

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}", "") for q in self.questions}


class PhaseForm(VersionedForm):
    phase = forms.ChoiceField(label="段階", choices=Phase.choices)
    recorded_on = WarekiDateField(label="記録日")
    note = _text("メモ", rows=2, required=False)


class ProblemForm(forms.Form):
    phase = forms.ChoiceField(label="段階", choices=Phase.choices)
    text = TextField(label="課題", max_length=200, widget=forms.TextInput(attrs={"list": "seed-problems"}))
    raised_on = WarekiDateField(label="把握した日")


class ResolveForm(VersionedForm):
    resolved_on = WarekiDateField(label="解決した日", required=False, help_text="空欄にすると未解決に戻ります。")


class ResponseForm(forms.Form):
    text = TextField(label="対応", max_length=200, widget=forms.TextInput(attrs={"list": "seed-responses"}))
    taken_on = WarekiDateField(label="対応日")

