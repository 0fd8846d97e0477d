"""The directory as an Open Referral HSDS 3.1 API, read-only, under /hsds/ (the HSDS API's paths, paging and
search parameters): /services, /services/{id}, /organizations, /organizations/{id}, /locations and
/service_at_locations. The objects are those of the HSDS export (hsds.py), nested as the HSDS API nests them,
with each service's capacity read live (live.py: free shelter rooms, open placement slots).

Public only where a prefecture has published its directory (Publication); until then only signed-in staff and
API tokens get an answer (401 otherwise). The directory holds no personal data, so no audit row. Errors are the
API's JSON (`reason`, `message`)."""
import math
import uuid

from django.db.models import Q
from django.http import Http404
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from jiritsu.api.errors import field_errors
from jiritsu.api.urls import SessionAuth, TokenAuth
from jiritsu.cases.choices import Complaint
from jiritsu.core.ids import MAX_PAGE

from . import hsds, live
from . import models as m
from .policies import directory_is_public

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class PublishedDirectory:
    """Anyone may read once the directory is published; the other methods then decide for staff."""

    def __call__(self, request):
        return True if directory_is_public() else None


hsds_api = NinjaAPI(
    title="jiritsu HSDS API",
    version="3.1",
    description=(
        "社会資源ディレクトリを Open Referral HSDS 3.1 の API の形で返します（読み取りのみ）。"
        "県がディレクトリを公開している場合は誰でも、公開前はログインした職員か API トークンだけが読めます。"
        "各サービスの `capacities` は一時生活支援の空室・就労体験の受入れ枠をその時点で読んだ値です。"
    ),
    auth=[PublishedDirectory(), SessionAuth(), TokenAuth()],
    urls_namespace="hsds",
    docs_url=None,
)

SEARCH = Query("", max_length=200, description="名称・説明の全文検索（部分一致）", examples=["家計"])
PAGE = Query(1, ge=1, le=MAX_PAGE, description="ページ番号（1から）")
PER_PAGE = Query(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"1ページの件数（最大 {MAX_PER_PAGE}）")
ID_QUERY = Query("", max_length=40, description="UUID")


def _error(request, status, reason, message, **extra):
    return hsds_api.create_response(request, {"reason": reason, "message": message, **extra}, status=status)


@hsds_api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", "見つかりません。")


@hsds_api.exception_handler(SchemaError)
def invalid(request, exc: SchemaError):
    return _error(request, 422, "invalid", "入力内容に誤りがあります。", errors=field_errors(exc.errors))


@hsds_api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated",
                  "このディレクトリはまだ公開されていません。ログインするか、有効な API トークンを指定してください。")


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


def _page(rows, page: int, per_page: int, build) -> dict:
    """The HSDS API's paging (components/schemas/Page) around `contents`."""
    total = rows.count()
    pages = max(1, math.ceil(total / per_page))
    contents = build(list(rows[(page - 1) * per_page: page * per_page]))
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents}


# ---------------------------------------------------------------- objects, nested as the HSDS API does

def _location(loc: m.Location) -> dict:
    row = hsds.object_row("locations.json", loc)
    row["addresses"] = [hsds.object_row("addresses.json", a) for a in loc.addresses.all()]
    row["phones"] = [hsds.object_row("phones.json", p) for p in loc.phones.all()]
    row["schedules"] = [hsds.object_row("schedules.json", s) for s in loc.schedules.all()]
    row["languages"] = [hsds.object_row("languages.json", la) for la in loc.languages.all()]
    return row


LOCATION_RELATED = ("addresses", "phones", "schedules", "languages")


def _capacity(service_id, c: live.Capacity) -> dict:
    row = {"id": str(c.id), "service_id": str(service_id), "unit_id": str(c.unit_id),
           "unit": {"id": str(c.unit_id), "name": c.unit_name}, "available": c.available,
           "updated": hsds.object_row("service_capacities.json", c)["updated"]}
    if c.maximum is not None:
        row["maximum"] = c.maximum
    if c.description:
        row["description"] = c.description
    return row


def _attributes(service: m.Service) -> list[dict]:
    return [{**hsds.object_row("attributes.json", _Plain(hsds.need_attribute(service.id, need))),
             "taxonomy_term": hsds.object_row("taxonomy_terms.json", _Plain(hsds.need_term(need)))}
            for need in service.needs]


