"""Reads of the organisation tables: for the organisations and staff pages (through orgs.policies' scope), and
what pages of other apps show."""
from django.db.models import Count, Prefetch, Q

from . import policies
from .models import Body, Municipality, Organisation


def body_names() -> dict[int, str]:
    """Body id to name, for showing which body a row's case belongs to (one small query)."""
    return dict(Body.objects.values_list("pk", "name"))


def organisations_for_list(*, user) -> list[Organisation]:
    """The organisations the user may see (policies.visible_organisations), each with its body, its catchment
    by code and `active_staff` (how many of its staff can sign in), by body, kind and name."""
    return list(
        policies.visible_organisations(user)
        .select_related("body")
        .prefetch_related(Prefetch("catchment", queryset=Municipality.objects.order_by("code")))
        .annotate(active_staff=Count("staff", filter=Q(staff__user__is_active=True)))
        .order_by("body__code", "kind", "name")
    )


def municipalities_of(*, body: Body) -> list[Municipality]:
    return list(body.municipalities.order_by("code"))


def providers_for(*, user) -> list[Organisation]:
    return list(policies.visible_providers(user))


def manageable_organisation_ids(*, user) -> set[int]:
    return set(policies.manageable_organisations(user).values_list("pk", flat=True))


def manageable_organisations(*, user) -> list[Organisation]:
    """The organisations whose staff the user manages, by kind and name."""
    return list(policies.manageable_organisations(user).order_by("kind", "name"))


def staff_rows(*, user, organisation: Organisation | None = None, include_inactive: bool = False):
    """The staff the user manages (of one organisation when given; those who can sign in unless
    `include_inactive`), with their user and organisation, by organisation and name."""
    rows = policies.manageable_staff(user).select_related("user", "organisation")
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    if not include_inactive:
        rows = rows.filter(user__is_active=True)
    return rows.order_by("organisation__kind", "organisation__name", "display_name", "pk")
