"""The demo's shelter at work, made through the services as a worker and the provider would have, day by day:
every demo person with a running 一時生活支援 hand-off gets a room near them from the day of the hand-off
(so rooms are about two-thirds occupied today); the earliest moved out last month and was handed over to
地域居住支援 with one watch-over visit overdue; one stays past the planned move-out day (超過); one
moves out this week; the latest request still waits for the provider; current stays have daily necessities and
meals (a meal service's deliveries, a food bank's parcel). Deterministic for a day; nothing is made twice.
"""
import datetime as dt

from django.core.exceptions import ValidationError

from jiritsu.cases.models import Handoff
from jiritsu.core.errors import NotPermitted
from jiritsu.directory.demo import demo_service
from jiritsu.orgs.models import AGENCY_ROLES, Staff
from jiritsu.programs.catalog import Program

from . import care, rules, selectors, services, sites, watch
from .models import FoodKind, FoodPartner, Stay, WatchVisit

D = dt.timedelta
SUPPLIES = [("寝具一式", 1), ("タオル", 3), ("歯ブラシ・石けん", 1)]
# The demo directory's partners meals come from (directory/demo.py keys) and their kinds.
PARTNERS = {"mealdelivery": FoodKind.MEAL_SERVICE, "foodbank": FoodKind.FOOD_BANK}


def load_demo_stays(*, today: dt.date, shelter_staff, housing_provider, policy) -> int:
    """Make the demo's stays unless stays exist; returns how many were made."""
    _register_partners(policy)
    if Stay.objects.exists():
        return 0
    handoffs = list(Handoff.objects.filter(program=Program.TEMPORARY_SHELTER, ended_on__isnull=True)
                    .select_related("case__client").order_by("started_on", "pk"))
    if not handoffs:
        return 0
    moving, *staying = handoffs
    pending = staying.pop() if staying else None
    made = 0
    if _moved_out_last_month(moving, today, shelter_staff, housing_provider) is not None:
        made += 1
    for i, handoff in enumerate(staying):
        if _stay_on(handoff, i, today, shelter_staff) is not None:
            made += 1
    if pending is not None and _book(pending, max(pending.started_on, today), today + D(60), today) is not None:
        made += 1
    return made


def _register_partners(policy) -> None:
    for key, kind in PARTNERS.items():
        service = demo_service(key)
        if service is not None and not FoodPartner.objects.filter(service=service).exists():
            sites.register_food_partner(user=policy, service=service, kind=kind)


def _worker(case):
    """The person's own worker, else any agency worker of their body (who would make the request)."""
    if case.assigned_to_id and Staff.objects.filter(user_id=case.assigned_to_id, role__in=AGENCY_ROLES).exists():
        return case.assigned_to
    return Staff.objects.filter(organisation__body_id=case.body_id, role__in=AGENCY_ROLES).first().user


def _book(handoff, start: dt.date, end: dt.date, day: dt.date):
    """The best free room near the person for [start, end), requested by their worker on `day`."""
    case = handoff.case
    fits = selectors.women_only_ok(case.client.sex)
    found = selectors.free_rooms(start, end, near=selectors.area_of(case), women_only_ok=fits, limit=1, today=day)
    if not found:
        return None
    late = Stay.LateReason.HOLIDAY if start < day else ""
    try:
        return services.request_room(user=_worker(case), case=case, room=found[0], start=start, end=end,
                                     late_reason=late, today=day)
    except (services.RoomTaken, NotPermitted):
        return None


def _confirmed(handoff, start: dt.date, end: dt.date, shelter_staff):
    stay = _book(handoff, start, end, start)
    if stay is None:
        return None
    stay = services.confirm_stay(user=shelter_staff, stay=stay, today=start)
    for item, quantity in SUPPLIES:
        care.issue_supplies(user=shelter_staff, stay=stay, issued_on=start, item=item, quantity=quantity, today=start)
    return stay


