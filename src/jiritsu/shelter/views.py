"""The occupancy grid for any period with each site's occupancy and the stay warnings, the case's 部屋を探す
page, request / confirm / cancel, and the stay page (extension decision, move-out with the hand-over, meals
and supplies)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies
from jiritsu.core.forms import apply_service_errors
from jiritsu.programs.forms import YearForm, current_fiscal_year

from . import care, grid, policies, rules, selectors, services, web
from . import usage as usage_module
from .forms import ExtensionForm, FoodForm, GridForm, MoveOutForm, RoomSearchForm, SupplyForm
from .models import Stay

ROOMS_SHOWN = 30  # the best rooms first; a worker places one person, not thirty


@login_required
def grid_page(request):
    role = policies.require_grid(request.user)
    today = timezone.localdate()
    form = GridForm(request.GET or None)
    start, days = form.period()
    dates, sites, total = grid.occupancy(start, days, today)
    named = _name_cells(request.user, role, dates, sites)
    pending = _pending_for(request.user) if policies.can_confirm(request.user) else []
    return render(request, "shelter/grid.html", {
        "form": form, "dates": dates, "sites": sites, "total": total, "named": named, "pending": pending,
        "today": today, "previous": start - (dates[-1] - start) - grid.ONE_DAY, "next": dates[-1] + grid.ONE_DAY,
        "days": days, **_warnings_for(request.user, role),
    })


def _name_cells(user, role, dates, sites) -> dict:
    """Name the person on the first night of their stay in view (or the first column) for cases the reader may
    open, and link each occupied cell to the stay for those who may open it; audited as one read per case."""
    if not policies.shows_names(role):
        return {}
    cells = [c for site in sites for row in site.rows for c in row.cells if c.stay]
    ids = {c.stay.case_id for c in cells}
    visible = selectors.openable_case_ids(user=user, case_ids=ids)
    named = {c.stay.case_id: c.stay.case for c in cells if c.stay.case_id in visible}
    for site in sites:
        for row in site.rows:
            for day, cell in zip(dates, row.cells, strict=True):
                case = named.get(cell.stay.case_id) if cell.stay else None
                if case is None:
                    continue
                if policies.opens_stay(user, cell.stay):
                    cell.url = reverse("shelter_stay", args=[cell.stay.pk])
                if day in (cell.stay.start_on, dates[0]):
                    cell.who = f"{case.client.family_name} {case.client.given_name}（{case_policies.case_number_for(user, case)}）"
    if named:
        log.record_many(user=user, action="read", what="一時生活支援の空室状況（入居者名）", cases=list(named.values()))
    return named


def _warnings_for(user, role) -> dict:
    """Agency and provider staff see the stays to act on; the prefecture sees how many, never who."""
    today = timezone.localdate()
    if not policies.shows_names(role):
        return {"warning_counts": selectors.warning_counts(today)}
    if not policies.sees_warnings(role):
        return {}
    warnings = [w for w in selectors.stay_warnings(case_policies.visible_cases(user), today)
                if policies.opens_stay(user, w.stay)]
    if warnings:
        log.record_many(user=user, action="read", what="一時生活支援の期限が近い・超過の入居",
                        cases=[w.stay.case for w in warnings])
    return {"warnings": warnings, "show_warnings": True}


def _pending_for(user):
    """Requests waiting for this provider's confirmation, on cases the provider may see, oldest first."""
    stays = selectors.pending_requests(user=user)
    if stays:
        log.record_many(user=user, action="read", what="一時生活支援の確認待ち依頼", cases=[s.case for s in stays])
    return stays


# ---- 部屋を探す (the case's agency) ----

def _search_context(request, case, form):
    rooms = []
    client = case.client
    if form.is_valid():
        d = form.cleaned_data
        rooms = selectors.free_rooms(d["start"], d["end"], needs=d["needs"], near=selectors.area_of(case),
                                     people=d["people"], limit=ROOMS_SHOWN,
                                     women_only_ok=selectors.women_only_ok(client.sex) or d["women_only"])
    return {"case": case, "form": form, "rooms": rooms, "rooms_shown": ROOMS_SHOWN,
            "handoff": services.shelter_handoff(case), "stays": selectors.case_stays(case),
            "female": selectors.women_only_ok(client.sex), "today": timezone.localdate()}


def _case_for_rooms(request, pk):
    case = case_policies.get_case_or_404(request.user, pk)
    if not policies.can_request(request.user):
        raise Http404("ケースが見つかりません。")
    return case


@login_required
def find_rooms(request, pk):
    case = _case_for_rooms(request, pk)
    form = RoomSearchForm(request.GET if "start" in request.GET else RoomSearchForm.initial_data())
    log.record(user=request.user, action="read", what="一時生活支援：部屋を探す", case=case)
    return render(request, "shelter/find.html", _search_context(request, case, form))


