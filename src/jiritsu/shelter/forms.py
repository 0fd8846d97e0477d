import calendar
import datetime as dt
import unicodedata

from django import forms
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.core.wareki import DateParseError, format_wareki, parse_date
from jiritsu.orgs.models import Municipality

from . import rules, selectors
from .models import Feature, FoodKind, Stay, WatchVisit

GRID_DAYS = [(7, "1週間"), (14, "2週間"), (31, "31日"), (62, "62日")]


class GridForm(forms.Form):
    """The grid's period: a month (2021-01, R3.1, 令和3年1月), or a first night and a number of nights."""

    month = TextField(label="月を選ぶ", required=False, max_length=20,
                      help_text="例：R3.1、令和3年1月、2021-01",
                      widget=forms.TextInput(attrs={"class": "narrow", "autocomplete": "off"}))
    start = WarekiDateField(label="表示の始め", required=False)
    days = forms.TypedChoiceField(label="日数", choices=GRID_DAYS, coerce=int, required=False, initial=14)

    def clean_month(self) -> tuple[dt.date, int] | None:
        text = unicodedata.normalize("NFKC", self.cleaned_data["month"]).strip().removesuffix("月")
        if not text:
            return None
        try:  # the month's first day, written as a date: R3.1-1, 令和3年1-1, 2021-01-1
            first = parse_date(f"{text}-1")
        except DateParseError:
            raise forms.ValidationError("月を読み取れません。例：R3.1、令和3年1月、2021-01") from None
        if error := rules.grid_start_error(first, timezone.localdate()):
            raise forms.ValidationError(error)
        return first, calendar.monthrange(first.year, first.month)[1]

    def clean_start(self) -> dt.date | None:
        start = self.cleaned_data["start"]
        if start is not None and (error := rules.grid_start_error(start, timezone.localdate())):
            raise forms.ValidationError(error)
        return start

    def period(self) -> tuple[dt.date, int]:
        """The first night and number of nights chosen (today and 14 nights when nothing valid is chosen)."""
        today = timezone.localdate()
        if not self.is_valid():
            return today, 14
        if self.cleaned_data["month"]:
            return self.cleaned_data["month"]
        return self.cleaned_data["start"] or today, self.cleaned_data["days"] or 14


class RoomSearchForm(forms.Form):
    """The search for a free room, and the request for one of the rooms found (the same fields, posted)."""

    start = WarekiDateField(label="入居日", help_text=f"今日から{rules.LATE_DAYS}日前まで指定できます（休日の入居など）。")
    end = WarekiDateField(label="退去予定日", help_text="この日は含みません（次の方はこの日から入居できます）。")
    people = forms.IntegerField(label="人数", min_value=1, max_value=10, initial=1,
                                help_text="世帯で一緒に入居する人数（本人を含む）。一人（一世帯）が同じ夜に使える部屋は一つです。")
    needs = forms.MultipleChoiceField(label="必要な条件", choices=[c for c in Feature.choices if c[0] != Feature.WOMEN_ONLY],
                                      required=False, widget=forms.CheckboxSelectMultiple)
    women_only = forms.BooleanField(label="女性専用の部屋も表示する", required=False,
                                    help_text="記録上の性別が女性でない方の場合、利用には理由の記録が必要です。")
    women_only_reason = TextField(label="女性専用の部屋を使う理由", max_length=200, required=False,
                                  help_text="例：母子での入居")
    late_reason = forms.ChoiceField(label="入居日が今日より前の理由", required=False,
                                    choices=[("", "（入居日が今日より前の場合に選ぶ）"), *Stay.LateReason.choices])
    late_note = TextField(label="理由の詳細", max_length=200, required=False)

    @classmethod
    def initial_data(cls) -> dict:
        today = timezone.localdate()
        return {"start": today.isoformat(), "end": rules.principle_end(today).isoformat(), "people": "1"}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            for field, message in rules.request_date_errors(data["start"], data["end"], timezone.localdate()).items():
                self.add_error(field, message)
        return data


class ExtensionForm(forms.Form):
    decided_on = WarekiDateField(label="決定日")
    decided_by = TextField(label="決定した者", max_length=80, help_text="例：支援調整会議、所長名")
    reason = TextField(label="延長の理由", widget=forms.Textarea(attrs={"rows": 3}))
    new_end = WarekiDateField(label="延長後の退去予定日", help_text="入居日から6か月以内。この日は含みません。")


class MoveOutForm(forms.Form):
    moved_on = WarekiDateField(label="退去日", help_text="入居日当日の退去も記録できます。")
    postal_code = TextField(label="転居先の郵便番号", max_length=8, required=False,
                            widget=forms.TextInput(attrs={"class": "narrow", "data-postal-lookup": "id_address",
                                                                "autocomplete": "postal-code"}))
    address = TextField(label="転居先の住所", max_length=200, help_text="記録すると本人の住所がこの住所に変わります（変更前の住所は履歴に残ります）。")
    municipality = forms.ModelChoiceField(label="転居先の市町村", required=False,
                                          queryset=Municipality.objects.order_by("code"),
                                          help_text="県外の場合は空欄にしてください。")
    housing_benefit = forms.BooleanField(label="住居確保給付金を利用する", required=False)
    community_support = forms.BooleanField(label="本人が地域居住支援の利用に同意している", required=False,
                                           help_text="同意がある場合、この記録と同時に地域居住支援を引き継ぎます。"
                                                     "同意がない場合は、相談支援員が見守りを続けます。")
    housing_provider = forms.ModelChoiceField(label="地域居住支援の引継ぎ先", required=False, queryset=None,
                                              empty_label="選んでください")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["housing_provider"].queryset = selectors.housing_providers()


