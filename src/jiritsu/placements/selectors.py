"""Reads on sites and tasks, and the bridge from tasks to the matching engine's slots."""
import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from jiritsu.cases import policies as case_policies
from jiritsu.cases import selectors as case_selectors
from jiritsu.cases.models import Case, Consent, Plan
from jiritsu.orgs.models import Municipality, Role, Staff
from jiritsu.programs.catalog import PlanService, Program

from . import matching, policies
from .models import FirstUse, Match, Profile, Site, Task, Tour, TourRegistration


def available_tasks(on_date: dt.date):
    """Tasks of active, located sites that can take someone on `on_date`."""
    return (Task.objects.filter(site__active=True, site__lat__isnull=False, site__lon__isnull=False, capacity__gt=0)
            .filter(Q(available_from__isnull=True) | Q(available_from__lte=on_date))
            .filter(Q(available_until__isnull=True) | Q(available_until__gte=on_date))
            .select_related("site").order_by("pk"))


def slot_of(task: Task, capacity: int | None = None) -> dict:
    """The engine's slot dict (matching.SLOT_FIELDS) for a task."""
    return {"id": task.pk, "site": task.site_id, "capacity": task.capacity if capacity is None else capacity,
            "min_stage": task.min_stage, "hours_per_week": float(task.hours_per_week),
            "location": [task.site.lat, task.site.lon], "features": list(task.features)}


def slots_for_matching(on_date: dt.date) -> list[dict]:
    """The engine's slot dicts for every task open on `on_date`."""
    return [slot_of(task) for task in available_tasks(on_date)]


def get_site_or_404(*, pk, with_municipality: bool = False) -> Site:
    sites = Site.objects.select_related("municipality") if with_municipality else Site.objects.all()
    return get_object_or_404(sites, pk=pk)


def get_task_or_404(*, pk) -> Task:
    return get_object_or_404(Task.objects.select_related("site"), pk=pk)


def site_page(*, site: Site, with_visits: bool) -> dict:
    """A site's tasks, and its development visits for those who edit it."""
    return {"tasks": list(site.tasks.all()), "visits": list(site.visits.all()) if with_visits else []}


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


# ---- profiles, matches and the engine's problem ----

def in_employment_prep(case) -> bool:
    """就労準備支援: the current plan uses it, or the person uses it now (a hand-off, e.g. temporary use)."""
    plan = case.plans.exclude(state=Plan.State.SUPERSEDED).order_by("-number").first()
    if plan is not None and PlanService.EMPLOYMENT_PREP in plan.services:
        return True
    return case.handoffs.filter(program=Program.EMPLOYMENT_PREP, ended_on__isnull=True).exists()


def agency_profiles(user):
    """The profiles of the people the user's agency may see (their own body's cases)."""
    return (Profile.objects.filter(case__in=case_policies.visible_cases(user))
            .select_related("case__client", "municipality").order_by("-updated_at"))


def active_places_used() -> dict[int, int]:
    """Places held per task by proposals waiting for an answer and confirmed matches."""
    rows = Match.objects.filter(status__in=Match.ACTIVE).values("task_id").annotate(n=Count("pk"))
    return {row["task_id"]: row["n"] for row in rows}


def _active_consent(case_path: str):
    return Consent.objects.filter(case=OuterRef(case_path), withdrawn_on__isnull=True)


def open_profiles():
    """Profiles waiting for a proposal: open, the case open with an active consent, and no proposal or confirmed
    match outstanding. A closed case or a withdrawn consent takes the person out of matching at once."""
    return (Profile.objects.filter(status=Profile.Status.OPEN, case__closed_on__isnull=True)
            .filter(Exists(_active_consent("case")))
            .exclude(matches__status__in=Match.ACTIVE)
            .select_related("municipality", "case__agency").order_by("code"))


def client_of(profile: Profile) -> dict:
    return {"id": profile.pk, "stage": profile.stage, "hours_per_week": float(profile.hours_per_week),
            "location": [profile.lat, profile.lon], "max_travel_km": float(profile.max_travel_km),
            "avoid": list(profile.avoid), "prefers": list(profile.prefers)}


def matching_problem(on_date: dt.date, profiles) -> tuple[matching.Problem, dict[int, Task]]:
    """The engine's problem: the given profiles against every open task's places not yet held."""
    used = active_places_used()
    slots, tasks = [], {}
    for task in available_tasks(on_date):
        free = task.capacity - used.get(task.pk, 0)
        if free > 0:
            slots.append(slot_of(task, free))
            tasks[task.pk] = task
    problem = matching.parse_problem({"clients": [client_of(p) for p in profiles], "slots": slots})
    return problem, tasks


