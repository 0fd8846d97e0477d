"""Reads of the shelter: free rooms, the stay warnings, the case's stay, partners, the watch-over. Callers audit
what they show of people."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from jiritsu.cases import policies as case_policies
from jiritsu.cases.choices import Complaint, Sex
from jiritsu.directory import selectors as directory
from jiritsu.directory.models import Service
from jiritsu.orgs.models import Municipality, Organisation
from jiritsu.programs.catalog import Program

from . import grid, policies, rules, sql
from .models import (
    Building,
    Extension,
    Feature,
    FoodPartner,
    MoveOut,
    OutOfService,
    PlaceLink,
    Room,
    Stay,
    WatchVisit,
)


def free_rooms(start: dt.date, end: dt.date, *, needs=(), near: Municipality | None = None, people: int = 1,
               women_only_ok: bool = True, exclude=(), limit: int | None = None,
               today: dt.date | None = None) -> list[Room]:
    """Rooms free for every night in [start, end) (an overstay holds its room until its move-out: sql.py), in
    use on each of them, with all the needed features and room for `people`; 女性専用 rooms only when
    `women_only_ok`.

    Ordered: rooms in the person's own city first, then the same welfare-office body's area, then the
    smallest room that fits (big rooms are kept for families), then by place and label. Filtered, ordered
    and cut to `limit` in the database: building a thousand room objects to show twenty is what made a
    search slow under load (BENCHMARKS.md). Each room comes with its building and municipality, holding
    what a search shows (names, code, body); their other fields load when read.
    """
    alias = Room.objects.db
    query, params = sql.free_rooms(start, end, today or timezone.localdate(), needs=needs, people=people,
                                   without=() if women_only_ok else (Feature.WOMEN_ONLY,), near=near,
                                   exclude=exclude, limit=limit, alias=alias)
    rooms = list(Room.objects.raw(query, params))
    buildings: dict[int, Building] = {}
    for room in rooms:
        row = vars(room)  # the joined columns arrive as attributes of the room: move them to their objects
        joined = {name: row.pop(name) for name in sql.JOINED}
        if room.building_id not in buildings:  # rooms of one building share it, as with prefetch_related
            building = _loaded(Building, alias, id=room.building_id, name=joined["building_name"],
                               municipality_id=joined["town_id"])
            building.municipality = _loaded(Municipality, alias, id=joined["town_id"], name=joined["town_name"],
                                            code=joined["town_code"], body_id=joined["town_body_id"])
            buildings[room.building_id] = building
        room.building = buildings[room.building_id]
    return rooms


def _loaded(model, alias: str, **values):
    """An instance as the ORM loads it with only(): these fields set, the others read on first use."""
    names = [f.attname for f in model._meta.get_fields() if f.concrete and f.attname in values]
    return model.from_db(alias, names, [values[name] for name in names])


def women_only_ok(sex: str) -> bool:
    """A 女性専用 room is offered to a person whose recorded sex is female; anyone else needs a recorded reason."""
    return sex == Sex.FEMALE


def area_of(case) -> Municipality | None:
    """The person's own city: the municipality named in their address, else their body's first one."""
    towns = list(Municipality.objects.filter(body_id=case.body_id).order_by("code"))
    address = case.client.address or ""
    for town in towns:
        if town.name in address:
            return town
    return towns[0] if towns else None


def with_extension_flag(stays):
    """Annotate `extended`: whether an extension decision is recorded (one subquery, no extra query)."""
    return stays.annotate(extended=Exists(Extension.objects.filter(stay=OuterRef("pk"))))


def _warning_filter(today: dt.date) -> Q:
    """Active stays that have begun and either end within WARN_DAYS (overstays included: their day has passed)
    or run past 3 months unextended. `start_on < today - 3 months` is the calendar rule of
    `rules.is_overdue` turned round for SQL."""
    ending = Q(end_on__lte=today + dt.timedelta(days=rules.WARN_DAYS))
    unextended = Q(extended=False, start_on__lt=rules.add_months(today, -rules.PRINCIPLE_MONTHS))
    return Q(status__in=Stay.ACTIVE, start_on__lte=today) & (ending | unextended)


@dataclass
class StayWarning:
    stay: Stay
    overdue: bool
    label: str


def stay_warnings(cases, today: dt.date) -> list[StayWarning]:
    """Stays of the given cases (a queryset the caller may see) that need attention: overdue first."""
    stays = (with_extension_flag(Stay.objects.filter(case__in=cases))
             .filter(_warning_filter(today)).select_related("room__building", "case__client", "case__body", "handoff")
             .order_by("end_on", "pk"))
    found = [StayWarning(s, rules.is_overdue(s, today, extended=s.extended),
                         rules.status_label(s, today, extended=s.extended)) for s in stays]
    return sorted(found, key=lambda w: not w.overdue)


def warning_counts(today: dt.date) -> dict[str, int]:
    """For the prefecture: how many stays end soon and how many are overdue, no people."""
    counts = {"ending": 0, "overdue": 0}
    for stay in with_extension_flag(Stay.objects.all()).filter(_warning_filter(today)).only(
            "status", "start_on", "end_on"):
        counts["overdue" if rules.is_overdue(stay, today, extended=stay.extended) else "ending"] += 1
    return counts


@dataclass
class SiteTonight:
    """A site's rooms tonight: counts only, as the occupancy grid's 今夜の入居 column shows them."""

    site: Building
    occupied: int
    available: int


def occupancy_tonight(today: dt.date) -> tuple[list[SiteTonight], SiteTonight | None]:
    """Each site in the program tonight: its rooms occupied (a confirmed stay, an overstay, a clash) out of those
    available (in use, not out of service), and the total (site None); the grid's own count (grid.occupancy),
    read without the people."""
    _dates, sites, total = grid.occupancy(today, 1, today, counts_only=True)
    rows = [SiteTonight(s.site, s.summary.tonight_occupied or 0, s.summary.tonight_open or 0) for s in sites]
    rows.sort(key=lambda r: (r.site.municipality.code, r.site.name))
    if not rows:
        return [], None
    return rows, SiteTonight(None, total.tonight_occupied or 0, total.tonight_open or 0)


def case_stay(case) -> Stay | None:
    """The case's latest stay that was not cancelled, with its extension flag, hand-off and move-out (and the
    move-out's hand-over): one query."""
    return (with_extension_flag(Stay.objects.filter(case_id=case.pk).exclude(status=Stay.Status.CANCELLED))
            .select_related("room__building", "handoff", "move_out__handoff").order_by("-start_on", "-pk").first())