@login_required
@require_POST
def request_room(request, pk, room_pk):
    case = _case_for_rooms(request, pk)
    room = selectors.room_or_404(pk=room_pk)
    form = RoomSearchForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.request_room(user=request.user, case=case, room=room, start=d["start"], end=d["end"],
                                  people=d["people"], women_only_reason=d["women_only_reason"],
                                  late_reason=d["late_reason"], late_note=d["late_note"])
        except services.RoomTaken as taken:
            messages.error(request, taken.message)
            return render(request, "shelter/find.html", {**_search_context(request, case, form), "taken": taken},
                          status=409)
        except case_policies.NotPermitted as refused:
            messages.error(request, refused.message)
            return render(request, "shelter/find.html", _search_context(request, case, form), status=409)
        except ValidationError as refused:
            apply_service_errors(form, refused)
        else:
            messages.success(request, f"{room}を依頼しました。事業者の確定をお待ちください。")
            return redirect("case_detail", case.pk)
    return render(request, "shelter/find.html", {**_search_context(request, case, form), "chosen": room})


# ---- confirm / cancel (POST buttons on the grid, the Today page and the stay page) ----

def _stay_action(request, pk, action, done):
    stay = selectors.stay_in_scope_or_404(user=request.user, pk=pk)
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


# ---- the stay page ----

def _stay_context(request, stay, case) -> dict:
    """The stay page with its forms empty (a form posted back replaces its own: web.posted)."""
    today = timezone.localdate()
    records = selectors.stay_records(stay=stay)
    extended = records["extended"]
    return {
        "stay": stay, "case": case, "today": today, "extensions": records["extensions"],
        "move_out": records["move_out"], "label": rules.status_label(stay, today, extended=extended),
        "overdue": rules.is_overdue(stay, today, extended=extended), "overstay": rules.is_overstay(stay, today),
        "principle_end": rules.principle_end(stay.start_on), "latest_end": rules.latest_end(stay.start_on),
        "can_extend": policies.can_request(request.user) and stay.is_active,
        "can_confirm": stay.status == Stay.Status.REQUESTED and policies.can_confirm(request.user),
        "can_cancel": stay.is_active and not (stay.status == Stay.Status.CONFIRMED and stay.start_on <= today),
        "can_move_out": policies.can_move_out(request.user, stay),
        "can_supply": stay.status in (Stay.Status.CONFIRMED, Stay.Status.ENDED),
        "foods": records["foods"], "supplies": records["supplies"],
        "extension_form": ExtensionForm(initial={"decided_on": today.isoformat()}),
        "move_out_form": MoveOutForm(initial={"moved_on": today.isoformat()}),
        "food_form": FoodForm(initial={"start_on": today.isoformat()}),
        "supply_form": SupplyForm(initial={"issued_on": today.isoformat()}),
    }


@login_required
def stay_detail(request, pk):
    stay, case = selectors.stay_or_404(request.user, pk)
    log.record(user=request.user, action="read", what="一時生活支援の入居（延長・転居・食事のアレルギー等）", case=case)
    return render(request, "shelter/stay.html", _stay_context(request, stay, case))


def _stay_write(request, pk, form_class, form_key, write, done, after=None):
    """Run a service from a posted form on the stay page; on refusal the page again with the input kept and the
    message at the field. `after(stay)`: where to go on success (the stay page by default)."""
    stay, case = selectors.stay_or_404(request.user, pk)
    form = form_class(request.POST)

    def page():
        return _stay_context(request, selectors.fresh_stay(stay=stay), case)

    saved, again = web.posted(request, form, lambda **data: write(user=request.user, stay=stay, **data),
                              "shelter/stay.html", page, done, form_key)
    return again or redirect(*(after(stay) if after else ("shelter_stay", stay.pk)))


@login_required
@require_POST
def extend_stay(request, pk):
    return _stay_write(request, pk, ExtensionForm, "extension_form", services.extend_stay,
                       "延長の決定を記録しました。")


@login_required
@require_POST
def move_out(request, pk):
    return _stay_write(request, pk, MoveOutForm, "move_out_form", services.record_move_out,
                       "転居を記録しました。本人の住所を更新し、一時生活支援の引継ぎを終了しました。"
                       "部屋は清掃・点検の後に空室に戻ります。", after=_after_move_out(request.user))


def _after_move_out(user):
    """The agency goes on to the stay (and its watch-over); the provider's hand-off has ended with the stay."""
    if policies.can_request(user):
        return lambda stay: ("shelter_stay", stay.pk)
    return lambda stay: ("today",)


@login_required
@require_POST
def order_food(request, pk):
    return _stay_write(request, pk, FoodForm, "food_form", care.order_food, "食事の手配を記録しました。")


@login_required
@require_POST
def issue_supplies(request, pk):
    return _stay_write(request, pk, SupplyForm, "supply_form", care.issue_supplies, "日用品の支給を記録しました。")


@login_required
def usage(request):
    """Use by body and month for a fiscal year: counts only, no people (so no access-log row)."""
    bodies = list(policies.usage_bodies(request.user))
    form = YearForm(request.GET or None)
    fy = (form.cleaned_data["fy"] if form.is_valid() else None) or current_fiscal_year()
    return render(request, "shelter/usage.html", {
        "form": form, "fy": fy, "table": usage_module.use_by_body(bodies, fy),
    })
