"""The outreach overview, one body's page (timeline, phases, open follow-ups) and the overdue list."""
from django.shortcuts import redirect, render
from django.utils import timezone

from jiritsu.core.wareki import format_fiscal_year

from .. import policies, selectors
from ..timeline import body_timeline


def home(request):
    policies.require_use(request.user)
    if not policies.is_policy_staff(request.user):
        return redirect("outreach_body", policies.own_body_id(request.user))
    today = timezone.localdate()
    return render(request, "outreach/home.html", {
        "bodies": selectors.bodies_overview(user=request.user),
        "overdue": list(selectors.overdue_follow_ups(request.user, today)[:10]),
        "upcoming": selectors.upcoming_meetings(user=request.user, today=today),
    })


def body_page(request, pk):
    policies.require_use(request.user)
    body = policies.get_body_or_404(request.user, pk)
    today = timezone.localdate()
    fy, fallback = selectors.phase_fiscal_year(today)
    [(_, cells)] = selectors.phase_matrix([body], fy)
    return render(request, "outreach/body.html", {
        "body": body, "cells": cells, "fy_label": format_fiscal_year(fy), "fy_fallback": fallback,
        "open_follow_ups": selectors.open_follow_ups_of(user=request.user, body=body),
        "today": today, "events": body_timeline(body),
        "can_write": policies.is_policy_staff(request.user),
    })


def overdue(request):
    policies.require_use(request.user)
    today = timezone.localdate()
    return render(request, "outreach/overdue.html", {
        "follow_ups": list(selectors.overdue_follow_ups(request.user, today)), "today": today,
        "can_write": policies.is_policy_staff(request.user),
    })

