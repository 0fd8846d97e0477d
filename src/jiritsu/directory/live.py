"""Availability that another part of jiritsu holds, read at the moment it is shown or exported.

A directory service marked `live_capacity` takes its capacity from the shelter's room inventory or the
placement developer's open tasks instead of a stored ServiceCapacity, so the directory never shows a
stale count. Those apps register their reader here in their AppConfig.ready() (the directory never imports
them); only counts leave them: no stay, case or site contact is read here.

On export the figure is written as an ordinary HSDS service_capacity with fixed ids and `updated` at the
start of the day it describes (rooms are let by the night), so exports of one day are identical and an
imported copy holds it as a stored snapshot.
"""
import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

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


# source (LiveCapacity) -> reader(day) -> (available, maximum, [(municipality name, available), ...]).
READERS: dict = {}


def register(source: str, reader) -> None:
    READERS[source] = reader



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
