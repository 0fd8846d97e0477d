"""相談受付・申込票 (DOMAIN.md section 3): the person, the intake, and their edit forms, in the
official form's order and wording."""
import unicodedata

import jaconv
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.core.postal import normalise as normalise_postal
from jiritsu.core.text import digits, is_kana
from jiritsu.core.wareki import BIRTH_DATE, age_on, format_wareki
from jiritsu.orgs.models import AGENCY_ROLES

from ..choices import Complaint, ContactRoute, HealthInsurance, HousingStatus, Pension, Sex, WorkStatus
from ..services.intake import CLIENT_FIELDS, INTAKE_FIELDS

BLANK = [("", "選択してください")]


def _kana(value: str) -> str:
    """ふりがな is stored in hiragana whatever was typed (ﾔﾏﾀﾞ, ヤマダ, やまだ)."""
    return jaconv.kata2hira(unicodedata.normalize("NFKC", value or "")).strip()


def _phone(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "").strip()
    if value and not 10 <= len(digits(value)) <= 11:
        raise forms.ValidationError("電話番号は市外局番から、数字10桁または11桁で入力してください。")
    return value


def birth_note(birth, on=None) -> str:
    """令和…年…月…日（満…歳）, shown beside 生年月日 once it is known."""
    if not birth:
        return ""
    on = on or timezone.localdate()
    age = age_on(birth, on)
    return f"{format_wareki(birth)}（{age}歳）" if age is not None and age >= 0 else format_wareki(birth)


