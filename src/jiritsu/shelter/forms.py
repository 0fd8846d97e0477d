from django import forms
from django.utils import timezone

from jiritsu.core.forms import WarekiDateField
from jiritsu.orgs.models import Municipality

from . import rules
from .models import Feature


class RoomSearchForm(forms.Form):
    start = WarekiDateField(label="入居日")
    end = WarekiDateField(label="退去予定日", help_text="この日は含みません（次の方はこの日から入居できます）。")
    needs = forms.MultipleChoiceField(label="必要な条件", choices=Feature.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    people = forms.IntegerField(label="人数", min_value=1, max_value=10, initial=1)

    @classmethod
    def initial_data(cls) -> dict:
        today = timezone.localdate()
        return {"start": today.isoformat(), "end": rules.principle_end(today).isoformat(),
                "people": "1"}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "退去予定日は入居日より後の日付にしてください。")
        return data


class ExtensionForm(forms.Form):
    decided_on = WarekiDateField(label="決定日")
    decided_by = forms.CharField(label="決定した者", max_length=80, help_text="例：支援調整会議、所長名")
    reason = forms.CharField(label="延長の理由", widget=forms.Textarea(attrs={"rows": 3}))
    new_end = WarekiDateField(label="延長後の退去予定日", help_text="入居日から6か月以内。この日は含みません。")


class MoveOutForm(forms.Form):
    moved_on = WarekiDateField(label="退去日")
    address = forms.CharField(label="転居先の住所", max_length=200)
    municipality = forms.ModelChoiceField(label="転居先の市町村", required=False,
                                          queryset=Municipality.objects.order_by("code"),
                                          help_text="県外の場合は空欄にしてください。")
    housing_benefit = forms.BooleanField(label="住居確保給付金を利用する", required=False)
