"""What the shelter tells the resource directory (registered in apps.py): the rooms free tonight for a
service marked live, and the buildings in use per region for the gap view. Counts only, no stay or person."""
import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone

from . import selectors
from .models import Building, Room


def _in_service_on(day: dt.date) -> Q:
    """Rooms whose own and building's availability windows cover the night of `day`."""
    q = Q()
    for prefix in ("", "building__"):
        q &= Q(**{f"{prefix}available_from__isnull": True}) | Q(**{f"{prefix}available_from__lte": day})
        q &= Q(**{f"{prefix}available_until__isnull": True}) | Q(**{f"{prefix}available_until__gte": day})
    return q


def free_rooms_tonight(day: dt.date) -> tuple[int, int, list[tuple[str, int]]]:
    """(free rooms, rooms in service, free rooms by municipality) for the night of `day`."""
    free = selectors.free_rooms(day, day + dt.timedelta(days=1))
    in_service = Room.objects.filter(_in_service_on(day)).count()
    by_place = Counter(room.building.municipality.name for room in free)
    return len(free), in_service, sorted(by_place.items())


def buildings_by_region() -> list[tuple[str | None, int]]:
    today = timezone.localdate()
    return list(Building.objects.filter(available_from__lte=today)
                .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
                .values_list("municipality__region").annotate(n=Count("pk")).order_by())
