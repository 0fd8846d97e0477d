import datetime as dt

from django import forms
from django.utils import timezone

from jiritsu.core.forms import WarekiDateField

from .models import Feature

DEFAULT_DAYS = 90  # 3 months in principle


class RoomSearchForm(forms.Form):
    start = WarekiDateField(label="入居日")
    end = WarekiDateField(label="退去予定日", help_text="この日は含みません（次の方はこの日から入居できます）。")
    needs = forms.MultipleChoiceField(label="必要な条件", choices=Feature.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    people = forms.IntegerField(label="人数", min_value=1, max_value=10, initial=1)

    @classmethod
    def initial_data(cls) -> dict:
        today = timezone.localdate()
        return {"start": today.isoformat(), "end": (today + dt.timedelta(days=DEFAULT_DAYS)).isoformat(),
                "people": "1"}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "退去予定日は入居日より後の日付にしてください。")
        return data
