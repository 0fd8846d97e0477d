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
from .models import Building, Extension, Feature, FoodPartner, MoveOut, PlaceLink, Room, Stay, WatchVisit


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


def watch_over(move_out: MoveOut) -> dict:
    """The move-out's visit schedule and the places the person is linked to."""
    return {
        "move_out": move_out,
        "visits": list(move_out.visits.select_related("recorded_by")),
        "places": list(PlaceLink.objects.filter(case_id=move_out.stay.case_id).select_related("place__organization")),
    }
