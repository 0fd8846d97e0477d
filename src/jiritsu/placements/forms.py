from django import forms

from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.orgs.models import Municipality

from .matching import STAGES
from .models import FEATURES, FirstUse, FollowUp, Site, Task


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SiteForm(VersionedForm):
    kind = forms.ChoiceField(label="種別", choices=Site.Kind.choices)
    name = TextField(label="名称", max_length=100)
    municipality = forms.ModelChoiceField(label="市町村", queryset=Municipality.objects.order_by("code"),
                                          empty_label="選択してください")
    address = TextField(label="所在地", max_length=200, required=False)
    lat = forms.FloatField(label="緯度", required=False, min_value=-90, max_value=90,
                           help_text="空欄なら市町村役場の位置（概算）を使います。")
    lon = forms.FloatField(label="経度", required=False, min_value=-180, max_value=180)
    contact_name = TextField(label="担当者名", max_length=60, required=False)
    contact_phone = TextField(label="電話番号", max_length=20, required=False)
    contact_email = forms.EmailField(label="メールアドレス", required=False)
    certification = forms.ChoiceField(label="認定就労訓練事業", choices=Site.Certification.choices,
                                      initial=Site.Certification.NONE)
    certified_until = WarekiDateField(label="認定の有効期限", required=False)
    hosting_hours = TextField(label="受入れ可能な曜日・時間", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="例：月・水・金 9:00〜12:00")
    active = forms.BooleanField(label="受入れ中", required=False, initial=True)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None) and "lat" not in self.errors:
            self.add_error("lat", "緯度と経度は両方入力するか、両方空欄にしてください。")
        certified = data.get("certification") not in (None, Site.Certification.NONE)
        if "certified_until" not in self.errors and certified != (data.get("certified_until") is not None):
            self.add_error("certified_until", "認定を受けている場合は有効期限を入力してください。" if certified
                           else "認定がない場合は有効期限を空欄にしてください。")
        return data


class VisitForm(forms.Form):
    visited_on = WarekiDateField(label="訪問日")
    outcome = TextField(label="結果", widget=forms.Textarea(attrs={"rows": 3}))
    next_step = TextField(label="次の対応", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_on = WarekiDateField(label="次回予定日", required=False)


class TaskForm(VersionedForm):
    title = TextField(label="作業名", max_length=100)
    description = TextField(label="作業内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    min_stage = forms.ChoiceField(label="必要なステージ", choices=[(s, s) for s in STAGES])
    hours_per_week = forms.DecimalField(label="週あたり時間", min_value=0, max_value=60, decimal_places=1)
    physical_load = forms.ChoiceField(label="身体的負荷", choices=Task.Physical.choices)
    interpersonal_load = forms.ChoiceField(label="対人負荷", choices=Task.Interpersonal.choices)
    features = forms.MultipleChoiceField(label="作業の特徴", required=False, choices=[(f, f) for f in FEATURES],
                                         widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(label="受入れ人数", min_value=1, max_value=50, initial=1)
    available_from = WarekiDateField(label="受入れ開始日", required=False)
    available_until = WarekiDateField(label="受入れ終了日", required=False)


class ProfileForm(VersionedForm):
    stage = forms.ChoiceField(label="ステージ（状態像）", choices=[(s, s) for s in STAGES],
                              help_text="日常生活自立 < 社会生活自立 < 就労自立")
    hours_per_week = forms.DecimalField(label="週あたり可能な時間", min_value=0, max_value=60, decimal_places=1)
    municipality = forms.ModelChoiceField(label="住まいの市町村", queryset=Municipality.objects.none(),
                                          empty_label="選択してください",
                                          help_text="位置は市町村役場の位置（概算）を使い、住所は開拓事業者に渡しません。")
    max_travel_km = forms.DecimalField(label="移動できる距離（km）", min_value=0, max_value=200, decimal_places=1)
    avoid = forms.MultipleChoiceField(label="避けたい作業", required=False, choices=[(f, f) for f in FEATURES],
                                      widget=forms.CheckboxSelectMultiple)
    prefers = forms.MultipleChoiceField(label="希望する作業", required=False, choices=[(f, f) for f in FEATURES],
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(body=body).order_by("code")


class ConfirmForm(forms.Form):
    consent_given = forms.BooleanField(label="本人に提案内容を説明し、受入れ先へ氏名・連絡先を伝えることに同意を得た",
                                       required=False)
    consent_on = WarekiDateField(label="同意を得た日", required=False)
    note = TextField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    note = TextField(label="見送りの理由", widget=forms.Textarea(attrs={"rows": 2}))


class FirstUseForm(VersionedForm):
    scheduled_on = WarekiDateField(label="初回利用日")
    meet_at = forms.TimeField(label="集合時刻", widget=forms.TimeInput(attrs={"type": "time"}))
    accompanied_by = forms.ModelChoiceField(label="同行する職員", queryset=None, empty_label="選択してください")
    site_contact = TextField(label="受入れ先の担当者・連絡先", max_length=120)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompanied_by"].queryset = staff


class FirstUseOutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label="結果", choices=[c for c in FirstUse.Outcome.choices
                                                      if c[0] != FirstUse.Outcome.PENDING])
    note = TextField(label="結果の内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label="記録する内容", choices=FollowUp.choices)
    occurred_on = WarekiDateField(label="日付")
    stage = forms.ChoiceField(label="変化後のステージ", required=False, choices=[("", "—"), *[(s, s) for s in STAGES]])
    note = TextField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TourForm(forms.Form):
    site = forms.ModelChoiceField(label="見学先", queryset=Site.objects.filter(active=True).order_by("name"),
                                  empty_label="選択してください")
    held_on = WarekiDateField(label="開催日")
    starts_at = forms.TimeField(label="開始時刻", widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label="定員", min_value=1, max_value=100)
    note = TextField(label="内容・集合場所", required=False, widget=forms.Textarea(attrs={"rows": 2}))
