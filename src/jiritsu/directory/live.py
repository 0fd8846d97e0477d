"""Availability that another part of jiritsu holds, read at the moment it is shown or exported.

A directory service marked `live_capacity` takes its capacity from the shelter's room inventory or the
placement developer's open tasks instead of a stored ServiceCapacity, so the directory never shows a
stale count. Only counts leave those apps: no stay, case or site contact is read here.

On export the figure is written as an ordinary HSDS service_capacity with fixed ids and `updated` at the
start of the day it describes (rooms are let by the night), so exports of one day are identical and an
imported copy holds it as a stored snapshot.
"""
import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone

from jiritsu.placements import selectors as placement_selectors
from jiritsu.shelter import selectors as shelter_selectors
from jiritsu.shelter.models import Room

from .models import LiveCapacity, Service

NAMESPACE = uuid.UUID("3c2e9a41-7d15-4b8e-b6f0-9a1d2e4c5f70")
UNITS = {LiveCapacity.SHELTER_ROOMS: "室", LiveCapacity.PLACEMENT_SLOTS: "人分の枠"}
DESCRIPTIONS = {
    LiveCapacity.SHELTER_ROOMS: "今夜入居できる一時生活支援の居室（県営住宅）",
    LiveCapacity.PLACEMENT_SLOTS: "今日受け入れ可能な就労体験・訓練の枠（受入れ中の切り出し業務の定員）",
}


@dataclass
class Capacity:
    """One availability line, stored or live, in the shape the pages and the export use."""

    id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    available: int
    maximum: int | None
    description: str
    updated: dt.datetime
    live: bool = False
    by_place: list[tuple[str, int]] = field(default_factory=list)  # (municipality, available), live only


def unit_id(source: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"unit:{source}")


def capacity_id(service_id) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"capacity:{service_id}")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _in_service_on(day: dt.date) -> Q:
    """Rooms whose own and building's availability windows cover the night of `day`."""
    q = Q()
    for prefix in ("", "building__"):
        q &= Q(**{f"{prefix}available_from__isnull": True}) | Q(**{f"{prefix}available_from__lte": day})
        q &= Q(**{f"{prefix}available_until__isnull": True}) | Q(**{f"{prefix}available_until__gte": day})
    return q


def _shelter(day: dt.date) -> tuple[int, int, list[tuple[str, int]]]:
    free = shelter_selectors.free_rooms(day, day + dt.timedelta(days=1))
    in_service = Room.objects.filter(_in_service_on(day)).count()
    by_place = Counter(room.building.municipality.name for room in free)
    return len(free), in_service, sorted(by_place.items())


def _placements(day: dt.date) -> tuple[int, int, list[tuple[str, int]]]:
    rows = (placement_selectors.available_tasks(day).order_by()
            .values_list("site__municipality__name").annotate(n=Sum("capacity")))
    by_place = sorted((name, n or 0) for name, n in rows)
    total = sum(n for _, n in by_place)
    # The developer records open tasks, not who fills them: every open place counts as available.
    return total, total, by_place


READERS = {LiveCapacity.SHELTER_ROOMS: _shelter, LiveCapacity.PLACEMENT_SLOTS: _placements}


def read(source: str, day: dt.date | None = None) -> tuple[int, int, list[tuple[str, int]]]:
    return READERS[source](day or timezone.localdate())


def capacities(services) -> dict:
    """service id -> its Capacity lines; each live source is read once however many services use it."""
    day = timezone.localdate()
    figures = {}
    out = {}
    for service in services:
        if service.live_capacity:
            source = service.live_capacity
            if source not in figures:
                figures[source] = read(source, day)
            available, maximum, by_place = figures[source]
            out[service.id] = [Capacity(capacity_id(service.id), unit_id(source), UNITS[source], available,
                                        maximum, DESCRIPTIONS[source], _start_of(day), live=True,
                                        by_place=by_place)]
        else:
            out[service.id] = [Capacity(c.id, c.unit_id, c.unit.name, c.available, c.maximum, c.description,
                                        c.updated) for c in service.capacities.all()]
    return out


def attach(services) -> list[Service]:
    """The services with `capacity_rows` set (stored capacities must be prefetched with their unit)."""
    services = list(services)
    found = capacities(services)
    for service in services:
        service.capacity_rows = found[service.id]
    return services
