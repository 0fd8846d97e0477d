"""The shelter on the case page (registered in apps.py with cases.panels): the stay's status under the
hand-offs, from a single query, and 部屋を探す on an active 一時生活支援 hand-off."""
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jiritsu.programs.catalog import Program

from . import policies, rules, selectors


def stay_status(request, case, ctx) -> str:
    # A stay is always booked under a 一時生活支援 hand-off (Stay.handoff): without one, no stay to look up.
    if not any(h.program == Program.TEMPORARY_SHELTER for h in ctx["handoffs"]):
        return ""
    stay = selectors.case_stay(case)
    if stay is None:
        return ""
    today, user = timezone.localdate(), request.user
    move_out = getattr(stay, "move_out", None) if stay.status == stay.Status.ENDED else None
    return render_to_string("shelter/_stay_status.html", {
        "stay": stay,
        "label": rules.status_label(stay, today, extended=stay.extended),
        "overdue": rules.is_overdue(stay, today, extended=stay.extended),
        "overstay": rules.is_overstay(stay, today),
        "stay_link": policies.opens_stay(user, stay),
        "watch_link": move_out is not None and policies.opens_watch(user, move_out),
    }, request=request)


def find_room(case, handoff) -> tuple[str, str] | None:
    if handoff.program != Program.TEMPORARY_SHELTER:
        return None
    return "部屋を探す", reverse("shelter_find", args=[case.pk])
