"""Reads on sites and tasks, and the bridge from tasks to the matching engine's slots."""
import datetime as dt

from django.db.models import Count, Q, Sum

from jiritsu.orgs.models import Municipality

from .models import Site, Task


def available_tasks(on_date: dt.date):
    """Tasks of active, located sites that can take someone on `on_date`."""
    return (Task.objects.filter(site__active=True, site__lat__isnull=False, site__lon__isnull=False, capacity__gt=0)
            .filter(Q(available_from__isnull=True) | Q(available_from__lte=on_date))
            .filter(Q(available_until__isnull=True) | Q(available_until__gte=on_date))
            .select_related("site").order_by("pk"))


def slots_for_matching(on_date: dt.date) -> list[dict]:
    """The engine's slot dicts (matching.SLOT_FIELDS) for every task open on `on_date`."""
    return [
        {"id": task.pk, "site": task.site_id, "capacity": task.capacity, "min_stage": task.min_stage,
         "hours_per_week": float(task.hours_per_week), "location": [task.site.lat, task.site.lon],
         "features": list(task.features)}
        for task in available_tasks(on_date)
    ]


def sites_with_counts():
    return (Site.objects.select_related("municipality")
            .annotate(task_count=Count("tasks"), places=Sum("tasks__capacity")))


def counts_per_region() -> list[dict]:
    """Active sites, tasks and places per region of the prefecture: numbers only."""
    regions = {}
    for region in Municipality.objects.order_by("region").values_list("region", flat=True).distinct():
        regions[region] = {"region": region or "（地域なし）", "sites": 0, "certified": 0, "tasks": 0, "places": 0}
    sites = (Site.objects.filter(active=True).values("municipality__region")
             .annotate(n=Count("pk"), certified=Count("pk", filter=~Q(certification=Site.Certification.NONE))))
    for row in sites:
        entry = regions[row["municipality__region"]]
        entry["sites"], entry["certified"] = row["n"], row["certified"]
    tasks = (Task.objects.filter(site__active=True).values("site__municipality__region")
             .annotate(n=Count("pk"), places=Sum("capacity")))
    for row in tasks:
        entry = regions[row["site__municipality__region"]]
        entry["tasks"], entry["places"] = row["n"], row["places"] or 0
    return list(regions.values())
