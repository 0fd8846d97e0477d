"""県の概況: the prefecture's landing page (its policy staff's 今日の業務). Counts only, never a person."""
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiritsu.cases import policies

from . import policies as stats_policies
from .overview import MEASURES, overview


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(label="地図の色分け", choices=list(MEASURES.items()), required=False)


@require_GET
def overview_page(request):
    if not stats_policies.sees_every_unit(request.user):
        raise PermissionDenied("県の概況は県の政策担当者だけが利用できます。")
    form = MeasureForm(request.GET or None)
    measure = form.cleaned_data["measure"] if form.is_bound and form.is_valid() else ""
    prefecture = policies.staff_of(request.user).organisation.prefecture
    result = overview(prefecture, measure or "programs")
    return render(request, "stats/overview.html", {"form": form, "o": result, "measures": MEASURES.items()})
