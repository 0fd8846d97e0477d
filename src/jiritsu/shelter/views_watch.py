"""The watch-over page after a move-out (地域居住支援): the schedule, visit records and places to belong, for
the case's agency staff and the provider the person was handed over to. It shows the move-out (when, where)
and nothing of the stay's meals, allergies or extensions."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies

from . import policies, rules, selectors, watch, web
from .forms import DueForm, PlaceForm, VisitForm
from .models import MoveOut, WatchVisit


def _context(request, move_out, case) -> dict:
    """The watch-over page with its forms empty (a form posted back replaces its own: web.posted)."""
    today = timezone.localdate()
    chosen = request.GET.get("visit", "")
    return {
        **selectors.watch_over(move_out), "case": case, "today": today,
        "watch_end": rules.watch_period_end(move_out.moved_on),
        "sees_stay": policies.opens_stay(request.user, move_out.stay),
        "due_form": DueForm(),
        "visit_form": VisitForm(
            initial={"visited_on": today.isoformat(), "visit": chosen if chosen.isdigit() else None},
            move_out=move_out),
        "place_form": PlaceForm(initial={"linked_on": today.isoformat()}),
    }


@login_required
def watch_page(request, pk):
    move_out, case = selectors.move_out_or_404(request.user, pk)
    log.record(user=request.user, action="read", what="地域居住支援の見守り（予定・訪問記録・居場所）", case=case)
    return render(request, "shelter/watch.html", _context(request, move_out, case))


def _write(request, pk, form, form_key, write, done, **target):
    """Run a watch-over service from a posted form; on refusal the page again with the input kept."""
    move_out, case = selectors.move_out_or_404(request.user, pk)
    saved, again = web.posted(request, form, lambda **data: write(user=request.user, **target, **data),
                              "shelter/watch.html", lambda: _context(request, move_out, case), done, form_key)
    return again or redirect("shelter_watch", move_out.pk)


def _visit_of(request, pk, visit_pk) -> WatchVisit:
    move_out, _ = selectors.move_out_or_404(request.user, pk)
    return selectors.watch_visit_or_404(move_out=move_out, pk=visit_pk)


@login_required
@require_POST
def add_visit(request, pk):
    return _write(request, pk, DueForm(request.POST), "due_form", watch.add_visit, "見守りの予定を追加しました。",
                  move_out=MoveOut(pk=pk))


@login_required
@require_POST
def reschedule_visit(request, pk, visit_pk):
    visit = _visit_of(request, pk, visit_pk)
    return _write(request, pk, DueForm(request.POST), "due_form", watch.reschedule_visit,
                  "見守りの予定日を変更しました。", visit=visit)


@login_required
@require_POST
def remove_visit(request, pk, visit_pk):
    visit = _visit_of(request, pk, visit_pk)
    try:
        watch.remove_visit(user=request.user, visit=visit)
    except case_policies.NotPermitted as refused:
        raise PermissionDenied(refused.message) from None
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, "見守りの予定を削除しました。")
    return redirect("shelter_watch", pk)


@login_required
@require_POST
def record_visit(request, pk):
    move_out, _ = selectors.move_out_or_404(request.user, pk)
    return _write(request, pk, VisitForm(request.POST, move_out=move_out), "visit_form", watch.record_visit,
                  "見守り訪問を記録しました。")


@login_required
@require_POST
def link_place(request, pk):
    return _write(request, pk, PlaceForm(request.POST), "place_form", watch.link_place,
                  "居場所につないだことを記録しました。", move_out=MoveOut(pk=pk))
