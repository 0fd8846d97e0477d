"""The prefecture's counts drawn from the case core: expected demand where a program is not implemented,
and results per body. Policy staff only; counts, never a person (no case is opened or listed)."""
from django import forms
from django.shortcuts import render
from django.utils import timezone

from jiritsu.core.exports import csv_download
from jiritsu.core.wareki import fiscal_year, format_fiscal_year
from jiritsu.orgs.policies import staff_of

from .catalog import Program
from .demand import NEEDS, demand
from .forms import FiscalYearField, current_fiscal_year
from .policies import require_policy_staff
from .results import results


class DemandForm(forms.Form):
    program = forms.ChoiceField(label="事業", choices=[(p.value, p.label) for p in NEEDS], required=False)


class ResultsForm(forms.Form):
    fy = FiscalYearField(label="年度", required=False)


def demand_page(request):
    require_policy_staff(request.user)
    form = DemandForm(request.GET or None)
    valid = form.is_bound and form.is_valid() and form.cleaned_data["program"]
    program = Program(form.cleaned_data["program"]) if valid else next(iter(NEEDS))
    today = timezone.localdate()
    result = demand(prefecture=staff_of(request.user).organisation.prefecture, program=program, as_of=today,
                    fy=fiscal_year(today))
    if request.GET.get("format") == "csv":
        return csv_download(f"demand_{program.value}_{today:%Y%m%d}.csv", result.HEADER, result.lines())
    return render(request, "programs/demand.html", {
        "form": form, "result": result, "program": program,
        "participation_fy_label": format_fiscal_year(result.participation_fy) if result.participation_fy else "",
    })


def results_page(request):
    require_policy_staff(request.user)
    form = ResultsForm(request.GET or None)
    fy = (form.cleaned_data["fy"] if form.is_bound and form.is_valid() else None) or current_fiscal_year()
    result = results(prefecture=staff_of(request.user).organisation.prefecture, fy=fy)
    if request.GET.get("format") == "csv":
        return csv_download(f"results_{fy}.csv", result.HEADER, result.lines())
    return render(request, "programs/results.html", {
        "form": form, "result": result, "fy": fy, "fy_label": format_fiscal_year(fy, short=False),
    })
