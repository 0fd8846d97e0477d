"""The prefecture's program reports drawn from the case core: expected demand where a program is not
implemented, results per body, and cost sharing (which counts hand-offs and shelter bed-nights per body).
Policy staff only; counts, never a person (no case is opened or listed). The pages sit beside the programs
app's own (programs/_tabs.html), at the same addresses."""
from django import forms
from django.shortcuts import render
from django.utils import timezone

from jiritsu.core.exports import csv_download, xlsx_download
from jiritsu.core.wareki import fiscal_year, format_fiscal_year
from jiritsu.orgs.policies import staff_of
from jiritsu.programs import exports
from jiritsu.programs.catalog import Program
from jiritsu.programs.forms import FiscalYearField, current_fiscal_year
from jiritsu.programs.implementation import latest_year_with_data
from jiritsu.programs.policies import require_policy_staff

from .costshare import CostShareError, compute
from .demand import NEEDS, demand
from .forms import CostShareForm
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
    return render(request, "stats/demand.html", {
        "form": form, "result": result, "program": program,
        "participation_fy_label": format_fiscal_year(result.participation_fy) if result.participation_fy else "",
    })


def results_page(request):
    require_policy_staff(request.user)
    form = ResultsForm(request.GET or None)
    # Opens on the latest year any body is in a program (programs.standing), as the other program pages do.
    fy = ((form.cleaned_data["fy"] if form.is_bound and form.is_valid() else None)
          or latest_year_with_data(current_fiscal_year()))
    result = results(prefecture=staff_of(request.user).organisation.prefecture, fy=fy)
    if request.GET.get("format") == "csv":
        return csv_download(f"results_{fy}.csv", result.HEADER, result.lines())
    return render(request, "stats/results.html", {
        "form": form, "result": result, "fy": fy, "fy_label": format_fiscal_year(fy, short=False),
    })


# ---- cost sharing ----

def cost_share(request):
    require_policy_staff(request.user)
    form = CostShareForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = compute(program=data["program"], fy=data["fy"], amount=data["amount"], key=data["key"],
                             ratios=data["ratios"])
        except CostShareError as exc:
            form.add_error(exc.field, str(exc).replace("--ratios で", "「定率の割合」に").replace("--ratios", "定率の割合"))
    if result is not None and request.GET.get("format") == "xlsx":
        caption = f"{result.fiscal_year_label} {result.program.label} 費用負担の按分（契約額 {result.amount:,}円）"
        data = exports.to_xlsx("費用負担", result.header(), result.lines(), caption=caption)
        return xlsx_download(f"cost-share_{result.program.value}_{result.fiscal_year}.xlsx", data)
    return render(request, "stats/cost_share.html", {
        "form": form, "result": result, "query": request.GET.urlencode(), "lines": _display_lines(result),
    })


def _display_lines(result) -> list[dict]:
    """The report's rows, each with the body's national subsidy (the total row: their sum)."""
    if result is None:
        return []
    lines = result.lines()
    subsidies = [r.subsidy for r in result.rows]
    known = [s for s in subsidies if s is not None]
    subsidies.append(sum(known) if known else None)
    return [{"head": line[0], "name": line[1], "cells": line[2:], "subsidy": s}
            for line, s in zip(lines, subsidies, strict=True)]
