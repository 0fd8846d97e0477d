"""Keeping the inventory in the app: sites (拠点) with the day each joined the program and left it, their rooms,
out-of-service periods, and the partners meals come from. The prefecture's policy staff and the 一時生活支援
provider's staff; no person appears on these pages."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.core.forms import apply_service_errors, save_or_render

from . import grid, policies, selectors, sites
from .forms import FoodPartnerForm, OutOfServiceForm, RoomForm, SiteForm


def _maintainer(request):
    if not policies.can_maintain(request.user):
        raise PermissionDenied("拠点・居室を管理できるのは県の政策担当者と一時生活支援の委託事業者の職員です。")


@login_required
def site_list(request, partner_form=None, status=200):
    _maintainer(request)
    today = timezone.localdate()
    return render(request, "shelter/site_list.html", {
        "sites": [(s, sum(grid.in_use(r, today) for r in rooms), len(rooms)) for s, rooms in selectors.sites_with_rooms()],
        "today": today, "partners": selectors.food_partners_listed(),
        "partner_form": partner_form or FoodPartnerForm(),
    }, status=status)


@login_required
def site_edit(request, pk=None):
    _maintainer(request)
    site = selectors.site_or_404(pk=pk) if pk else None
    form = SiteForm(request.POST or None, initial=SiteForm.initial_from(site) if site else {})
    context = {"site": site, "title": "拠点の修正" if site else "拠点の登録",
               "back": reverse("shelter_site", args=[site.pk]) if site else reverse("shelter_sites")}
    if request.method != "POST":
        return render(request, "shelter/site_edit.html", {**context, "form": form})
    saved, page = save_or_render(
        request, form, lambda data, version: sites.save_site(user=request.user, site=site, expected_version=version,
                                                             **data),
        "shelter/site_edit.html", context, "拠点を保存しました。")
    return page or redirect("shelter_site", saved.pk)


@login_required
def site_detail(request, pk):
    _maintainer(request)
    site = selectors.site_or_404(pk=pk)
    today = timezone.localdate()
    return render(request, "shelter/site_detail.html", {
        "site": site, "rooms": [(r, grid.in_use(r, today), periods)
                                for r, periods in selectors.rooms_of(site=site, today=today)],
        "today": today,
    })


@login_required
def room_edit(request, pk, room_pk=None):
    _maintainer(request)
    site = selectors.site_or_404(pk=pk)
    room = selectors.room_or_404(pk=room_pk, site_id=site.pk) if room_pk else None
    form = RoomForm(request.POST or None, initial=RoomForm.initial_from(room) if room else {})
    context = {"site": site, "room": room, "title": f"{site.name} の居室の" + ("修正" if room else "登録"),
               "back": reverse("shelter_site", args=[site.pk])}
    if request.method != "POST":
        return render(request, "shelter/room_edit.html", {**context, "form": form})
    saved, page = save_or_render(
        request, form, lambda data, version: sites.save_room(user=request.user, site=site, room=room,
                                                             expected_version=version, **data),
        "shelter/room_edit.html", context, "居室を保存しました。")
    return page or redirect("shelter_site", site.pk)


@login_required
def add_out_of_service(request, pk, room_pk):
    _maintainer(request)
    room = selectors.room_or_404(pk=room_pk, site_id=pk)
    form = OutOfServiceForm(request.POST or None)
    context = {"site": room.building, "room": room, "title": f"{room} の使用停止", "back": reverse("shelter_site", args=[pk])}
    if request.method != "POST":
        return render(request, "shelter/out_of_service.html", {**context, "form": form})
    saved, page = save_or_render(
        request, form, lambda data, version: sites.add_out_of_service(user=request.user, room=room, **data),
        "shelter/out_of_service.html", context, "使用停止の期間を登録しました。")
    return page or redirect("shelter_site", pk)


@login_required
@require_POST
def remove_out_of_service(request, pk, oos_pk):
    _maintainer(request)
    period = selectors.out_of_service_or_404(site_id=pk, pk=oos_pk)
    sites.remove_out_of_service(user=request.user, period=period)
    messages.success(request, "使用停止の期間を削除しました。")
    return redirect("shelter_site", pk)


@login_required
@require_POST
def add_food_partner(request):
    _maintainer(request)
    form = FoodPartnerForm(request.POST)
    if form.is_valid():
        try:
            sites.register_food_partner(user=request.user, **form.cleaned_data)
        except ValidationError as refused:
            apply_service_errors(form, refused)
        else:
            messages.success(request, "食事の提供先を登録しました。")
            return redirect("shelter_sites")
    return site_list(request, partner_form=form)


@login_required
@require_POST
def remove_food_partner(request, partner_pk):
    _maintainer(request)
    partner = selectors.food_partner_or_404(pk=partner_pk)
    sites.remove_food_partner(user=request.user, partner=partner)
    messages.success(request, "食事の提供先の登録を外しました。")
    return redirect("shelter_sites")