class FoodForm(forms.Form):
    kind = forms.ChoiceField(label="種別", choices=FoodKind.choices)
    partner = forms.ModelChoiceField(label="提供先（社会資源）", queryset=None,
                                     help_text="配食サービスは配食の事業者、フードバンクの食品はフードバンクから選びます。")
    start_on = WarekiDateField(label="開始日（お届け日）")
    end_on = WarekiDateField(label="終了日", required=False, help_text="1回だけのお届けは空欄。")
    meals = forms.IntegerField(label="食数", min_value=1, max_value=999)
    allergies = TextField(label="アレルギー", max_length=200, required=False)
    diet = TextField(label="食事制限・配慮", max_length=200, required=False, help_text="例：減塩、刻み食、ハラール")
    note = TextField(label="備考", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = {p.service_id: p.kind for p in selectors.food_partners()}
        self.fields["partner"].queryset = selectors.food_services()
        self.fields["partner"].label_from_instance = (
            lambda s: f"{s.organization.name}／{s.name}（{FoodKind(partners[s.pk]).label}）")


class SupplyForm(forms.Form):
    issued_on = WarekiDateField(label="支給日")
    item = TextField(label="品目", max_length=80, help_text="例：タオル、歯ブラシ、寝具一式")
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=999, initial=1)


class DueForm(forms.Form):
    due_on = WarekiDateField(label="予定日")


class VisitForm(forms.Form):
    visit = forms.ModelChoiceField(label="予定", queryset=WatchVisit.objects.none(), empty_label="選んでください")
    visited_on = WarekiDateField(label="訪問日")
    visitor = TextField(label="訪問した者", max_length=80)
    condition = forms.ChoiceField(label="本人の様子", choices=[("", "選んでください")] + WatchVisit.Condition.choices)
    notes = TextField(label="様子の記録", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    concerns = TextField(label="気になること・対応", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, move_out=None, **kwargs):
        super().__init__(*args, **kwargs)
        if move_out is not None:
            self.fields["visit"].queryset = move_out.visits.filter(visited_on__isnull=True)
            self.fields["visit"].label_from_instance = lambda v: f"{format_wareki(v.due_on)}の予定"


class PlaceForm(forms.Form):
    place = forms.ModelChoiceField(label="居場所（社会資源）", queryset=None,
                                   help_text="社会資源の登録から選びます（相談内容「地域との関係」に対応するもの）。")
    linked_on = WarekiDateField(label="つないだ日")
    note = TextField(label="メモ", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = selectors.places_to_belong()


# ---- keeping the inventory ----

class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SiteForm(_Versioned):
    name = TextField(label="名称", max_length=80, help_text="例：県営○○団地（一時生活支援用）")
    municipality = forms.ModelChoiceField(label="市町村", queryset=Municipality.objects.order_by("code"),
                                          empty_label="選んでください")
    address = TextField(label="所在地", max_length=200, required=False)
    available_from = WarekiDateField(label="事業への参加日", help_text="この日から部屋を使えます（例：R3.1.1）。")
    available_until = WarekiDateField(label="事業からの離脱日", required=False, help_text="この日まで使えます。続ける場合は空欄。")
    cleaning_days = forms.IntegerField(label="退去後の清掃・点検日数", min_value=0, max_value=30, initial=3)

    @staticmethod
    def initial_from(site) -> dict:
        return {"version": site.version, "name": site.name, "municipality": site.municipality_id,
                "address": site.address, "available_from": site.available_from,
                "available_until": site.available_until, "cleaning_days": site.cleaning_days}


class RoomForm(_Versioned):
    label = TextField(label="部屋番号", max_length=20)
    capacity = forms.IntegerField(label="定員", min_value=1, max_value=10, initial=1)
    features = forms.MultipleChoiceField(label="設備・条件", choices=Feature.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    available_from = WarekiDateField(label="利用開始日", required=False, help_text="拠点の参加日と同じなら空欄。")
    available_until = WarekiDateField(label="利用終了日", required=False, help_text="続けて使う場合は空欄。")

    @staticmethod
    def initial_from(room) -> dict:
        return {"version": room.version, "label": room.label, "capacity": room.capacity, "features": room.features,
                "available_from": room.available_from, "available_until": room.available_until}


class OutOfServiceForm(forms.Form):
    start_on = WarekiDateField(label="開始日")
    end_on = WarekiDateField(label="終了日", help_text="この日まで使えません（両日を含みます）。")
    reason = TextField(label="理由", max_length=100, help_text="例：修繕、設備点検")


class FoodPartnerForm(forms.Form):
    service = forms.ModelChoiceField(label="社会資源のサービス", queryset=None, empty_label="選んでください",
                                     help_text="社会資源に登録された、相談内容「食べるものがない」に対応するサービスです。")
    kind = forms.ChoiceField(label="種別", choices=FoodKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = selectors.food_candidates()
        self.fields["service"].label_from_instance = lambda s: f"{s.organization.name}／{s.name}"
