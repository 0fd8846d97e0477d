"""The prefecture's pages: participation by fiscal year and the implementation-status table.

Only the prefecture's policy staff may use them (403 for everyone else). They show bodies and
counts, never a person: the cost-sharing page counts hand-offs per body without touching cases.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from jiritsu.core.exports import csv_download, xlsx_download
from jiritsu.core.forms import apply_service_errors
from jiritsu.core.wareki import format_fiscal_year

from . import exports, selectors
from .catalog import Program
from .forms import (
    PARTICIPATION_PROGRAMS,
    ParticipationForm,
    RangeForm,
    YearForm,
    current_fiscal_year,
)
from .implementation import build_table, latest_year_with_data
from .models import Method
from .participation import clear_participation, set_participation
from .policies import require_policy_staff
from .standing import implementing

# ---- implementation-status table ----

def implementation(request):
    require_policy_staff(request.user)
    form = RangeForm(request.GET or None)
    latest = latest_year_with_data(current_fiscal_year())
    from_fy, to_fy = latest - 3, latest
    if form.is_bound and form.is_valid():
        from_fy = form.cleaned_data["from_fy"] or from_fy
        to_fy = form.cleaned_data["to_fy"] or max(to_fy, from_fy)
    if from_fy > to_fy:
        from_fy = to_fy
    table = build_table(from_fy, to_fy)
    kind = request.GET.get("format")
    name = f"implementation_{from_fy}-{to_fy}"
    if kind == "csv":
        return csv_download(f"{name}.csv", table.header(), table.lines())
    if kind == "xlsx":
        data = exports.to_xlsx("実施状況", table.header(), table.lines(), caption="任意事業の実施状況")
        return xlsx_download(f"{name}.xlsx", data)
    query = f"from_fy={from_fy}&to_fy={to_fy}"
    return render(request, "programs/implementation.html", {
        "form": form, "table": table, "query": query, "from_fy": from_fy, "to_fy": to_fy,
    })


# ---- participation by fiscal year ----

def participation_list(request):
    require_policy_staff(request.user)
    form = YearForm(request.GET or None)
    fy = ((form.cleaned_data["fy"] if form.is_bound and form.is_valid() else None)
          or latest_year_with_data(current_fiscal_year()))
    bodies = selectors.bodies_active_in(fiscal_year=fy)
    known = implementing(b.pk for b in bodies)
    rows = [
        {"body": b, "cells": [(program, known.bodies(program, fy).get(b.pk)) for program in PARTICIPATION_PROGRAMS]}
        for b in bodies
    ]
    totals = [known.count(p, fy) for p in PARTICIPATION_PROGRAMS]
    derived = [p.label for p in PARTICIPATION_PROGRAMS if known.count(p, fy) and not known.is_recorded(p, fy)]
    return render(request, "programs/participation_list.html", {
        "form": form, "fy": fy, "fy_label": format_fiscal_year(fy, short=False), "programs": PARTICIPATION_PROGRAMS,
        "rows": rows, "totals": totals, "body_count": len(bodies), "derived": derived,
    })


def _program_or_404(value: str) -> Program:
    if value not in [p.value for p in PARTICIPATION_PROGRAMS]:
        raise Http404("事業が見つかりません。")
    return Program(value)


def participation_edit(request, fy: int, code: str, program: str):
    require_policy_staff(request.user)
    program = _program_or_404(program)
    body = selectors.body_active_in_or_404(fiscal_year=fy, code=code)
    row = selectors.participation_of(body=body, program=program, fiscal_year=fy)
    initial = {"method": row.method, "since": row.since} if row else {"method": ""}
    form = ParticipationForm(request.POST or None, initial=initial)
    back = reverse("participation_list") + f"?fy={fy}"
    if request.method == "POST" and form.is_valid():
        method, since = form.cleaned_data["method"], form.cleaned_data["since"]
        where = f"{body.name}の{format_fiscal_year(fy, short=False)} {program.label}"
        try:
            if method:
                set_participation(user=request.user, body=body, program=program, fiscal_year=fy, method=method,
                                  since=since)
                messages.success(request, f"{where}を「{Method(method).label}」として記録しました。")
            else:
                clear_participation(user=request.user, body=body, program=program, fiscal_year=fy)
                messages.success(request, f"{where}を「実施なし」にしました。")
            return redirect(back)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "programs/participation_edit.html", {
        "form": form, "body": body, "program": program, "fy": fy,
        "fy_label": format_fiscal_year(fy, short=False), "back": back,
    })