def case_stays(case):
    """Every stay of the case, newest first, for the case's room search page."""
    return case.shelter_stays.select_related("room__building").order_by("-start_on", "-pk")


def active_stay_of(case_id: int, start: dt.date, end: dt.date, today: dt.date) -> Stay | None:
    """The case's active stay holding some night of [start, end) (an overstay holds every night from its start),
    which a new stay for those nights would clash with."""
    held = Q(end_on__gt=start) | Q(status=Stay.Status.CONFIRMED, end_on__lt=today)
    return (Stay.objects.filter(held, case_id=case_id, status__in=Stay.ACTIVE, start_on__lt=end)
            .select_related("room__building").first())


def overstays_in(room_id: int, today: dt.date):
    """Overstays holding the room today (rules.is_overstay)."""
    return Stay.objects.filter(room_id=room_id, status=Stay.Status.CONFIRMED, end_on__lt=today)


def stay_or_404(user, pk) -> tuple[Stay, object]:
    """The stay and its case if the case is in the user's scope and the user may open the stay (its agency, its
    provider while the hand-off runs); else 404, whatever the reason."""
    stay = Stay.objects.select_related("room__building__municipality", "handoff").filter(pk=pk).first()
    if stay is None:
        raise Http404("入居が見つかりません。")
    case = case_policies.get_case_or_404(user, stay.case_id)
    if not policies.opens_stay(user, stay):
        raise Http404("入居が見つかりません。")
    return stay, case


def stay_in_scope_or_404(*, user, pk) -> Stay:
    """The stay if its case is in the user's scope (the confirm and cancel buttons: the service then asks the
    policy whether the user's role may act on it); else 404."""
    stay = Stay.objects.filter(pk=pk).first()
    if stay is None:
        raise Http404("入居が見つかりません。")
    case_policies.get_case_or_404(user, stay.case_id)
    return stay


def fresh_stay(*, stay: Stay) -> Stay:
    """The same stay as now saved (a refused write shows the page again from what is recorded)."""
    stay.refresh_from_db()
    return stay


def stay_records(*, stay: Stay) -> dict:
    """What the stay page shows beside the stay: whether an extension is recorded, the extensions, the move-out
    (once the stay has ended), the meals ordered and the supplies issued."""
    return {
        "extended": stay.extensions.exists(),
        "extensions": stay.extensions.select_related("recorded_by"),
        "move_out": getattr(stay, "move_out", None) if stay.status == Stay.Status.ENDED else None,
        "foods": stay.food_supports.select_related("partner__organization"),
        "supplies": stay.supplies.all(),
    }


def pending_requests(*, user) -> list[Stay]:
    """Requests waiting for this provider's confirmation, on cases the provider may see, oldest first."""
    staff = case_policies.staff_of(user)
    visible = case_policies.visible_cases(user).values("pk")
    return list(Stay.objects.filter(status=Stay.Status.REQUESTED, handoff__provider_id=staff.organisation_id,
                                    handoff__ended_on__isnull=True, case_id__in=visible)
                .select_related("room__building", "case__client", "case__body").order_by("requested_at", "pk"))


