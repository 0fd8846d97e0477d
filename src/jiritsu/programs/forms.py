"""Forms of the prefecture's program pages. Fiscal years accept 2022, R4 and 令和4年度."""
from django import forms
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.core.wareki import fiscal_year, parse_fiscal_year

from .catalog import Program
from .models import Method

PARTICIPATION_PROGRAMS = [Program.EMPLOYMENT_PREP, Program.HOUSEHOLD_BUDGET, Program.TEMPORARY_SHELTER,
                          Program.COMMUNITY_LIVING, Program.CHILD_LEARNING]


class FiscalYearField(TextField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "narrow", "placeholder": "例：R4、2022"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return None
        try:
            fy = parse_fiscal_year(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if not 2000 <= fy <= 2100:
            raise forms.ValidationError(f"年度「{value}」は範囲外です。")
        return fy


def current_fiscal_year() -> int:
    return fiscal_year(timezone.localdate())


class YearForm(forms.Form):
    fy = FiscalYearField(label="年度", required=False)


class RangeForm(forms.Form):
    from_fy = FiscalYearField(label="開始年度", required=False)
    to_fy = FiscalYearField(label="終了年度", required=False)

    def clean(self):
        data = super().clean()
        if data.get("from_fy") and data.get("to_fy") and data["from_fy"] > data["to_fy"]:
            self.add_error("to_fy", "終了年度は開始年度以降にしてください。")
        return data


class ParticipationForm(forms.Form):
    method = forms.ChoiceField(label="実施方法", choices=[("", "実施なし"), *Method.choices], required=False,
                               widget=forms.RadioSelect)
    since = WarekiDateField(label="実施開始日", required=False,
                            help_text="その事業を始めた日（分かる場合）。例：H27.4.1、2015-04-01")