class _Plain:
    """A dict read as attributes (object_row reads model attributes)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


def _service_list_items(services: list[m.Service]) -> list[dict]:
    capacities = live.capacities(services)
    out = []
    for s in services:
        row = hsds.object_row("services.json", s)
        row["organization"] = hsds.object_row("organizations.json", s.organization)
        row["capacities"] = [_capacity(s.id, c) for c in capacities[s.id]]
        out.append(row)
    return out


def _service_full(s: m.Service) -> dict:
    row = _service_list_items([s])[0]
    row["phones"] = [hsds.object_row("phones.json", p) for p in s.phones.all()]
    row["schedules"] = [hsds.object_row("schedules.json", x) for x in s.schedules.all()]
    row["service_areas"] = [hsds.object_row("service_areas.json", a) for a in s.service_areas.all()]
    row["languages"] = [hsds.object_row("languages.json", la) for la in s.languages.all()]
    row["contacts"] = [hsds.object_row("contacts.json", c) for c in s.contacts.all()]
    row["service_at_locations"] = [{**hsds.object_row("service_at_locations.json", sal),
                                    "location": _location(sal.location)} for sal in s.service_at_locations.all()]
    row["attributes"] = _attributes(s)
    return row


SERVICE_RELATED = ("capacities__unit", "phones", "schedules", "service_areas", "languages", "contacts",
                   *(f"service_at_locations__location__{r}" for r in LOCATION_RELATED))


# ---------------------------------------------------------------- services

def _services(search: str, taxonomy_term_id: str, taxonomy_id: str, organization_id: str, postcode: str):
    services = m.Service.objects.select_related("organization").prefetch_related("capacities__unit")
    if search:
        services = services.filter(Q(name__icontains=search) | Q(alternate_name__icontains=search)
                                   | Q(description__icontains=search) | Q(organization__name__icontains=search))
    if taxonomy_term_id:
        need = next((n for n in Complaint.values if hsds.term_id(n) == _uuid(taxonomy_term_id)), None)
        services = services.filter(needs__icontains=f'"{need}"') if need else services.none()
    if taxonomy_id:
        services = services.exclude(needs=[]) if _uuid(taxonomy_id) == hsds.TAXONOMY_ID else services.none()
    if organization_id:
        services = services.filter(organization_id=_uuid(organization_id)) if _uuid(organization_id) else \
            services.none()
    if postcode:
        services = services.filter(service_at_locations__location__addresses__postal_code=postcode)
    return services.distinct().order_by("name", "id")


@hsds_api.get("/services", summary="サービスの一覧（HSDS）", tags=["hsds"])
def services(request, search: str = SEARCH,
             taxonomy_term_id: str = Query("", max_length=40, description="相談内容の分類語（taxonomy_term）の UUID"),
             taxonomy_id: str = Query("", max_length=40, description="分類（taxonomy）の UUID"),
             organization_id: str = Query("", max_length=40, description="組織の UUID"),
             postcode: str = Query("", max_length=10, description="所在地の郵便番号", examples=["310-0011"]),
             page: int = PAGE, per_page: int = PER_PAGE):
    """HSDS API の `GET /services`：一対一の項目と組織、空き状況（capacities）。"""
    rows = _services(search, taxonomy_term_id, taxonomy_id, organization_id, postcode)
    return _page(rows, page, per_page, _service_list_items)


@hsds_api.get("/services/{id}", summary="サービス（HSDS、関連情報をすべて含む）", tags=["hsds"])
def service(request, id: str):
    found = _uuid(id) and m.Service.objects.select_related("organization").prefetch_related(
        *SERVICE_RELATED).filter(pk=_uuid(id)).first()
    if not found:
        raise Http404
    return _service_full(found)


# ---------------------------------------------------------------- organizations

def _organization(org: m.Organization, full_services: bool) -> dict:
    row = hsds.object_row("organizations.json", org)
    row["phones"] = [hsds.object_row("phones.json", p) for p in org.phones.all()]
    row["contacts"] = [hsds.object_row("contacts.json", c) for c in org.contacts.all()]
    row["locations"] = [_location(loc) for loc in org.locations.all()]
    services = list(org.services.all())
    row["services"] = [_service_full(s) for s in services] if full_services else \
        [hsds.object_row("services.json", s) for s in services]
    return row


@hsds_api.get("/organizations", summary="組織の一覧（HSDS）", tags=["hsds"])
def organizations(request, search: str = SEARCH, page: int = PAGE, per_page: int = PER_PAGE):
    rows = m.Organization.objects.order_by("name", "id")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(alternate_name__icontains=search)
                           | Q(description__icontains=search))
    return _page(rows, page, per_page, lambda orgs: [hsds.object_row("organizations.json", o) for o in orgs])


@hsds_api.get("/organizations/{id}", summary="組織（HSDS、サービスを含む）", tags=["hsds"])
def organization(request, id: str, full_service: bool = Query(False, description="サービスを関連情報ごと返す")):
    found = _uuid(id) and m.Organization.objects.prefetch_related(
        "phones", "contacts", *(f"locations__{r}" for r in LOCATION_RELATED), "services__organization",
        *(f"services__{r}" for r in SERVICE_RELATED)).filter(pk=_uuid(id)).first()
    if not found:
        raise Http404
    return _organization(found, full_service)


# ---------------------------------------------------------------- locations and services at them

@hsds_api.get("/locations", summary="所在地の一覧（HSDS）", tags=["hsds"])
def locations(request, search: str = SEARCH,
              postcode: str = Query("", max_length=10, description="郵便番号", examples=["310-0011"]),
              page: int = PAGE, per_page: int = PER_PAGE):
    rows = m.Location.objects.prefetch_related(*LOCATION_RELATED).order_by("name", "id")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(description__icontains=search)
                           | Q(addresses__address_1__icontains=search)).distinct()
    if postcode:
        rows = rows.filter(addresses__postal_code=postcode).distinct()
    return _page(rows, page, per_page, lambda locs: [_location(loc) for loc in locs])


@hsds_api.get("/service_at_locations", summary="所在地ごとのサービスの一覧（HSDS）", tags=["hsds"])
def service_at_locations(request, search: str = SEARCH,
                         taxonomy_term_id: str = Query("", max_length=40, description="分類語の UUID"),
                         organization_id: str = Query("", max_length=40, description="組織の UUID"),
                         postcode: str = Query("", max_length=10, description="郵便番号"),
                         page: int = PAGE, per_page: int = PER_PAGE):
    services = _services(search, taxonomy_term_id, "", organization_id, "")
    rows = m.ServiceAtLocation.objects.filter(service__in=services).select_related(
        "service__organization").prefetch_related(
        *(f"location__{r}" for r in LOCATION_RELATED), "service__capacities__unit").order_by("service__name", "id")
    if postcode:
        rows = rows.filter(location__addresses__postal_code=postcode).distinct()

    def build(sals):
        listed = {s["id"]: s for s in _service_list_items([sal.service for sal in sals])}
        return [{**hsds.object_row("service_at_locations.json", sal), "location": _location(sal.location),
                 "service": listed[str(sal.service_id)]} for sal in sals]

    return _page(rows, page, per_page, build)