def openable_case_ids(*, user, case_ids) -> set[int]:
    """Those of the cases that the user may open (whose people the grid may name)."""
    return set(case_policies.visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def move_out_or_404(user, pk) -> tuple[MoveOut, object]:
    """The move-out and its case for those who keep its watch-over (its agency, the provider it was handed
    over to while that hand-off runs); else 404."""
    move_out = (MoveOut.objects.select_related("stay__room__building__municipality", "handoff__provider",
                                               "municipality").filter(pk=pk).first())
    if move_out is None:
        raise Http404("見守りの記録が見つかりません。")
    case = case_policies.get_case_or_404(user, move_out.stay.case_id)
    if not policies.opens_watch(user, move_out):
        raise Http404("見守りの記録が見つかりません。")
    return move_out, case


# ---- partners and places from the resource directory ----

def food_partners(kind: str | None = None):
    """Directory services registered as a meal service or a food bank, still active."""
    partners = FoodPartner.objects.filter(service__status=Service.Status.ACTIVE)
    return partners.filter(kind=kind) if kind else partners


def food_services(kind: str | None = None):
    """The directory services of food_partners(kind): what a meal order may name."""
    return Service.objects.filter(pk__in=food_partners(kind).values("service_id")).select_related("organization")


def food_candidates():
    """Active directory services answering 食べるものがない not yet registered as a food partner."""
    return (directory.search_services(need=Complaint.NO_FOOD).filter(status=Service.Status.ACTIVE)
            .exclude(pk__in=FoodPartner.objects.values("service_id")))


def places_to_belong():
    """居場所: active directory services answering 地域との関係 (community cafés, salons, dining rooms)."""
    return directory.search_services(need=Complaint.COMMUNITY).filter(status=Service.Status.ACTIVE)


# ---- 地域居住支援 ----

def housing_providers():
    """Providers of 地域居住支援 the move-out may hand the person over to (the 協定 and contract are checked by
    the hand-over itself). `programs` is a short JSON list of codes; its text holds each code in quotes."""
    return Organisation.objects.filter(kind=Organisation.Kind.PROVIDER,
                                       programs__icontains=f'"{Program.COMMUNITY_LIVING.value}"').order_by("name")



def overdue_visits(cases, today: dt.date):
    """Watch-over visits of the given cases past their date and not recorded, oldest first."""
    return (WatchVisit.objects.filter(case__in=cases, visited_on__isnull=True, due_on__lt=today)
            .select_related("case__client").order_by("due_on", "pk"))


def watch_visit_or_404(*, move_out: MoveOut, pk) -> WatchVisit:
    """A visit of this move-out's watch-over (the move-out already opened by move_out_or_404); else 404."""
    visit = WatchVisit.objects.filter(pk=pk, move_out=move_out).first()
    if visit is None:
        raise Http404("見守りの予定が見つかりません。")
    return visit


def watch_over(move_out: MoveOut) -> dict:
    """The move-out's visit schedule and the places the person is linked to."""
    return {
        "move_out": move_out,
        "visits": list(move_out.visits.select_related("recorded_by")),
        "places": list(PlaceLink.objects.filter(case_id=move_out.stay.case_id).select_related("place__organization")),
    }


# ---- sites, rooms and partners (kept by the prefecture and the 一時生活支援 provider: no people) ----

def sites_with_rooms() -> list[tuple[Building, list[Room]]]:
    """Every site with its municipality and its rooms."""
    return [(site, list(site.rooms.all()))
            for site in Building.objects.select_related("municipality").prefetch_related("rooms")]


def food_partners_listed():
    """food_partners() with the directory service and its organisation, for the sites page."""
    return food_partners().select_related("service__organization")


def site_or_404(*, pk) -> Building:
    """A site with its municipality; else 404."""
    site = Building.objects.select_related("municipality").filter(pk=pk).first()
    if site is None:
        raise Http404("拠点が見つかりません。")
    return site


def rooms_of(*, site: Building, today: dt.date) -> list[tuple[Room, list[OutOfService]]]:
    """The site's rooms, each with its out-of-service periods that have not ended by `today`."""
    return [(room, [o for o in room.out_of_service.all() if o.end_on >= today])
            for room in site.rooms.prefetch_related("out_of_service")]


def room_or_404(*, pk, site_id=None) -> Room:
    """A room with its building (of that site when `site_id` is given); else 404."""
    rooms = Room.objects.select_related("building")
    if site_id is not None:
        rooms = rooms.filter(building_id=site_id)
    room = rooms.filter(pk=pk).first()
    if room is None:
        raise Http404("居室が見つかりません。")
    return room


def out_of_service_or_404(*, site_id, pk) -> OutOfService:
    period = OutOfService.objects.filter(pk=pk, room__building_id=site_id).first()
    if period is None:
        raise Http404("使用停止の期間が見つかりません。")
    return period


def food_partner_or_404(*, pk) -> FoodPartner:
    partner = FoodPartner.objects.filter(pk=pk).first()
    if partner is None:
        raise Http404("食事の提供先が見つかりません。")
    return partner