def visible_matches(user):
    """Matches the user may open: for the developer, those whose person's consent is still active (a withdrawal
    cuts the developer off at once, like a provider); for an agency, those of their own body's cases."""
    matches = Match.objects.select_related("profile__case__client", "profile__case__agency",
                                           "profile__municipality", "task__site")
    if policies.can_edit(user):
        return matches.filter(Exists(_active_consent("profile__case")))
    if policies.is_agency(user):
        return matches.filter(profile__case__in=case_policies.visible_cases(user))
    return matches.none()


def matches_in(*, user, statuses) -> list[Match]:
    """The user's visible matches in these statuses."""
    return list(visible_matches(user).filter(status__in=statuses))


def profile_cases(*, profiles):
    """The cases of these profiles, as a queryset (for the audit row of a list of pseudonyms)."""
    return Case.objects.filter(placement_profile__in=[p.pk for p in profiles])


def profile_of(*, case) -> Profile | None:
    return Profile.objects.filter(case=case).first()


def accompanying_staff(*, match: Match):
    """Who may be assigned to accompany: the developer's own staff and the staff of the person's agency."""
    return (Staff.objects.filter(Q(role=Role.PLACEMENT_DEVELOPER) | Q(organisation_id=match.profile.case.agency_id))
            .filter(user__is_active=True).select_related("organisation").order_by("organisation__kind", "pk"))


def visible_matches_with_first_use(user):
    """visible_matches with each one's first day (and who accompanies) read in the same query, for lists."""
    return visible_matches(user).select_related("first_use__accompanied_by__organisation")


def first_use_of(match: Match) -> FirstUse | None:
    return FirstUse.objects.filter(match=match).select_related("accompanied_by__organisation").first()


def case_placements(case) -> list[Match]:
    """The case's placements agreed with the person (confirmed, or ended after it), with their site, task and
    first day; the newest first."""
    return list(Match.objects.filter(profile__case_id=case.pk, consent_on__isnull=False,
                                     status__in=(Match.Status.CONFIRMED, Match.Status.ENDED))
                .select_related("task__site", "first_use").order_by("-consent_on", "-pk"))


def get_match_or_404(user, pk) -> Match:
    try:
        return visible_matches(user).get(pk=pk)
    except (Match.DoesNotExist, ValueError, TypeError):
        raise Http404("マッチングが見つかりません。") from None


def matching_counts() -> dict:
    """Numbers only, for the prefecture: people waiting, proposals, matches, first days, tours."""
    statuses = dict(Match.objects.values_list("status").annotate(n=Count("pk")))
    return {
        "open_profiles": Profile.objects.filter(status=Profile.Status.OPEN).count(),
        "proposed": statuses.get(Match.Status.PROPOSED, 0),
        "confirmed": statuses.get(Match.Status.CONFIRMED, 0) + statuses.get(Match.Status.ENDED, 0),
        "first_uses": FirstUse.objects.exclude(outcome=FirstUse.Outcome.PENDING).count(),
        "tours": Tour.objects.count(),
        "tour_guests": TourRegistration.objects.filter(attended=True).count(),
    }


def explain_pair(profile: Profile, task: Task) -> dict:
    """matching.explain for one person and one task (why this task, or what does not fit)."""
    problem = matching.parse_problem({"clients": [client_of(profile)], "slots": [slot_of(task)]})
    return matching.explain(problem.clients[0], problem.slots[0])


def municipality_from_address(case) -> Municipality | None:
    """The body's municipality named in the person's address, to pre-fill the profile (the agency checks it)."""
    address = case.client.address or ""
    for municipality in Municipality.objects.filter(body_id=case.body_id).order_by("-name"):
        if municipality.name in address:
            return municipality
    return None


def profile_sources(case) -> dict:
    """What the agency derives the profile from: the latest assessment's work and health, the current plan."""
    return {"assessment": case_selectors.latest_assessment(case),
            "plan": case.plans.exclude(state=Plan.State.SUPERSEDED).order_by("-number").first()}


# ---- tours ----

def tours():
    """Every tour with its site and how many registered."""
    return Tour.objects.select_related("site__municipality").annotate(registered=Count("registrations"))


def get_tour_or_404(*, pk, counted: bool = False) -> Tour:
    return get_object_or_404(tours() if counted else Tour, pk=pk)


def tours_registered_by(*, user) -> set[int]:
    """The tours the user's staff record is registered for."""
    return set(Tour.objects.filter(registrations__staff=user.staff).values_list("pk", flat=True))


def tour_registrations(*, tour: Tour) -> list[TourRegistration]:
    return list(tour.registrations.select_related("staff__organisation"))
