"""What the placement developer's sites tell the resource directory (registered in apps.py): today's open
places for a service marked live, and the active sites per region for the gap view. Counts only."""
import datetime as dt

from django.db.models import Count, Sum

from . import selectors
from .models import Site


def open_places(day: dt.date) -> tuple[int, int, list[tuple[str, int]]]:
    """(open places, open places, open places by municipality) on `day`."""
    rows = (selectors.available_tasks(day).order_by()
            .values_list("site__municipality__name").annotate(n=Sum("capacity")))
    by_place = sorted((name, n or 0) for name, n in rows)
    total = sum(n for _, n in by_place)
    # The developer records open tasks, not who fills them: every open place counts as available.
    return total, total, by_place


def sites_by_region() -> list[tuple[str | None, int]]:
    return list(Site.objects.filter(active=True).values_list("municipality__region").annotate(n=Count("pk"))
                .order_by())
