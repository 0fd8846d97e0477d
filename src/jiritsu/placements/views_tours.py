"""Site tours (見学会): the developer schedules and takes attendance; support staff of any body register."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiritsu.core.forms import apply_service_errors

from . import policies, selectors, services
from .forms import TourForm


def tour_list(request):
    policies.require_tours(request.user)
    tours = list(selectors.tours())
    mine = set()
    if policies.can_register_for_tours(request.user):
        mine = selectors.tours_registered_by(user=request.user)
    return render(request, "placements/tour_list.html", {
        "tours": tours, "mine": mine, "can_edit": policies.can_edit(request.user),
        "can_register": policies.can_register_for_tours(request.user),
    })


def tour_new(request):
    policies.require_edit(request.user)
    form = TourForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tour = services.create_tour(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "見学会を登録しました。")
            return redirect("placement_tour", tour.pk)
    return render(request, "placements/tour_form.html", {"form": form})


def tour_detail(request, pk):
    policies.require_tours(request.user)
    tour = selectors.get_tour_or_404(pk=pk, counted=True)
    registrations = selectors.tour_registrations(tour=tour)
    mine = next((r for r in registrations if r.staff_id == getattr(request.user.staff, "pk", None)), None)
    # Who else comes is the organiser's business; guests see how many places are left.
    return render(request, "placements/tour_detail.html", {
        "tour": tour, "registrations": registrations if policies.can_edit(request.user) else [],
        "mine": mine, "left": max(0, tour.capacity - len(registrations)), "can_edit": policies.can_edit(request.user),
        "can_register": policies.can_register_for_tours(request.user),
    })


def _tour_action(request, pk, action, done):
    tour = selectors.get_tour_or_404(pk=pk)
    try:
        action(tour)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("placement_tour", pk)


@require_POST
def tour_register(request, pk):
    policies.require_tour_guest(request.user)
    return _tour_action(request, pk, lambda tour: services.register_for_tour(user=request.user, tour=tour),
                        "見学会に申し込みました。")


@require_POST
def tour_cancel(request, pk):
    policies.require_tour_guest(request.user)
    return _tour_action(request, pk, lambda tour: services.cancel_registration(user=request.user, tour=tour),
                        "申込みを取り消しました。")


@require_POST
def tour_attendance(request, pk):
    policies.require_edit(request.user)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    return _tour_action(request, pk, lambda tour: services.record_attendance(user=request.user, tour=tour,
                                                                             present=present),
                        "出欠を記録しました。")
