"""The directory as an Open Referral HSDS 3.1 API, read-only, under /hsds/, as the HSDS API reference defines it
(openreferral/specification, schema/openapi.json and docs/hsds/api_reference.md): `/` (about this API),
/services, /services/{id}, /organizations, /organizations/{id}, /service_at_locations,
/service_at_locations/{id}, /taxonomies, /taxonomies/{id}, /taxonomy_terms and /taxonomy_terms/{id}, and our
/locations. The objects are those of the HSDS export (hsds.py), nested as the HSDS API nests them, with each
service's capacity read live (live.py: free shelter rooms, open placement slots).

Lists answer the HSDS `Page` (total_items, total_pages, page_number, size, first_page, last_page, empty) with
`contents`, and a `Link` header (first, prev, next, last) that keeps the other parameters. The HSDS parameters
are cumulative (AND): page, per_page, search, taxonomy_term_id, taxonomy_id, organization_id, modified_after,
minimal, full, full_service, postcode, proximity, top_only, parent_id and format=ndjson (every result, one
JSON object a line, no paging). A malformed value is 422 with the field named; an id that names nothing
(a taxonomy term, an organization) simply matches nothing, as a search does.

`proximity` is metres from the centroid of `postcode`; having no postcode gazetteer, the centroid is the mean
position of the directory's own located addresses with that postcode (none known: nothing matches).

Public only where a prefecture has published its directory (Publication); until then only signed-in staff and
API tokens get an answer (401 otherwise). The directory holds no personal data, so no audit row. Errors are the
API's JSON (`reason`, `message`)."""
import datetime as dt
import json
import math
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from jiritsu.api.errors import field_errors
from jiritsu.api.inputs import refuse_control_characters
from jiritsu.api.urls import SessionAuth, TokenAuth
from jiritsu.cases.choices import Complaint
from jiritsu.core.ids import MAX_PAGE

from . import hsds, live
from . import models as m
from .policies import directory_is_public

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PROXIMITY = 1_000_000  # metres: farther than the whole of Japan's main islands from any point
PROFILE = "https://docs.openreferral.org/en/latest/hsds/schema_reference.html"


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
        "一覧は HSDS の Page（total_items など）と `Link` ヘッダー（first・prev・next・last）で返し、"
        "`format=ndjson` では全件を1行1件で返します。"
    ),
    auth=[PublishedDirectory(), SessionAuth(), TokenAuth()],
    urls_namespace="hsds",
    docs_url=None,
)
hsds_api.add_decorator(refuse_control_characters)

SEARCH = Query("", max_length=200, description="名称・説明の全文検索（部分一致）", examples=["家計"])
PAGE = Query(1, ge=1, le=MAX_PAGE, description="ページ番号（1から）")
PER_PAGE = Query(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"1ページの件数（最大 {MAX_PER_PAGE}）")
FORMAT = Query("json", pattern="^(json|ndjson)$",
               description="json（既定、ページ単位）または ndjson（全件を1行1件で、ページなし）")
TERM_QUERY = Query("", max_length=40, description="相談内容の分類語（taxonomy_term）の UUID")
TAXONOMY_QUERY = Query("", max_length=40, description="分類（taxonomy）の UUID：その分類の語を持つもの")
ORGANIZATION_QUERY = Query("", max_length=40, description="組織の UUID：その組織が提供するもの")
MODIFIED_AFTER = Query("", max_length=40, description="この日時以降に更新されたもの（ISO 8601。日付だけなら"
                       "その日の0時、タイムゾーンなしは日本時間）", examples=["2025-04-01T00:00:00+09:00"])
FULL = Query(False, description="関連情報をすべて入れ子にして返す")
POSTCODE = Query("", max_length=10, description="郵便番号", examples=["310-0011"])


def _error(request, status, reason, message, **extra):
    return hsds_api.create_response(request, {"reason": reason, "message": message, **extra}, status=status)


@hsds_api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", "見つかりません。")


@hsds_api.exception_handler(SchemaError)
def invalid(request, exc: SchemaError):
    return _error(request, 422, "invalid", "入力内容に誤りがあります。", errors=field_errors(exc.errors))


@hsds_api.exception_handler(ValidationError)
def invalid_value(request, exc: ValidationError):
    return _error(request, 422, "invalid", "入力内容に誤りがあります。", errors=exc.message_dict)


