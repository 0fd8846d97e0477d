from django import forms
from django.utils import timezone

from jiritsu.core.forms import WarekiDateField
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Municipality

from . import rules, selectors
from .models import Feature, FoodSupport, WatchVisit


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


class FoodForm(forms.Form):
    kind = forms.ChoiceField(label="種別", choices=FoodSupport.Kind.choices)
    partner = forms.ModelChoiceField(label="提供先（社会資源）", queryset=None,
                                     help_text="社会資源の登録から選びます（相談内容「食べるものがない」に対応するもの）。")
    start_on = WarekiDateField(label="開始日（お届け日）")
    end_on = WarekiDateField(label="終了日", required=False, help_text="1回だけのお届けは空欄。")
    meals = forms.IntegerField(label="食数", min_value=1, max_value=999)
    allergies = forms.CharField(label="アレルギー", max_length=200, required=False)
    diet = forms.CharField(label="食事制限・配慮", max_length=200, required=False, help_text="例：減塩、刻み食、ハラール")
    note = forms.CharField(label="備考", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = selectors.food_partners()


class SupplyForm(forms.Form):
    issued_on = WarekiDateField(label="支給日")
    item = forms.CharField(label="品目", max_length=80, help_text="例：タオル、歯ブラシ、寝具一式")
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=999, initial=1)


class DueForm(forms.Form):
    due_on = WarekiDateField(label="予定日")


class VisitForm(forms.Form):
    visit = forms.ModelChoiceField(label="予定", queryset=WatchVisit.objects.none(), empty_label="選んでください")
    visited_on = WarekiDateField(label="訪問日")
    visitor = forms.CharField(label="訪問した者", max_length=80)
    condition = forms.ChoiceField(label="本人の様子", choices=[("", "選んでください")] + WatchVisit.Condition.choices)
    notes = forms.CharField(label="様子の記録", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    concerns = forms.CharField(label="気になること・対応", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, move_out=None, **kwargs):
        super().__init__(*args, **kwargs)
        if move_out is not None:
            self.fields["visit"].queryset = move_out.visits.filter(visited_on__isnull=True)
            self.fields["visit"].label_from_instance = lambda v: f"{format_wareki(v.due_on)}の予定"


class PlaceForm(forms.Form):
    place = forms.ModelChoiceField(label="居場所（社会資源）", queryset=None,
                                   help_text="社会資源の登録から選びます（相談内容「地域との関係」に対応するもの）。")
    linked_on = WarekiDateField(label="つないだ日")
    note = forms.CharField(label="メモ", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = selectors.places_to_belong()
