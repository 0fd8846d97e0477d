"""Occupancy grid (rooms × 14 days) with stay warnings, the case's "部屋を探す" page, request / confirm /
cancel actions, and the stay page (extension decision, move-out)."""
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
from jiritsu.core.forms import apply_service_errors
from jiritsu.programs.forms import YearForm, current_fiscal_year

from . import policies, rules, selectors, services
from . import usage as usage_module
from .forms import (
    DueForm,
    ExtensionForm,
    FoodForm,
    MoveOutForm,
    PlaceForm,
    RoomSearchForm,
    SupplyForm,
    VisitForm,
)
from .models import MoveOut, Room, Stay, WatchVisit

GRID_DAYS = 14
ROOMS_SHOWN = 30  # the best rooms first; a worker places one person, not thirty


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
        "dates": dates, "cities": cities, "named": named, "pending": pending, **_warnings_for(request.user, role),
    })


def _warnings_for(user, role) -> dict:
    """Agency and provider staff see the stays to act on; the prefecture sees how many, never who."""
    today = timezone.localdate()
    if not policies.shows_names(role):
        return {"warning_counts": selectors.warning_counts(today)}
    if not policies.sees_warnings(role):
        return {}
    warnings = selectors.stay_warnings(case_policies.visible_cases(user), today)
    if warnings:
        log.record_many(user=user, action="read", what="一時生活支援の期限が近い・超過の入居",
                        cases=[w.stay.case for w in warnings])
    return {"warnings": warnings, "show_warnings": True}


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
                                     people=d["people"], limit=ROOMS_SHOWN)
    return {"case": case, "form": form, "rooms": rooms, "rooms_shown": ROOMS_SHOWN,
            "handoff": services.shelter_handoff(case),
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




def _stay_or_404(user, pk):
    stay = get_object_or_404(Stay.objects.select_related("room__building__municipality"), pk=pk)
    case = case_policies.get_case_or_404(user, stay.case_id)  # out of scope → 404
    if not policies.sees_warnings(case_policies.role_of(user)):
        raise Http404("ケースが見つかりません。")
    return stay, case


def _stay_context(request, stay, case, extension_form=None, move_out_form=None, **forms) -> dict:
    today = timezone.localdate()
    extended = stay.extensions.exists()
    role = case_policies.role_of(request.user)
    return {
        **_support_context(stay, case, today, forms),
        "stay": stay, "case": case, "extensions": stay.extensions.select_related("recorded_by"),
        "move_out": getattr(stay, "move_out", None) if stay.status == Stay.Status.ENDED else None,
        "label": rules.status_label(stay, today, extended=extended),
        "overdue": rules.is_overdue(stay, today, extended=extended),
        "principle_end": rules.principle_end(stay.start_on), "latest_end": rules.latest_end(stay.start_on),
        "can_extend": policies.can_request(request.user) and stay.is_active,
        "can_move_out": stay.status == Stay.Status.CONFIRMED and role in policies.MOVE_OUT_ROLES,
        "extension_form": extension_form or ExtensionForm(initial={"decided_on": today.isoformat()}),
        "move_out_form": move_out_form or MoveOutForm(initial={"moved_on": today.isoformat()}),
    }


@login_required
def stay_detail(request, pk):
    stay, case = _stay_or_404(request.user, pk)
    log.record(user=request.user, action="read", what="一時生活支援の入居（延長・転居・食事のアレルギー等・見守り）", case=case)
    return render(request, "shelter/stay.html", _stay_context(request, stay, case))


def _support_context(stay, case, today, forms) -> dict:
    """Meals and supplies of the stay; after the move-out, the watch-over schedule and places to belong."""
    watch = selectors.watch_over(case) if stay.status == Stay.Status.ENDED else {}
    if watch.get("move_out") and watch["move_out"].stay_id != stay.pk:
        watch = {}  # a later stay's move-out: its watch-over shows on that stay's page
    return {
        "foods": stay.food_supports.select_related("partner__organization"),
        "supplies": stay.supplies.all(),
        "can_supply": stay.status in (Stay.Status.CONFIRMED, Stay.Status.ENDED),
        "food_form": forms.get("food_form") or FoodForm(initial={"start_on": today.isoformat()}),
        "supply_form": forms.get("supply_form") or SupplyForm(initial={"issued_on": today.isoformat()}),
        **watch,
        "today": today,
        "watch_end": rules.watch_period_end(watch["move_out"].moved_on) if watch.get("move_out") else None,
        "due_form": forms.get("due_form") or DueForm(),
        "visit_form": forms.get("visit_form") or VisitForm(initial={"visited_on": today.isoformat()},
                                                           move_out=watch.get("move_out")),
        "place_form": forms.get("place_form") or PlaceForm(initial={"linked_on": today.isoformat()}),
    }


def _stay_write(request, pk, form_class, form_key, write, done, target=None, form_kwargs=None):
    """Run a service from a posted form on the stay page; on refusal re-render with the input kept and the
    message at the field. `write` gets the user, the cleaned data and `target` (the stay by default)."""
    stay, case = _stay_or_404(request.user, pk)
    form = form_class(request.POST, **(form_kwargs or {}))
    if form.is_valid():
        try:
            write(user=request.user, **({"stay": stay} if target is None else target), **form.cleaned_data)
        except case_policies.NotPermitted as refused:
            raise PermissionDenied(refused.message) from None
        except ValidationError as refused:
            apply_service_errors(form, refused)
        else:
            messages.success(request, done)
            return redirect("shelter_stay", stay.pk)
    stay.refresh_from_db()
    return render(request, "shelter/stay.html", _stay_context(request, stay, case, **{form_key: form}))


@login_required
@require_POST
def extend_stay(request, pk):
    return _stay_write(request, pk, ExtensionForm, "extension_form", services.extend_stay,
                       "延長の決定を記録しました。")


@login_required
@require_POST
def move_out(request, pk):
    return _stay_write(request, pk, MoveOutForm, "move_out_form", services.record_move_out,
                       "転居を記録しました。部屋は清掃・点検の後に空室に戻ります。")


@login_required
@require_POST
def order_food(request, pk):
    return _stay_write(request, pk, FoodForm, "food_form", services.order_food, "食事の手配を記録しました。")


@login_required
@require_POST
def issue_supplies(request, pk):
    return _stay_write(request, pk, SupplyForm, "supply_form", services.issue_supplies, "日用品の支給を記録しました。")


def _move_out_of(request, pk) -> MoveOut:
    stay, _ = _stay_or_404(request.user, pk)
    return get_object_or_404(MoveOut, stay=stay)


def _visit_of(request, pk, visit_pk) -> WatchVisit:
    return get_object_or_404(WatchVisit, pk=visit_pk, move_out=_move_out_of(request, pk))


@login_required
@require_POST
def add_visit(request, pk):
    return _stay_write(request, pk, DueForm, "due_form", services.add_visit, "見守りの予定を追加しました。",
                       target={"move_out": _move_out_of(request, pk)})


@login_required
@require_POST
def reschedule_visit(request, pk, visit_pk):
    return _stay_write(request, pk, DueForm, "due_form", services.reschedule_visit, "見守りの予定日を変更しました。",
                       target={"visit": _visit_of(request, pk, visit_pk)})


@login_required
@require_POST
def remove_visit(request, pk, visit_pk):
    visit = _visit_of(request, pk, visit_pk)
    try:
        services.remove_visit(user=request.user, visit=visit)
    except case_policies.NotPermitted as refused:
        raise PermissionDenied(refused.message) from None
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, "見守りの予定を削除しました。")
    return redirect("shelter_stay", pk)


@login_required
@require_POST
def record_visit(request, pk):
    return _stay_write(request, pk, VisitForm, "visit_form", services.record_visit, "見守り訪問を記録しました。",
                       target={}, form_kwargs={"move_out": _move_out_of(request, pk)})


@login_required
@require_POST
def link_place(request, pk):
    return _stay_write(request, pk, PlaceForm, "place_form", services.link_place, "居場所につないだことを記録しました。",
                       target={"move_out": _move_out_of(request, pk)})


@login_required
def usage(request):
    """Use by body and month for a fiscal year: counts only, no people (so no access-log row)."""
    bodies = list(policies.usage_bodies(request.user))
    form = YearForm(request.GET or None)
    fy = (form.cleaned_data["fy"] if form.is_valid() else None) or current_fiscal_year()
    return render(request, "shelter/usage.html", {
        "form": form, "fy": fy, "table": usage_module.use_by_body(bodies, fy),
    })
