from django import forms
from django.core.validators import FileExtensionValidator

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.core.text import refuse_control_characters

from .models import SEED_THEMES, CaseStudy, ProgrammeItem, TrainingRole
from .policies import TRAINEE_ROLES


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CourseForm(VersionedForm):
    fiscal_year = forms.IntegerField(label="年度（西暦の開始年）", min_value=2000, max_value=2100,
                                     help_text="令和7年度なら 2025")
    title = TextField(label="研修名", max_length=120)
    description = TextField(label="概要", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    roles = forms.MultipleChoiceField(label="対象となる職種", choices=TrainingRole.choices,
                                      widget=forms.CheckboxSelectMultiple)


class LectureForm(VersionedForm):
    order = forms.IntegerField(label="順番", min_value=0, max_value=999, initial=1)
    title = TextField(label="講義名", max_length=120)
    lecturer = TextField(label="講師", max_length=60)
    lecturer_org = TextField(label="講師の所属", max_length=80, required=False)
    theme = TextField(label="テーマ", max_length=80, help_text="一覧から選ぶか、新しいテーマを入力してください。",
                      widget=forms.TextInput(attrs={"list": "seed-themes"}))
    video_url = forms.URLField(label="動画のリンク（限定公開）", required=False, assume_scheme="https",
                               validators=[refuse_control_characters])
    available_from = WarekiDateField(label="公開開始日")
    available_until = WarekiDateField(label="公開終了日")
    audience = forms.MultipleChoiceField(
        label="視聴できる役割", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in TRAINEE_ROLES], help_text="選ばなければ研修の対象者全員が視聴できます。")
    themes = SEED_THEMES

    def clean(self):
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", "公開終了日は公開開始日以降の日付にしてください。")
        return data


MATERIAL_TYPES = ["pdf", "docx", "xlsx", "pptx", "txt", "png", "jpg", "jpeg"]
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


class MaterialForm(forms.Form):
    title = TextField(label="資料名", max_length=120)
    file = forms.FileField(label="ファイル", help_text="PDF・Word・Excel・PowerPoint・テキスト・画像（20MBまで）",
                           validators=[FileExtensionValidator(MATERIAL_TYPES,
                                                              message="この形式のファイルは登録できません。")])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MATERIAL_MAX_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます（20MBまで）。")
        return upload


class ExerciseForm(VersionedForm):
    title = TextField(label="演習名", max_length=120)
    held_on = WarekiDateField(label="開催日")
    venue = TextField(label="会場", max_length=120)
    capacity = forms.IntegerField(label="定員", min_value=1, max_value=1000)
    programme = forms.MultipleChoiceField(label="プログラム", choices=ProgrammeItem.choices,
                                          widget=forms.CheckboxSelectMultiple,
                                          initial=[p.value for p in ProgrammeItem])


class EnrolForm(forms.Form):
    staff = forms.ModelChoiceField(label="受講する職員", queryset=None, required=False, empty_label="自分")
    exercise = forms.ModelChoiceField(label="参加する演習の日程", queryset=None, required=False,
                                      empty_label="選択してください")
    training_role = forms.ChoiceField(label="研修上の職種", choices=TrainingRole.choices)

    def __init__(self, *args, course, staff_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercise"].queryset = course.exercises.all()
        self.fields["exercise"].label_from_instance = lambda e: f"{e.title}（{e.venue}）"
        if staff_choices is None:
            del self.fields["staff"]
        else:
            self.fields["staff"].queryset = staff_choices
            self.fields["staff"].label_from_instance = lambda s: f"{s.display_name}（{s.organisation.name}）"


class CaseStudyNewForm(forms.Form):
    case_number = TextField(label="元にするケースのケース番号", max_length=30,
                            help_text="氏名・日付・地名などはシステムが取り除きます。公開前に内容を確認・修正できます。")
    kind = forms.ChoiceField(label="事例の種類", choices=CaseStudy.Kind.choices, widget=forms.RadioSelect)
    title = TextField(label="表題", max_length=120, required=False)


class CaseStudyEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = TextField(label="表題", max_length=120)
    text = TextField(label="事例の内容（匿名化済み）", widget=forms.Textarea(attrs={"rows": 20}))


class CaseStudyPublishForm(forms.Form):
    checked = forms.BooleanField(label="置き換えた箇所と要確認の箇所をすべて確認し、個人を特定できる記述がないことを確かめた",
                                 required=False)


class CaseStudyReturnForm(forms.Form):
    note = TextField(label="作成者に直してほしい箇所", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                     required=False)


class CardForm(forms.Form):
    name = TextField(label="氏名", max_length=40)
    organisation = TextField(label="所属", max_length=80)
    role = TextField(label="職種", max_length=40)
    phone = TextField(label="電話（職場）", max_length=20, required=False)
    email = forms.EmailField(label="メール（職場）", required=False)