def _stay_on(handoff, i: int, today: dt.date, shelter_staff):
    """A current stay from the day of the hand-off, with meals (see _meals)."""
    start = handoff.started_on
    stay = _confirmed(handoff, start, _planned_end(start, i, today), shelter_staff)
    if stay is not None:
        _meals(stay, i, today, shelter_staff)
    return stay


def _planned_end(start: dt.date, i: int, today: dt.date) -> dt.date:
    """The first stay overstays (its planned day two days ago), the second moves out this week, the others run
    on for weeks; never past 3 months."""
    limit = rules.principle_end(start)
    if i == 0 and start < today - D(3):
        end = today - D(2)
    elif i == 1:
        end = today + D(4)
    else:
        end = max(start, today) + D(20 + 7 * i)
    return min(limit, end) if min(limit, end) > start else start + D(20)


def _meals(stay: Stay, i: int, today: dt.date, shelter_staff) -> None:
    partners = {p.kind: p.service for p in selectors.food_partners().select_related("service")}
    meal, bank = partners.get(FoodKind.MEAL_SERVICE), partners.get(FoodKind.FOOD_BANK)
    last = rules.last_day_in_room(stay, today)
    if meal is not None and i % 2 == 0:
        care.order_food(user=shelter_staff, stay=stay, kind=FoodKind.MEAL_SERVICE, partner=meal,
                        start_on=max(stay.start_on, today - D(3)), end_on=min(last, today + D(10)), meals=14,
                        allergies="えび" if i % 4 == 0 else "", diet="減塩" if i % 3 == 0 else "", today=today)
    if bank is not None and i % 3 == 0:
        care.order_food(user=shelter_staff, stay=stay, kind=FoodKind.FOOD_BANK, partner=bank,
                        start_on=min(last, today), end_on=None, meals=9, today=today)


def _moved_out_last_month(handoff, today: dt.date, shelter_staff, housing_provider):
    """Moved out early last month after a few weeks' stay, handed over to 地域居住支援, one visit overdue."""
    first_of_last = (today.replace(day=1) - D(1)).replace(day=1)
    moved_on = max(first_of_last + D(2), handoff.started_on + D(7))
    if moved_on >= today:
        return None
    stay = _confirmed(handoff, handoff.started_on, rules.principle_end(handoff.started_on), shelter_staff)
    if stay is None:
        return None
    client = handoff.case.client  # moved within their own town (demo addresses name the town only)
    details = {"user": shelter_staff, "stay": stay, "moved_on": moved_on, "municipality": selectors.area_of(handoff.case),
               "address": f"{client.address}（転居先の住宅）", "postal_code": client.postal_code,
               "housing_benefit": True, "today": moved_on}
    try:
        move_out = services.record_move_out(**details, community_support=True, housing_provider=housing_provider)
    except ValidationError:  # no 協定, contract or consent for 地域居住支援 that day: the worker keeps watch
        move_out = services.record_move_out(**details)
    _one_visit_overdue(move_out, _worker(handoff.case), today)
    return move_out


def _one_visit_overdue(move_out, keeper, today: dt.date) -> None:
    """Visits before the latest past one were made (the worker records them); the latest past one is overdue.
    If none is past yet, a first visit two weeks after the move-out was arranged and is overdue."""
    past = list(move_out.visits.filter(due_on__lt=today).order_by("due_on"))
    if not past:
        first = move_out.visits.order_by("due_on").first()
        due = min(move_out.moved_on + D(14), today - D(1))
        if first is not None and due > move_out.moved_on:
            watch.reschedule_visit(user=keeper, visit=first, due_on=due)
        return
    for visit in past[:-1]:
        watch.record_visit(user=keeper, visit=visit, visited_on=visit.due_on, visitor="担当の相談支援員",
                           condition=WatchVisit.Condition.STABLE, notes="新しい住まいで落ち着いて暮らしている。",
                           today=today)
