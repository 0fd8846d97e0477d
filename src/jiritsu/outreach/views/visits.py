"""Visits to a body and their follow-ups: the prefecture records, the body reads its own."""
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import policies, selectors
from ..forms import FollowUpEditForm, FollowUpForm, VisitForm
from ..services import visits as services
from .common import save_or_render, versioned


def visit_detail(request, pk):
    policies.require_use(request.user)
    visit = policies.get_visit_or_404(request.user, pk)
    return render(request, "outreach/visit_detail.html", {
        "visit": visit, "follow_ups": selectors.follow_ups_of(visit=visit), "today": timezone.localdate(),
        "can_write": policies.is_policy_staff(request.user), "follow_up_form": FollowUpForm(),
    })


def visit_edit(request, body_pk=None, pk=None):
    policies.require_writer(request.user)
    visit = policies.get_visit_or_404(request.user, pk) if pk else None
    body = visit.body if visit else policies.get_body_or_404(request.user, body_pk)
    context = {"body": body, "visit": visit}
    if request.method != "POST":
        initial = {**model_to_dict(visit), **versioned(visit)} if visit else {
            "visitors": request.user.staff.display_name, "visited_on": timezone.localdate()}
        return render(request, "outreach/visit_form.html", {**context, "form": VisitForm(initial=initial)})
    saved, page = save_or_render(request, VisitForm(request.POST), lambda data, version: services.save_visit(
        user=request.user, body=body, data=data, visit=visit, expected_version=version if visit else None),
        "outreach/visit_form.html", context, "訪問を記録しました。")
    return redirect("outreach_visit", saved.pk) if saved else page


def follow_up_new(request, pk):
    policies.require_writer(request.user)
    visit = policies.get_visit_or_404(request.user, pk)
    if request.method != "POST":
        return redirect("outreach_visit", visit.pk)
    context = {"visit": visit, "follow_ups": selectors.follow_ups_of(visit=visit), "can_write": True,
               "today": timezone.localdate()}
    saved, page = save_or_render(request, FollowUpForm(request.POST), lambda data, _v: services.add_follow_up(
        user=request.user, visit=visit, **data), "outreach/visit_detail.html", context, "対応を追加しました。",
        form_name="follow_up_form")
    return redirect("outreach_visit", visit.pk) if saved else page


def follow_up_edit(request, pk):
    policies.require_writer(request.user)
    follow_up = policies.get_follow_up_or_404(request.user, pk)
    context = {"follow_up": follow_up, "visit": follow_up.visit}
    if request.method != "POST":
        form = FollowUpEditForm(initial={**model_to_dict(follow_up), **versioned(follow_up)})
        return render(request, "outreach/follow_up_form.html", {**context, "form": form})
    saved, page = save_or_render(request, FollowUpEditForm(request.POST), lambda data, version: (
        services.update_follow_up(user=request.user, follow_up=follow_up, data=data, expected_version=version)),
        "outreach/follow_up_form.html", context, "対応を更新しました。")
    return redirect("outreach_visit", follow_up.visit_id) if saved else page