@hsds_api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated",
                  "このディレクトリはまだ公開されていません。ログインするか、有効な API トークンを指定してください。")


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


def _modified_after(value: str) -> dt.datetime | None:
    """`modified_after` as an aware datetime; a date alone is its midnight, a naive time is Japan's."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        parsed.astimezone(dt.UTC)  # the extreme years overflow here, not in the database
    except (ValueError, OverflowError):
        raise ValidationError({"modified_after": "日時は ISO 8601 で指定してください（例：2025-04-01T09:00:00+09:00）。"}) \
            from None
    return parsed


def _proximity(proximity: str, postcode: str) -> float | None:
    if not proximity:
        return None
    try:
        metres = float(proximity)
    except ValueError:
        metres = math.nan
    if not 0 <= metres <= MAX_PROXIMITY:  # also refuses nan and inf
        raise ValidationError({"proximity": f"距離はメートルで 0〜{MAX_PROXIMITY:,} の数を指定してください。"})
    if not postcode:
        raise ValidationError({"postcode": "proximity には中心となる郵便番号（postcode）が必要です。"})
    return metres


def _distance(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(a)))


def _locations_near(postcode: str, metres: float) -> set[uuid.UUID]:
    """Located locations within `metres` of the centroid of `postcode` (mean of our addresses with it)."""
    located = m.Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
    points = list(located.filter(addresses__postal_code=postcode).values_list("latitude", "longitude"))
    if not points:
        return set()
    lat, lon = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return {pk for pk, la, lo in located.values_list("id", "latitude", "longitude")
            if _distance(lat, lon, la, lo) <= metres}


def _count(rows) -> int:
    return len(rows) if isinstance(rows, list) else rows.count()


def _link_header(request, page: int, pages: int) -> str:
    def link(number, rel):
        query = request.GET.copy()
        query["page"] = str(number)
        return f'<{request.path}?{query.urlencode()}>; rel="{rel}"'

    links = [link(1, "first")]
    if page > 1:
        links.append(link(min(page - 1, pages), "prev"))
    if page < pages:
        links.append(link(page + 1, "next"))
    links.append(link(pages, "last"))
    return ", ".join(links)


def _page(request, response, rows, page: int, per_page: int, build) -> dict:
    """The HSDS API's paging (components/schemas/Page) around `contents`; links in the Link header."""
    total = _count(rows)
    pages = max(1, math.ceil(total / per_page))
    contents = build(list(rows[(page - 1) * per_page: page * per_page]))
    response["Link"] = _link_header(request, page, pages)
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents}


def _ndjson(rows, build) -> StreamingHttpResponse:
    """format=ndjson: every result, one JSON object a line, built a chunk at a time."""
    def lines():
        for start in range(0, _count(rows), MAX_PER_PAGE):
            for item in build(list(rows[start:start + MAX_PER_PAGE])):
                yield json.dumps(item, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")


def _list(request, response, rows, page, per_page, fmt, build):
    return _ndjson(rows, build) if fmt == "ndjson" else _page(request, response, rows, page, per_page, build)


@hsds_api.get("/", summary="この API について（HSDS）", tags=["hsds"])
def about(request):
    """HSDS API の `GET /`：HSDS の版、プロファイル、OpenAPI の URL。"""
    return {"version": hsds.HSDS_VERSION, "profile": PROFILE,
            "openapi_url": request.build_absolute_uri(request.path.rstrip("/") + "/openapi.json")}


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
             "taxonomy_term": _term(need)} for need in service.needs]


def _term(need: str) -> dict:
    return hsds.object_row("taxonomy_terms.json", _Plain(hsds.need_term(need)))


def _taxonomy() -> dict:
    return hsds.object_row("taxonomies.json", _Plain(hsds.TAXONOMY))


