"""Forms of 住居確保給付金. Amounts in yen accept full-width digits and commas (core.forms.YenField) and refuse
figures no household has; dates are 和暦 or Western within 明治 to twenty years ahead."""
import re
import unicodedata

from django import forms
from django.utils import timezone

from jiritsu.cases.forms.intake import ClientForm
from jiritsu.core.forms import TextField, WarekiDateField, YenField

from .models import AccountType, Cause

MAX_MONTHLY = 10_000_000  # a month's income or rent above ten million yen is a typing slip
MAX_ASSETS = 10_000_000_000
MAX_HOUSEHOLD = 20
MAX_COUNT = 99


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_COUNT,
                              widget=forms.NumberInput(attrs={"class": "narrow"}),
                              error_messages={"invalid": "回数は0以上の整数で入力してください。",
                                              "min_value": "回数は0以上で入力してください。",
                                              "max_value": f"回数は{MAX_COUNT}回以下で入力してください。"})


class HouseholdField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(label="世帯人数", min_value=1, max_value=MAX_HOUSEHOLD,
                         widget=forms.NumberInput(attrs={"class": "narrow"}),
                         error_messages={"invalid": "世帯人数は1以上の整数で入力してください。",
                                         "min_value": "世帯人数は1人以上です。",
                                         "max_value": f"世帯人数は{MAX_HOUSEHOLD}人以下で入力してください。"}, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()
        return super().to_python(value)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApplicationForm(VersionForm):
    received_on = WarekiDateField(label="申請日", latest=timezone.localdate,
                                  latest_message="申請日に未来の日付は入力できません。")
    household_size = HouseholdField()
    monthly_income = YenField(what="世帯の収入月額", max_yen=MAX_MONTHLY)
    assets = YenField(what="世帯の金融資産", max_yen=MAX_ASSETS)
    rent = YenField(what="家賃額（月額）", max_yen=MAX_MONTHLY)
    cause = forms.ChoiceField(label="申請の理由", choices=Cause.choices)
    lost_on = WarekiDateField(label="離職・廃業・収入減少の日", required=False)
    hellowork_registered = forms.BooleanField(label="ハローワークに求職の申込みをしている", required=False)
    landlord_name = TextField(label="貸主（住宅の所有者・管理会社）", max_length=100)
    bank_name = TextField(label="振込先金融機関", max_length=40)
    branch_name = TextField(label="支店", max_length=40)
    account_type = forms.ChoiceField(label="口座種別", choices=AccountType.choices)
    account_number = TextField(label="口座番号（7桁）", max_length=20,
                               widget=forms.TextInput(attrs={"class": "narrow", "inputmode": "numeric"}))
    account_holder = TextField(label="口座名義（カナ）", max_length=60)

    def clean_account_number(self):
        number = unicodedata.normalize("NFKC", self.cleaned_data["account_number"]).replace("-", "").strip()
        if not re.fullmatch(r"[0-9]{1,7}", number):
            raise forms.ValidationError("口座番号は7桁以内の数字で入力してください。")
        return number.zfill(7)

    def clean(self):
        data = super().clean()
        if data.get("cause") in (Cause.LEFT_JOB, Cause.CLOSED_BUSINESS) and not data.get("lost_on") \
                and "lost_on" not in self.errors:
            self.add_error("lost_on", "離職・廃業の日を入力してください。")
        return data


class ApplicantForm(ClientForm, ApplicationForm):
    """An application without a case: the person as the intake records them, then the application. After the
    check for people already known, `existing_client` names the one chosen, `confirm_new` a new person."""

    existing_client = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def person(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ClientForm.base_fields}


class LinkForm(VersionForm):
    case_number = TextField(label="ケース番号", max_length=30)


class SearchForm(forms.Form):
    q = TextField(label="氏名・ふりがな・ケース番号", max_length=60, required=False)


class LimitForm(forms.Form):
    household_size = HouseholdField()
    base_amount = YenField(what="基準額（月額）", max_yen=MAX_MONTHLY)
    rent_cap = YenField(what="家賃上限額（月額）", max_yen=MAX_MONTHLY)
    valid_from = WarekiDateField(label="適用開始日")


class GrantForm(VersionForm):
    decided_on = WarekiDateField(label="決定日")
    first_month = WarekiDateField(label="支給開始月（その月の1日など、月内の日付）")


class RefuseForm(VersionForm):
    decided_on = WarekiDateField(label="決定日")
    reason = TextField(label="不支給の理由（空欄なら満たさない要件を記載）", required=False, max_length=2000,
                       widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(VersionForm):
    decided_on = WarekiDateField(label="延長の決定日")


class StopForm(VersionForm):
    end = forms.ChoiceField(label="区分", choices=[("suspend", "支給中止"), ("end", "支給終了")],
                            widget=forms.RadioSelect, initial="end")
    stopped_on = WarekiDateField(label="中止・終了日")
    reason = TextField(label="理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class JobSearchForm(VersionForm):
    month = WarekiDateField(label="対象月（月内の日付）")
    interviews = _count("相談支援員との面談（回）")
    hellowork = _count("ハローワークでの職業相談（回）")
    applications = _count("応募・面接（回）")
    note = TextField(label="備考", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CaseNumberForm(forms.Form):
    case_number = TextField(label="ケース番号", max_length=30)


class MonthForm(forms.Form):
    month = WarekiDateField(label="支給月（月内の日付）")
