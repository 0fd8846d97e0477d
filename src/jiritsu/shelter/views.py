"""Occupancy grid (rooms × 14 days), the case's "部屋を探す" page, request / confirm / cancel actions."""
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies

from . import policies, selectors, services
from .forms import RoomSearchForm
from .models import Room, Stay

GRID_DAYS = 14


@login_required
def grid(request):
    role = policies.require_grid(request.user)
    dates, rows = selectors.occupancy(timezone.localdate(), GRID_DAYS)
    named: dict[int, object] = {}
    if policies.shows_names(role):
        ids = {c.stay.case_id for r in rows for c in r.cells if c.stay}
        visible = set(case_policies.visible_cases(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        named = {c.stay.case_id: c.stay.case for r in rows for c in r.cells if c.stay and c.stay.case_id in visible}
    _label_stays(dates, rows, named)
    if named:
        log.record_many(user=request.user, action="read", what="一時生活支援の空室状況（入居者名）",
                        cases=list(named.values()))
    cities = [(city, list(group)) for city, group in groupby(rows, key=lambda r: r.room.building.municipality)]
    pending = _pending_for(request.user) if policies.can_confirm(request.user) else []
    return render(request, "shelter/grid.html", {
        "dates": dates, "cities": cities, "named": named, "pending": pending,
    })


def _label_stays(dates, rows, named) -> None:
    """Name the person on the first day of their stay in view (or the first column), nowhere else."""
    for row in rows:
        for day, cell in zip(dates, row.cells, strict=True):
            case = named.get(cell.stay.case_id) if cell.stay else None
            if case is not None and day in (cell.stay.start_on, dates[0]):
                cell.who = f"{case.client.family_name} {case.client.given_name}（{case.case_number}）"


def _pending_for(user):
    """Requests waiting for this provider's confirmation, on cases the provider may see."""
    staff = case_policies.staff_of(user)
    visible = case_policies.visible_cases(user).values("pk")
    stays = list(Stay.objects.filter(status=Stay.Status.REQUESTED, handoff__provider_id=staff.organisation_id,
                                     case_id__in=visible).select_related("room__building", "case__client"))
    if stays:
        log.record_many(user=user, action="read", what="一時生活支援の確認待ち依頼", cases=[s.case for s in stays])
    return stays


def _search_context(request, case, form):
    rooms = []
    if form.is_valid():
        d = form.cleaned_data
        rooms = selectors.free_rooms(d["start"], d["end"], needs=d["needs"], near=selectors.area_of(case),
                                     people=d["people"])
    return {"case": case, "form": form, "rooms": rooms, "handoff": services.shelter_handoff(case),
            "stays": case.shelter_stays.select_related("room__building").order_by("-start_on")}


@login_required
def find_rooms(request, pk):
    case = case_policies.get_case_or_404(request.user, pk)
    if not policies.can_request(request.user):
        raise Http404("ケースが見つかりません。")
    form = RoomSearchForm(request.GET if "start" in request.GET else RoomSearchForm.initial_data())
    log.record(user=request.user, action="read", what="一時生活支援：部屋を探す", case=case)
    return render(request, "shelter/find.html", _search_context(request, case, form))


@login_required
@require_POST
def request_room(request, pk, room_pk):
    case = case_policies.get_case_or_404(request.user, pk)
    room = get_object_or_404(Room.objects.select_related("building"), pk=room_pk)
    form = RoomSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "shelter/find.html", _search_context(request, case, form), status=200)
    d = form.cleaned_data
    try:
        services.request_room(user=request.user, case=case, room=room, start=d["start"], end=d["end"])
    except services.RoomTaken as taken:
        messages.error(request, taken.message)
        return render(request, "shelter/find.html", {**_search_context(request, case, form), "taken": taken},
                      status=409)
    except (case_policies.NotPermitted, ValidationError) as refused:
        messages.error(request, getattr(refused, "message", None) or " ".join(refused.messages))
        return render(request, "shelter/find.html", _search_context(request, case, form), status=409)
    messages.success(request, f"{room}を依頼しました。事業者の確定をお待ちください。")
    return redirect("case_detail", case.pk)


def _stay_action(request, pk, action, done):
    stay = get_object_or_404(Stay, pk=pk)
    case_policies.get_case_or_404(request.user, stay.case_id)  # out of scope → 404
    try:
        action(user=request.user, stay=stay)
    except case_policies.NotPermitted as refused:
        raise PermissionDenied(refused.message) from None
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, done)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "shelter_grid"
    return redirect(target or "shelter_grid")


@login_required
@require_POST
def confirm_stay(request, pk):
    return _stay_action(request, pk, services.confirm_stay, "入居を確定しました。")


@login_required
@require_POST
def cancel_stay(request, pk):
    return _stay_action(request, pk, services.cancel_stay, "部屋の依頼を取り消しました。")


