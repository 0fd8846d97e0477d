"""The resource development log (社会資源の広域的な開拓) and the gap view by region × kind.

The prefecture and the placement NPO write; agencies read, to know where to look for help and where
there is none yet. No personal data: reads are not audited.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from jiritsu.core.forms import TextField, WarekiDateField, save_or_render

from . import gaps, policies, selectors, services
from .models import ResourceKind


class DevelopmentForm(forms.Form):
    opened_on = WarekiDateField(label="開拓日")
    municipality = forms.ModelChoiceField(label="市町村", queryset=selectors.municipalities(),
                                          error_messages={"required": "市町村を選んでください。"})
    kind = forms.ChoiceField(label="資源の種類", choices=[("", "選んでください"), *ResourceKind.choices],
                             error_messages={"required": "資源の種類を選んでください。"})
    organization = forms.ModelChoiceField(label="ディレクトリの組織", required=False, empty_label="（未登録）",
                                          queryset=selectors.organizations())
    partner_name = TextField(label="相手先", required=False, max_length=200,
                             help_text="ディレクトリの組織を選んだ場合は空欄でかまいません。")
    notes = TextField(label="経過・メモ", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_opened_on(self):
        # Checked here too, so a future date is reported together with the other fields' errors.
        day = self.cleaned_data["opened_on"]
        if day and day > timezone.localdate():
            raise ValidationError("未来の日付は入力できません。")
        return day


class FilterForm(forms.Form):
    region = forms.ChoiceField(label="地域", required=False)
    kind = forms.ChoiceField(label="資源の種類", required=False, choices=[("", "すべて"), *ResourceKind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "すべて"), *((r, r) for r in selectors.regions())]


def development_log(request):
    policies.require_read_log(request.user)
    filters = FilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    records = selectors.development_records(region=chosen.get("region", ""), kind=chosen.get("kind", ""))
    rows = gaps.gap_rows()
    width, height = gaps.chart_size(rows)
    return render(request, "directory/development_log.html", {
        "records": list(records), "filters": filters, "rows": rows, "kinds": gaps.GRID_KINDS,
        "chart": {"width": width, "height": height, "tile_w": gaps.TILE_W, "tile_h": gaps.TILE_H,
                  "cell": gaps.CELL, "label_h": gaps.LABEL_H},
        "gap_count": sum(len(r.gaps) for r in rows), "can_write": policies.can_write_log(request.user),
    })


def development_edit(request, pk=None):
    policies.require_write_log(request.user)
    record = selectors.get_development_record_or_404(pk=pk) if pk else None
    if record is not None:
        policies.require_edit_record(request.user, record)
    if request.method != "POST":
        initial = ({"opened_on": record.opened_on, "municipality": record.municipality_id, "kind": record.kind,
                    "organization": record.organization_id, "partner_name": record.partner_name,
                    "notes": record.notes, "version": record.version}
                   if record else {"opened_on": timezone.localdate()})
        form = DevelopmentForm(initial=initial)
        return render(request, "directory/development_form.html", {"form": form, "record": record})
    _saved, page = save_or_render(request, DevelopmentForm(request.POST), lambda data, version: (
        services.save_development_record(user=request.user, data=data, record=record,
                                         expected_version=version if record else None)),
        "directory/development_form.html", {"record": record}, "開拓記録を保存しました。")
    return page or redirect("development_log")