class _Plain:
    """A dict read as attributes (object_row reads model attributes)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


def _when(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


def _service_row(s: m.Service) -> dict:
    return {**hsds.object_row("services.json", s), "last_modified": _when(s.last_modified)}


def _service_list_items(services: list[m.Service]) -> list[dict]:
    capacities = live.capacities(services)
    out = []
    for s in services:
        row = _service_row(s)
        row["organization"] = hsds.object_row("organizations.json", s.organization)
        row["capacities"] = [_capacity(s.id, c) for c in capacities[s.id]]
        out.append(row)
    return out


def _services_minimal(services: list[m.Service]) -> list[dict]:
    """minimal=true: the id and modification date of each service (with the two fields HSDS requires)."""
    return [{"id": str(s.id), "name": s.name, "status": s.status, "last_modified": _when(s.last_modified)}
            for s in services]


def _services_full(services: list[m.Service], with_locations: bool = True) -> list[dict]:
    rows = _service_list_items(services)
    for row, s in zip(rows, services, strict=True):
        row["phones"] = [hsds.object_row("phones.json", p) for p in s.phones.all()]
        row["schedules"] = [hsds.object_row("schedules.json", x) for x in s.schedules.all()]
        row["service_areas"] = [hsds.object_row("service_areas.json", a) for a in s.service_areas.all()]
        row["languages"] = [hsds.object_row("languages.json", la) for la in s.languages.all()]
        row["contacts"] = [hsds.object_row("contacts.json", c) for c in s.contacts.all()]
        if with_locations:
            row["service_at_locations"] = [{**hsds.object_row("service_at_locations.json", sal),
                                            "location": _location(sal.location)}
                                           for sal in s.service_at_locations.all()]
        row["attributes"] = _attributes(s)
    return rows


SERVICE_DETAILS = ("capacities__unit", "phones", "schedules", "service_areas", "languages", "contacts")
SERVICE_RELATED = (*SERVICE_DETAILS, *(f"service_at_locations__location__{r}" for r in LOCATION_RELATED))


# ---------------------------------------------------------------- services

def _need_of_term(taxonomy_term_id: str) -> str | None:
    return next((n for n in Complaint.values if hsds.term_id(n) == _uuid(taxonomy_term_id)), None)


def _services(search: str = "", taxonomy_term_id: str = "", taxonomy_id: str = "", organization_id: str = "",
              modified_after: str = "", postcode: str = ""):
    """Services matching every given HSDS parameter (they are cumulative)."""
    since = _modified_after(modified_after)
    services = m.Service.objects.select_related("organization").prefetch_related("capacities__unit")
    if search:
        services = services.filter(Q(name__icontains=search) | Q(alternate_name__icontains=search)
                                   | Q(description__icontains=search) | Q(organization__name__icontains=search))
    if taxonomy_term_id:
        need = _need_of_term(taxonomy_term_id)
        services = services.filter(needs__icontains=f'"{need}"') if need else services.none()
    if taxonomy_id:
        services = services.exclude(needs=[]) if _uuid(taxonomy_id) == hsds.TAXONOMY_ID else services.none()
    if organization_id:
        services = services.filter(organization_id=_uuid(organization_id)) if _uuid(organization_id) else \
            services.none()
    if since is not None:
        services = services.filter(last_modified__gte=since)
    if postcode:
        services = services.filter(service_at_locations__location__addresses__postal_code=postcode)
    return services.distinct().order_by("name", "id")


@hsds_api.get("/services", summary="サービスの一覧（HSDS）", tags=["hsds"])
def services(request, response: HttpResponse, search: str = SEARCH, taxonomy_term_id: str = TERM_QUERY,
             taxonomy_id: str = TAXONOMY_QUERY, organization_id: str = ORGANIZATION_QUERY,
             modified_after: str = MODIFIED_AFTER,
             minimal: bool = Query(False, description="各サービスの id と更新日時（last_modified）だけを返す"),
             full: bool = FULL, postcode: str = POSTCODE, page: int = PAGE, per_page: int = PER_PAGE,
             format: str = FORMAT):  # noqa: A002 - the HSDS parameter's name
    """HSDS API の `GET /services`：一対一の項目と組織、空き状況（capacities）。`full=true` で関連情報をすべて、
    `minimal=true` で id と更新日時だけ。"""
    if minimal and full:
        raise ValidationError({"minimal": "minimal と full は同時に指定できません。"})
    rows = _services(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, postcode)
    if full:
        rows = rows.prefetch_related(*SERVICE_RELATED)
    build = _services_minimal if minimal else _services_full if full else _service_list_items
    return _list(request, response, rows, page, per_page, format, build)


@hsds_api.get("/services/{id}", summary="サービス（HSDS、関連情報をすべて含む）", tags=["hsds"])
def service(request, id: str):  # noqa: A002 - the HSDS path's name
    found = _uuid(id) and m.Service.objects.select_related("organization").prefetch_related(
        *SERVICE_RELATED).filter(pk=_uuid(id)).first()
    if not found:
        raise Http404
    return _services_full([found])[0]


# ---------------------------------------------------------------- organizations

ORGANIZATION_RELATED = ("phones", "contacts", *(f"locations__{r}" for r in LOCATION_RELATED),
                        "services__organization", *(f"services__{r}" for r in SERVICE_RELATED))


def _organizations_full(orgs: list[m.Organization], full_services: bool) -> list[dict]:
    out = []
    for org in orgs:
        row = hsds.object_row("organizations.json", org)
        row["phones"] = [hsds.object_row("phones.json", p) for p in org.phones.all()]
        row["contacts"] = [hsds.object_row("contacts.json", c) for c in org.contacts.all()]
        row["locations"] = [_location(loc) for loc in org.locations.all()]
        services = list(org.services.all())
        row["services"] = _services_full(services) if full_services else [_service_row(s) for s in services]
        out.append(row)
    return out


@hsds_api.get("/organizations", summary="組織の一覧（HSDS）", tags=["hsds"])
def organizations(request, response: HttpResponse, search: str = SEARCH, taxonomy_term_id: str = TERM_QUERY,
                  taxonomy_id: str = TAXONOMY_QUERY, full: bool = FULL,
                  full_service: bool = Query(False, description="full=true のとき、サービスを関連情報ごと返す"),
                  page: int = PAGE, per_page: int = PER_PAGE, format: str = FORMAT):  # noqa: A002
    """HSDS API の `GET /organizations`。分類語・分類で絞ると、その語を持つサービスを提供する組織。"""
    rows = m.Organization.objects.order_by("name", "id")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(alternate_name__icontains=search)
                           | Q(description__icontains=search))
    if taxonomy_term_id or taxonomy_id:
        rows = rows.filter(pk__in=_services(taxonomy_term_id=taxonomy_term_id, taxonomy_id=taxonomy_id)
                           .values("organization_id"))
    if full:
        rows = rows.prefetch_related(*ORGANIZATION_RELATED)
        return _list(request, response, rows, page, per_page, format,
                     lambda orgs: _organizations_full(orgs, full_service))
    return _list(request, response, rows, page, per_page, format,
                 lambda orgs: [hsds.object_row("organizations.json", o) for o in orgs])


@hsds_api.get("/organizations/{id}", summary="組織（HSDS、サービスを含む）", tags=["hsds"])
def organization(request, id: str,  # noqa: A002
                 full_service: bool = Query(False, description="サービスを関連情報ごと返す")):
    found = _uuid(id) and m.Organization.objects.prefetch_related(*ORGANIZATION_RELATED).filter(pk=_uuid(id)).first()
    if not found:
        raise Http404
    return _organizations_full([found], full_service)[0]


# ---------------------------------------------------------------- locations and services at them

@hsds_api.get("/locations", summary="所在地の一覧（HSDS）", tags=["hsds"])
def locations(request, response: HttpResponse, search: str = SEARCH, postcode: str = POSTCODE,
              page: int = PAGE, per_page: int = PER_PAGE, format: str = FORMAT):  # noqa: A002
    rows = m.Location.objects.prefetch_related(*LOCATION_RELATED).order_by("name", "id")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(description__icontains=search)
                           | Q(addresses__address_1__icontains=search)).distinct()
    if postcode:
        rows = rows.filter(addresses__postal_code=postcode).distinct()
    return _list(request, response, rows, page, per_page, format, lambda locs: [_location(loc) for loc in locs])


SAL_RELATED = (*(f"location__{r}" for r in LOCATION_RELATED), "service__capacities__unit")
SAL_FULL_RELATED = (*SAL_RELATED, *(f"service__{r}" for r in SERVICE_DETAILS))


def _sal_items(sals: list[m.ServiceAtLocation], full: bool = False) -> list[dict]:
    services = [sal.service for sal in sals]
    built = _services_full(services, with_locations=False) if full else _service_list_items(services)
    listed = {row["id"]: row for row in built}
    out = []
    for sal in sals:
        row = {**hsds.object_row("service_at_locations.json", sal), "location": _location(sal.location),
               "service": listed[str(sal.service_id)]}
        if full:
            row["attributes"] = _attributes(sal.service)
        out.append(row)
    return out


@hsds_api.get("/service_at_locations", summary="所在地ごとのサービスの一覧（HSDS）", tags=["hsds"])
def service_at_locations(request, response: HttpResponse, search: str = SEARCH,
                         taxonomy_term_id: str = TERM_QUERY, taxonomy_id: str = TAXONOMY_QUERY,
                         organization_id: str = ORGANIZATION_QUERY, modified_after: str = MODIFIED_AFTER,
                         full: bool = FULL, postcode: str = POSTCODE,
                         proximity: str = Query("", max_length=20, description="postcode の中心からの距離（メートル）",
                                                examples=["5000"]),
                         page: int = PAGE, per_page: int = PER_PAGE, format: str = FORMAT):  # noqa: A002
    """HSDS API の `GET /service_at_locations`。`postcode` だけならその郵便番号の所在地、`proximity` を添えると
    その郵便番号の中心（ディレクトリ内の同じ郵便番号の所在地の平均位置）から指定メートル以内の所在地。"""
    metres = _proximity(proximity, postcode)
    services = _services(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after)
    rows = m.ServiceAtLocation.objects.filter(service__in=services).select_related(
        "service__organization").prefetch_related(*(SAL_FULL_RELATED if full else SAL_RELATED)).order_by(
        "service__name", "id")
    if metres is not None:
        rows = rows.filter(location_id__in=_locations_near(postcode, metres))
    elif postcode:
        rows = rows.filter(location__addresses__postal_code=postcode).distinct()
    return _list(request, response, rows, page, per_page, format, lambda sals: _sal_items(sals, full))


@hsds_api.get("/service_at_locations/{id}", summary="所在地ごとのサービス（HSDS、関連情報をすべて含む）",
              tags=["hsds"])
def service_at_location(request, id: str):  # noqa: A002
    found = _uuid(id) and m.ServiceAtLocation.objects.select_related("service__organization").prefetch_related(
        *SAL_FULL_RELATED).filter(pk=_uuid(id)).first()
    if not found:
        raise Http404
    return _sal_items([found], full=True)[0]


# ---------------------------------------------------------------- taxonomies and their terms

def _matches(search: str, *texts: str) -> bool:
    return not search or any(search.casefold() in text.casefold() for text in texts)


@hsds_api.get("/taxonomies", summary="分類の一覧（HSDS）", tags=["hsds"])
def taxonomies(request, response: HttpResponse, search: str = SEARCH, page: int = PAGE, per_page: int = PER_PAGE,
               format: str = FORMAT):  # noqa: A002
    """サービスの `attributes` が使う分類：相談受付票の相談内容（jiritsu-soudan-naiyou）。"""
    rows = [t for t in [_taxonomy()] if _matches(search, t["name"], t["description"])]
    return _list(request, response, rows, page, per_page, format, list)


@hsds_api.get("/taxonomies/{id}", summary="分類（HSDS）", tags=["hsds"])
def taxonomy(request, id: str):  # noqa: A002
    if _uuid(id) != hsds.TAXONOMY_ID:
        raise Http404
    return _taxonomy()


@hsds_api.get("/taxonomy_terms", summary="分類語の一覧（HSDS）", tags=["hsds"])
def taxonomy_terms(request, response: HttpResponse, search: str = SEARCH, taxonomy_id: str = TAXONOMY_QUERY,
                   top_only: bool = Query(False, description="最上位の語だけ（この分類は一階層なので全件）"),
                   parent_id: str = Query("", max_length=40, description="親の語の UUID（この分類の語に親はありません）"),
                   page: int = PAGE, per_page: int = PER_PAGE, format: str = FORMAT):  # noqa: A002
    """相談内容の16分類。どの語にも親・子はありません。"""
    other_taxonomy = bool(taxonomy_id) and _uuid(taxonomy_id) != hsds.TAXONOMY_ID
    rows = [] if parent_id or other_taxonomy else \
        [t for t in map(_term, Complaint.values) if _matches(search, t["code"], t["name"], t["description"])]
    return _list(request, response, rows, page, per_page, format,
                 lambda terms: [{**t, "taxonomy_detail": _taxonomy()} for t in terms])


@hsds_api.get("/taxonomy_terms/{id}", summary="分類語（HSDS）", tags=["hsds"])
def taxonomy_term(request, id: str):  # noqa: A002
    need = _need_of_term(id)
    if need is None:
        raise Http404
    return {**_term(need), "taxonomy_detail": _taxonomy()}