class ClientForm(forms.Form):
    """The person: ふりがな, 氏名, 性別, 生年月日, 〒, 住所, 電話, E-mail."""

    family_name_kana = TextField(label="ふりがな（氏）", max_length=60, required=False)
    given_name_kana = TextField(label="ふりがな（名）", max_length=60, required=False)
    family_name = TextField(label="氏名（氏）", max_length=40,
                            error_messages={"required": "氏を入力してください。"})
    given_name = TextField(label="氏名（名）", max_length=40,
                           error_messages={"required": "名を入力してください。"})
    sex = forms.ChoiceField(label="性別", choices=Sex.choices, required=False, widget=forms.RadioSelect)
    birth_date = WarekiDateField(label="生年月日", required=False, **BIRTH_DATE,
                                 help_text="例：S60.6.1、昭和60年6月1日、1985-06-01")
    postal_code = TextField(label="〒（郵便番号）", max_length=8, required=False,
                            help_text="7桁を入力すると住所が入ります。")
    address = TextField(label="住所", max_length=200, required=False)
    phone_home = TextField(label="電話（自宅）", max_length=20, required=False)
    phone_mobile = TextField(label="電話（携帯）", max_length=20, required=False)
    email = forms.EmailField(label="E-mail", required=False,
                             error_messages={"invalid": "メールアドレスの形式が正しくありません。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].widget.attrs.update(
            {"class": "narrow", "inputmode": "numeric", "autocomplete": "postal-code",
             "data-postal-lookup": self["address"].auto_id, "aria-describedby": f"{self['postal_code'].auto_id}-status"})
        for name in ("phone_home", "phone_mobile"):
            self.fields[name].widget.input_type = "tel"
            self.fields[name].widget.attrs.update({"class": "narrow", "autocomplete": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        birth_id = self["birth_date"].auto_id
        # htmx asks the server for the 和暦 and age as soon as the date is typed (same rules as on save).
        self.fields["birth_date"].widget.attrs.update({
            "hx-get": reverse("birth_date_preview"), "hx-trigger": "change", "hx-target": f"#{birth_id}-note",
            "hx-include": "[name=received_on]", "aria-describedby": f"{birth_id}-note",
        })

    def clean_family_name_kana(self):
        return self._clean_kana("family_name_kana")

    def clean_given_name_kana(self):
        return self._clean_kana("given_name_kana")

    def _clean_kana(self, name):
        value = _kana(self.cleaned_data.get(name))
        if value and not is_kana(value):
            raise forms.ValidationError("ふりがなは、ひらがなまたはカタカナで入力してください。")
        return value

    def clean_postal_code(self):
        code = normalise_postal(self.cleaned_data.get("postal_code"))
        if code and len(code) != 7:
            raise forms.ValidationError("郵便番号は7桁の数字で入力してください（例：310-0015）。")
        return f"{code[:3]}-{code[3:]}" if code else ""

    def clean_phone_home(self):
        return _phone(self.cleaned_data.get("phone_home"))

    def clean_phone_mobile(self):
        return _phone(self.cleaned_data.get("phone_mobile"))

    def client_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in CLIENT_FIELDS if k in self.cleaned_data}

    @property
    def birth_note(self) -> str:
        data = getattr(self, "cleaned_data", None) or {}
        return birth_note(data.get("birth_date") or self.initial.get("birth_date"))


class IntakeForm(forms.Form):
    """受付日, 相談経路, 来談者, 相談内容 (16 categories, one 主訴), free text, B票, 担当."""

    received_on = WarekiDateField(label="受付日", help_text="例：R6.4.1、令和6年4月1日、2024-04-01",
                                  error_messages={"required": "受付日を入力してください。"})
    route = forms.ChoiceField(label="相談経路", choices=BLANK + ContactRoute.choices,
                              error_messages={"required": "相談経路を選んでください。"})
    visitor_name = TextField(label="来談者氏名", max_length=60, required=False)
    visitor_phone = TextField(label="来談者電話", max_length=20, required=False)
    visitor_relation = TextField(label="本人との続柄", max_length=30, required=False)
    complaints = forms.MultipleChoiceField(
        label="相談内容（あてはまるものすべて）", choices=Complaint.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "相談内容を1つ以上チェックしてください。"})
    main_complaint = forms.ChoiceField(
        label="主訴（最も困っていること）", choices=Complaint.choices, widget=forms.RadioSelect,
        error_messages={"required": "主訴を1つ選んでください。"})
    consultation_note = TextField(label="相談内容（自由記述）", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    work_status = forms.ChoiceField(label="仕事", choices=BLANK + WorkStatus.choices, required=False)
    housing_status = forms.ChoiceField(label="住居", choices=BLANK + HousingStatus.choices, required=False)
    health_insurance = forms.ChoiceField(label="健康保険", choices=BLANK + HealthInsurance.choices, required=False)
    pension = forms.ChoiceField(label="年金", choices=BLANK + Pension.choices, required=False)
    assigned_to = forms.ModelChoiceField(label="担当者", queryset=get_user_model().objects.none(), required=False,
                                         empty_label="受付者が担当")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = colleagues(user)
        self.fields["assigned_to"].label_from_instance = lambda u: u.staff.display_name
        self.fields["visitor_phone"].widget.input_type = "tel"
        for name in ("route", "work_status", "housing_status", "health_insurance", "pension", "assigned_to"):
            self.fields[name].widget.attrs["class"] = "narrow"

    def clean_visitor_phone(self):
        return _phone(self.cleaned_data.get("visitor_phone"))

    def clean(self):
        data = super().clean()
        main, checked = data.get("main_complaint"), data.get("complaints") or []
        if main and "complaints" not in self.errors and main not in checked:
            self.add_error("main_complaint", "主訴は、チェックした相談内容の中から1つ選んでください。")
        if data.get("visitor_name") and not data.get("visitor_relation"):
            self.add_error("visitor_relation", "本人以外の来談者の場合は、続柄を入力してください。")
        received = data.get("received_on")
        if received and received > timezone.localdate():
            self.add_error("received_on", "未来の日付は入力できません。")
        return data

    def complaint_rows(self):
        """One row per category: the 相談内容 checkbox beside its 主訴 radio."""
        radios = {w.data["value"]: w for w in self["main_complaint"]}
        return [(box, radios[box.data["value"]]) for box in self["complaints"]]

    def intake_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in INTAKE_FIELDS if k in self.cleaned_data}


def colleagues(user):
    """Support staff of the user's own agency, who may be put in charge of a case."""
    staff = getattr(user, "staff", None) if user is not None else None
    if staff is None:
        return get_user_model().objects.none()
    return (get_user_model().objects.filter(staff__organisation_id=staff.organisation_id,
                                             staff__role__in=AGENCY_ROLES, is_active=True)
            .select_related("staff").order_by("staff__display_name"))


class NewConsultationForm(IntakeForm, ClientForm):
    """The whole 相談受付・申込票 as one page, plus the answer to the likely-duplicate question."""

    existing_client = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    field_order = [
        "received_on", "route", "family_name_kana", "given_name_kana", "family_name", "given_name", "sex",
        "birth_date", "postal_code", "address", "phone_home", "phone_mobile", "email",
        "visitor_name", "visitor_phone", "visitor_relation", "complaints", "main_complaint",
        "consultation_note", "work_status", "housing_status", "health_insurance", "pension", "assigned_to",
    ]

    def clean(self):
        data = super().clean()
        birth, received = data.get("birth_date"), data.get("received_on")
        if birth and received and birth > received:
            self.add_error("birth_date", "生年月日が受付日より後になっています。")
        return data

    @property
    def birth_note(self) -> str:
        data = getattr(self, "cleaned_data", None) or {}
        return birth_note(data.get("birth_date"), data.get("received_on"))

    def phones(self) -> list[str]:
        return [self.cleaned_data.get("phone_home", ""), self.cleaned_data.get("phone_mobile", "")]

    def kana(self) -> str:
        return f"{self.cleaned_data.get('family_name_kana', '')}{self.cleaned_data.get('given_name_kana', '')}"


class ClientEditForm(ClientForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class IntakeEditForm(IntakeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, birth_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.birth_date = birth_date
        field = self.fields["assigned_to"]
        field.empty_label = "（未定）"
        current = self.initial.get("assigned_to")
        if current is not None:  # keep a colleague who has since moved on selectable
            field.queryset = (field.queryset | get_user_model().objects.filter(pk=current.pk)).distinct()

    def clean(self):
        data = super().clean()
        received = data.get("received_on")
        if self.birth_date and received and self.birth_date > received:
            self.add_error("received_on", "受付日が相談者の生年月日より前になっています。")
        return data


def initial_from(obj, fields) -> dict:
    return {k: getattr(obj, k) for k in fields}


def display_value(field, value) -> str:
    """A stored or typed value as the user reads it: choice labels, 和暦 dates, names."""
    if value in (None, "", []):
        return "（未入力）"
    if hasattr(value, "isoformat"):
        return format_wareki(value)
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple):
        return "、".join(str(choices.get(v, v)) for v in value)
    if hasattr(value, "staff"):
        return value.staff.display_name
    return str(choices.get(value, value))


def changed_rows(form, stored: dict) -> list[dict]:
    """Fields where what is stored now differs from what the user typed (after an edit conflict)."""
    typed = getattr(form, "cleaned_data", {}) or {}
    rows = []
    for name, value in stored.items():
        if name not in form.fields or name not in typed:
            continue
        mine = typed[name]
        same = (sorted(mine) == sorted(value)) if isinstance(value, list) and isinstance(mine, list) else mine == value
        if not same and not (mine in (None, "") and value in (None, "")):
            field = form.fields[name]
            rows.append({"label": field.label, "stored": display_value(field, value),
                         "mine": display_value(field, mine)})
    return rows
