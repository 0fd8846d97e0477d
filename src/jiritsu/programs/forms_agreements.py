"""Forms for contracts and agreements (協定). They turn typed text into values (和暦 or Western dates, yen);
the rules (term order, overlaps, the provider's programs) are the service's, shown at the field."""
from django import forms

from jiritsu.core.forms import TextField, WarekiDateField, YenField
from jiritsu.orgs.models import Body, Organisation

from .agreements import AGREEMENT_PROGRAMS
from .models import Agreement, Contract

PROGRAM_CHOICES = [(p.value, p.label) for p in AGREEMENT_PROGRAMS]


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ContractForm(_Versioned):
    provider = forms.ModelChoiceField(label="委託事業者", queryset=Organisation.objects.none(),
                                      empty_label="選んでください")
    title = TextField(label="契約件名", max_length=100,
                      widget=forms.TextInput(attrs={"placeholder": "例：令和7年度 就労準備支援事業 広域実施委託"}))
    programs = forms.MultipleChoiceField(label="委託事業", choices=PROGRAM_CHOICES, widget=forms.CheckboxSelectMultiple)
    term_from = WarekiDateField(label="契約期間（開始）")
    term_to = WarekiDateField(label="契約期間（終了）")
    amount = YenField(what="契約額")
    bodies = forms.ModelMultipleChoiceField(label="対象の福祉事務所設置自治体", queryset=Body.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, prefecture, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(
            prefecture=prefecture, kind=Organisation.Kind.PROVIDER).order_by("name")
        self.fields["bodies"].queryset = Body.objects.filter(prefecture=prefecture).order_by("code")
        self.fields["bodies"].label_from_instance = lambda b: f"{b.name}（{b.code}）"

    @staticmethod
    def initial_from(c: Contract) -> dict:
        return {"provider": c.provider_id, "title": c.title, "programs": c.programs, "term_from": c.term_from,
                "term_to": c.term_to, "amount": c.amount, "bodies": [b.pk for b in c.bodies.all()],
                "version": c.version}


class AgreementForm(_Versioned):
    body = forms.ModelChoiceField(label="福祉事務所設置自治体", queryset=Body.objects.none(), empty_label="選んでください")
    program = forms.ChoiceField(label="事業", choices=[("", "選んでください"), *PROGRAM_CHOICES])
    term_from = WarekiDateField(label="協定期間（開始）")
    term_to = WarekiDateField(label="協定期間（終了）")
    signed_on = WarekiDateField(label="締結日")
    data_sharing = forms.BooleanField(label="情報共有（個人情報の提供）条項がある", required=False)
    data_sharing_text = TextField(label="情報共有条項の内容", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="条項がある場合は条文をそのまま入力してください。")

    def __init__(self, *args, prefecture, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(prefecture=prefecture).order_by("code")
        self.fields["body"].label_from_instance = lambda b: f"{b.name}（{b.code}）"

    @staticmethod
    def initial_from(a: Agreement) -> dict:
        return {"body": a.body_id, "program": a.program, "term_from": a.term_from, "term_to": a.term_to,
                "signed_on": a.signed_on, "data_sharing": a.data_sharing, "data_sharing_text": a.data_sharing_text,
                "version": a.version}
