"""The access log's filter form (GET): date range in 和暦 or Western, user, case number, action, body."""
from django import forms

from jiritsu.audit.models import AccessLog
from jiritsu.core.forms import TextField, WarekiDateField
from jiritsu.orgs.models import Body


class LogFilterForm(forms.Form):
    date_from = WarekiDateField(label="期間（から）", required=False)
    date_to = WarekiDateField(label="期間（まで）", required=False)
    username = TextField(label="利用者（ログインID）", required=False, max_length=150)
    case_number = TextField(label="ケース番号", required=False, max_length=30)
    client_address = forms.GenericIPAddressField(label="接続元アドレス", required=False)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "すべて"), *AccessLog.Action.choices])
    body = forms.ModelChoiceField(label="自治体", required=False, queryset=Body.objects.all(), empty_label="すべて")

    def __init__(self, *args, every_body: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not every_body:
            del self.fields["body"]  # a chief sees only their own body's log

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "終わりの日付は始まりの日付以降にしてください。")
        return data

    def filters(self) -> dict:
        """The filters that are valid; an invalid one is shown at its field and not applied."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
