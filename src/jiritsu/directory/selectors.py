"""Directory search: services by need (intake 相談内容), area (municipality) and language."""
import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from jiritsu.core.wareki import fiscal_year
from jiritsu.orgs.models import Municipality
from jiritsu.orgs.policies import staff_of

from .models import (
    Address,
    DevelopmentRecord,
    Language,
    Location,
    Organization,
    Publication,
    Referral,
    Service,
    ServiceAtLocation,
)


def search_services(*, need: str = "", municipality: Municipality | None = None, language: str = "") -> QuerySet:
    services = Service.objects.exclude(status=Service.Status.DEFUNCT).select_related("organization")
    if need:
        # needs is a JSON list; filtering in Python would defeat the query, so match the quoted value.
        services = services.filter(needs__icontains=f'"{need}"')
    if municipality is not None:
        # A service serves an area when it has a location there or names the municipality or the
        # whole prefecture as its service area.
        services = services.filter(
            Q(service_at_locations__location__external_identifier_type=Location.MUNICIPALITY_CODE,
              service_at_locations__location__external_identifier=municipality.code)
            | Q(service_areas__name__in=[municipality.name, municipality.prefecture.name])
        )
    if language:
        services = services.filter(
            Q(languages__code=language) | Q(service_at_locations__location__languages__code=language)
        )
    return services.distinct().prefetch_related(
        "service_at_locations__location", "capacities__unit",
    ).order_by("organization__name", "name")


def language_choices() -> list[tuple[str, str]]:
    rows = Language.objects.exclude(code="").values_list("code", "name").order_by("code").distinct()
    seen = {}
    for code, name in rows:
        seen.setdefault(code, name or code)
    return sorted(seen.items())


def get_service_or_404(pk) -> Service:
    return get_object_or_404(Service.objects.select_related("organization"), pk=pk)


def find_service(*, pk) -> Service | None:
    """The service a posted form names, or None (it may have been removed since the page was shown)."""
    return Service.objects.filter(pk=pk).first()


def service_page(*, service: Service) -> dict:
    """What a service's page shows besides the service: its locations with their addresses, phones, contacts,
    schedules, areas and languages."""
    locations = Location.objects.filter(service_at_locations__service=service)
    return {
        "locations": [(loc, list(Address.objects.filter(location=loc))) for loc in locations.order_by("name")],
        "phones": list(service.phones.all()) + list(service.organization.phones.all()),
        "contacts": list(service.contacts.all()),
        "schedules": list(service.schedules.all()),
        "areas": list(service.service_areas.order_by("name")),
        "languages": list(service.languages.order_by("code")),
    }


def municipalities() -> QuerySet:
    """Every municipality in code order (the choices of the area fields)."""
    return Municipality.objects.order_by("code")


def organizations() -> QuerySet:
    return Organization.objects.order_by("name")


def regions() -> list[str]:
    """The regions of the prefecture, each once, in order."""
    return list(dict.fromkeys(Municipality.objects.exclude(region="").order_by("region")
                              .values_list("region", flat=True)))


def development_records(*, region: str = "", kind: str = "") -> QuerySet:
    records = DevelopmentRecord.objects.select_related("municipality", "organization", "opened_by",
                                                       "recorded_by__staff")
    if region:
        records = records.filter(municipality__region=region)
    if kind:
        records = records.filter(kind=kind)
    return records


def get_development_record_or_404(*, pk) -> DevelopmentRecord:
    return get_object_or_404(DevelopmentRecord, pk=pk)


def municipality_names() -> dict[str, str]:
    """全国地方公共団体コード -> name, to show a location's area."""
    return dict(Municipality.objects.values_list("code", "name"))


def person_municipality(case) -> Municipality | None:
    """The municipality in the person's address (longest name found), else the body's only one."""
    municipalities = list(Municipality.objects.filter(prefecture_id=case.body.prefecture_id)
                          .select_related("prefecture"))
    address = case.client.address or ""
    found = [m for m in municipalities if m.name and m.name in address]
    if found:
        return max(found, key=lambda m: len(m.name))
    own = [m for m in municipalities if m.body_id == case.body_id]
    return own[0] if len(own) == 1 else None


def case_referrals(case) -> list[Referral]:
    return list(case.referrals.select_related("service__organization", "referred_by__staff",
                                              "outcome_by__staff"))


def referral_counts(service) -> list[dict]:
    """Referrals the service received, per fiscal year (newest first): total and by outcome. Counts only."""
    rows = (Referral.objects.filter(service=service).values_list("referred_on__year", "referred_on__month",
                                                                  "outcome")
            .annotate(n=Count("pk")).order_by())
    by_year: dict[int, dict[str, int]] = {}
    for year, month, outcome, n in rows:
        fy = fiscal_year(dt.date(year, month, 1))
        counts = by_year.setdefault(fy, dict.fromkeys(Referral.Outcome.values, 0))
        counts[outcome] += n
    return [
        {"fiscal_year": fy, "total": sum(counts.values()),
         "by_outcome": [(Referral.Outcome(o).label, counts[o]) for o in Referral.Outcome.values]}
        for fy, counts in sorted(by_year.items(), reverse=True)
    ]


def publication_of(user) -> Publication | None:
    """The publication setting of the user's prefecture (None until first set: not public)."""
    staff = staff_of(user)
    if staff is None:
        return None
    return Publication.objects.select_related("updated_by__staff").filter(
        prefecture_id=staff.organisation.prefecture_id).first()


def published_counts() -> dict[str, int]:
    """What the HSDS API shows once published: counts of each list (no personal data in any of them)."""
    return {"organizations": Organization.objects.count(), "services": Service.objects.count(),
            "locations": Location.objects.count(), "service_at_locations": ServiceAtLocation.objects.count()}
