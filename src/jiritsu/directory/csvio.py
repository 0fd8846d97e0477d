"""The directory as one CSV table, for people who keep it in a spreadsheet (docs/directory-csv.md).

One row per service, with its organisation and its main location (the first by name); everything HSDS
can say beyond that travels in the HSDS JSON export. Lists inside a cell are separated by "|" as in the
case ledger. Import reads UTF-8 (with or without byte-order mark) or CP932, checks every row and cell
first, names each problem by row (the header is row 1) and column, and writes nothing if anything is
wrong. A row that matches what the directory already holds is left alone, so importing the same file
twice changes nothing. Ids may be left blank: the organisation and service are then found by name, or
given an id derived from the names, so a blank-id row also imports the same way every time.
"""
import unicodedata
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from jiritsu.cases.choices import Complaint
from jiritsu.core.csvfiles import Problem, decode_utf8_or_cp932, read_rows
from jiritsu.core.exports import FORMULA_START
from jiritsu.core.text import CONTROL_MESSAGE, has_control_characters
from jiritsu.orgs.models import Municipality, normalise_body_code

from . import models as m

COLUMNS = [
    "service_id", "organization_id", "organization_name", "organization_description", "legal_status",
    "organization_website", "service_name", "service_description", "status", "needs", "eligibility",
    "application_process", "fees", "location_id", "municipality_code", "postal_code", "prefecture", "city",
    "address", "phone", "languages", "service_areas", "hours", "capacity_unit", "capacity_available",
    "capacity_maximum", "live_capacity",
]
REQUIRED = ["organization_name", "service_name"]
ADDRESS = ["postal_code", "prefecture", "city", "address"]
MAX_LENGTH = {"organization_name": 200, "service_name": 200, "legal_status": 100, "organization_website": 300,
              "postal_code": 20, "prefecture": 100, "city": 100, "address": 200, "phone": 40,
              "capacity_unit": 100}
NAMESPACE = uuid.UUID("9a7c1e55-2f3b-4d6a-8c0e-1b5d7f9e3a24")
STATUSES = {**{str(s.label): s.value for s in m.Service.Status}, **{s.value: s.value for s in m.Service.Status}}
NEEDS = {**{str(c.label): c.value for c in Complaint}, **{c.value: c.value for c in Complaint}}
LIVE = {**{str(s.label): s.value for s in m.LiveCapacity}, **{s.value: s.value for s in m.LiveCapacity}}


# ---- the row a service has now (export, and the "unchanged" test on import) ----

def _first(items):
    return items[0] if items else None


def _parts(service):
    sal = _first(sorted(service.service_at_locations.all(), key=lambda s: (s.location.name, str(s.location_id))))
    location = sal.location if sal else None
    address = _first(sorted(location.addresses.all(), key=lambda a: str(a.id))) if location else None
    phone = _first(sorted(service.phones.all(), key=lambda p: str(p.id))) or \
        _first(sorted(service.organization.phones.all(), key=lambda p: str(p.id)))
    schedule = _first(sorted(service.schedules.all(), key=lambda s: str(s.id)))
    capacity = _first(sorted(service.capacities.all(), key=lambda c: str(c.id)))
    return location, address, phone, schedule, capacity


def service_row(service) -> list[str]:
    """The service as CSV cells, all text, in COLUMNS order."""
    org = service.organization
    location, address, phone, schedule, capacity = _parts(service)
    labels = dict(Complaint.choices)
    live = bool(service.live_capacity)
    return [
        str(service.id), str(org.id), org.name, org.description, org.legal_status, org.website, service.name,
        service.description, str(service.get_status_display()),
        "|".join(str(labels[n]) for n in Complaint.values if n in service.needs), service.eligibility_description,
        service.application_process, service.fees_description, str(location.id) if location else "",
        location.municipality_code if location else "", address.postal_code if address else "",
        address.state_province if address else "", address.city if address else "",
        address.address_1 if address else "", phone.number if phone else "",
        "|".join(f"{lang.code}:{lang.name}" if lang.name else lang.code
                 for lang in sorted(service.languages.all(), key=lambda x: (x.code, x.name))),
        "|".join(sorted(a.name for a in service.service_areas.all() if a.name)),
        schedule.description if schedule else "",
        "" if live or not capacity else capacity.unit.name,
        "" if live or not capacity else str(capacity.available),
        "" if live or not capacity or capacity.maximum is None else str(capacity.maximum),
        str(service.get_live_capacity_display()) if live else "",
    ]


def _services():
    return (m.Service.objects.select_related("organization")
            .prefetch_related("service_at_locations__location__addresses", "phones", "organization__phones",
                              "schedules", "capacities__unit", "languages", "service_areas"))


def export_rows() -> list[list[str]]:
    return [service_row(s) for s in _services().order_by("organization__name", "name", "id")]


# ---- import ----

@dataclass
class Row:
    number: int
    values: dict
    unchanged: bool = False


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def created(self):
        return sum(1 for r in self.rows if not r.unchanged and r.values.get("is_new"))

    @property
    def updated(self):
        return sum(1 for r in self.rows if not r.unchanged and not r.values.get("is_new"))

    @property
    def unchanged(self):
        return sum(r.unchanged for r in self.rows)


class _Checker:
    def __init__(self, number, cells):
        self.number, self.cells, self.problems = number, cells, []

    def fail(self, column, message):
        self.problems.append(Problem(self.number, column, message))

    def text(self, column) -> str:
        value = (self.cells.get(column) or "").strip()
        # Undo the quote core.exports puts before formula-like text, so an exported file imports unchanged.
        if value.startswith("'") and value[1:2] and value[1:2] in FORMULA_START:
            value = value[1:]
        if has_control_characters(value):
            self.fail(column, CONTROL_MESSAGE)
        elif column in REQUIRED and not value:
            self.fail(column, "必須の項目が空欄です。")
        elif len(value) > MAX_LENGTH.get(column, 10_000):
            self.fail(column, f"{MAX_LENGTH[column]}文字以内で入力してください。")
        return value

    def uuid(self, column):
        value = self.text(column)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.fail(column, "UUID の形式ではありません（空欄にすると自動で付けます）。")
            return None

    def choice(self, column, mapping, what, default=""):
        value = self.text(column)
        if not value:
            return default
        if value not in mapping:
            self.fail(column, f"「{value}」は{what}として認識できません（{'／'.join(k for k in mapping if not k.isascii())}）。")
        return mapping.get(value, default)

    def count(self, column):
        value = unicodedata.normalize("NFKC", self.text(column))
        if not value:
            return None
        if not value.isdigit():
            self.fail(column, "0以上の整数で入力してください。")
            return None
        return int(value)


def check_row(number: int, cells: dict) -> tuple[dict, list[Problem]]:
    c = _Checker(number, cells)
    v = {name: c.text(name) for name in COLUMNS}
    v["service_id"], v["organization_id"], v["location_id"] = (c.uuid("service_id"), c.uuid("organization_id"),
                                                              c.uuid("location_id"))
    v["status"] = c.choice("status", STATUSES, "状態", default=m.Service.Status.ACTIVE)
    needs = [p.strip() for p in v["needs"].split("|") if p.strip()]
    unknown = [p for p in needs if p not in NEEDS]
    if unknown:
        c.fail("needs", f"「{'」「'.join(unknown)}」は相談内容として認識できません（相談受付票の16分類）。")
    v["needs"] = [n for n in Complaint.values if n in {NEEDS[p] for p in needs if p in NEEDS}]
    if v["municipality_code"]:
        try:
            v["municipality_code"] = normalise_body_code(unicodedata.normalize("NFKC", v["municipality_code"]))
        except ValueError as exc:
            c.fail("municipality_code", str(exc).replace("団体コード", "市町村コード"))
        else:
            # A directory may be loaded before any prefecture; once one is, the code must be one of its towns.
            towns = Municipality.objects.all()
            if towns.exists() and not towns.filter(code=v["municipality_code"]).exists():
                c.fail("municipality_code", f"市町村コード「{v['municipality_code']}」の市町村は登録されていません。")
    if any(v[name] for name in ADDRESS):
        for name in ADDRESS:
            if not v[name]:
                c.fail(name, "所在地を入れる場合は郵便番号・都道府県・市区町村・住所をすべて入力してください。")
    languages = []
    for part in (p.strip() for p in v["languages"].split("|") if p.strip()):
        code, _, name = part.partition(":")
        if not code.strip().isascii() or not code.strip().isalpha() or not 2 <= len(code.strip()) <= 3:
            c.fail("languages", f"「{part}」: 言語は「ja:日本語」のように ISO 639 の言語コードで始めてください。")
        languages.append((code.strip().lower(), name.strip()))
    v["languages"] = sorted(set(languages))
    v["service_areas"] = sorted({p.strip() for p in v["service_areas"].split("|") if p.strip()})
    v["capacity_available"], v["capacity_maximum"] = c.count("capacity_available"), c.count("capacity_maximum")
    v["live_capacity"] = c.choice("live_capacity", LIVE, "空き状況の連携")
    has_capacity = v["capacity_unit"] or v["capacity_available"] is not None or v["capacity_maximum"] is not None
    if v["live_capacity"] and has_capacity:
        c.fail("capacity_available", "空き状況を連携するサービスには空き数を入力しません（表示時に集計します）。")
    elif has_capacity and (not v["capacity_unit"] or v["capacity_available"] is None):
        c.fail("capacity_unit" if not v["capacity_unit"] else "capacity_available",
               "空き状況は単位と空き数をそろえて入力してください。")
    return v, c.problems


def _derived(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


def _resolve_ids(v: dict) -> None:
    """Fill blank ids: an existing object of that name, else an id derived from the names."""
    if v["organization_id"] is None:
        found = m.Organization.objects.filter(name=v["organization_name"]).order_by("id").first()
        v["organization_id"] = found.id if found else _derived("org", v["organization_name"])
    if v["service_id"] is None:
        found = (m.Service.objects.filter(organization_id=v["organization_id"], name=v["service_name"])
                 .order_by("id").first())
        v["service_id"] = found.id if found else _derived("service", v["organization_id"], v["service_name"])


def _check_consistency(rows: list[Row], problems: list[Problem]) -> None:
    seen_services, org_names = {}, {}
    for row in rows:
        v = row.values
        if v["service_id"] in seen_services:
            problems.append(Problem(row.number, "service_id",
                                    f"{seen_services[v['service_id']]}行目と同じサービスです（1サービス1行）。"))
        seen_services.setdefault(v["service_id"], row.number)
        name = org_names.setdefault(v["organization_id"], v["organization_name"])
        if name != v["organization_name"]:
            problems.append(Problem(row.number, "organization_name",
                                    f"同じ organization_id に別の名称（{name}）があります。"))
        service = m.Service.objects.filter(pk=v["service_id"]).only("organization_id").first()
        if service and service.organization_id != v["organization_id"]:
            problems.append(Problem(row.number, "organization_id", "このサービスは別の組織に登録されています。"))


def check_file(raw: bytes) -> Result:
    header, records = read_rows(decode_utf8_or_cp932(raw))
    result = Result()
    for name in header:
        if name not in COLUMNS:
            result.problems.append(Problem(1, name or "(空欄)", "不明な列名です（docs/directory-csv.md の列名を使ってください）。"))
    for name in REQUIRED:
        if name not in header:
            result.problems.append(Problem(1, name, "必須の列がありません。"))
    if result.problems:
        return result
    for number, cells in records:
        values, problems = check_row(number, dict(zip(header, cells, strict=False)))
        result.problems += problems
        if not problems:
            _resolve_ids(values)
            result.rows.append(Row(number, values))
    _check_consistency(result.rows, result.problems)
    ids = [r.values["service_id"] for r in result.rows]
    current = {s.id: s for s in _services().filter(pk__in=ids)}
    for row in result.rows:
        service = current.get(row.values["service_id"])
        row.values["is_new"] = service is None
        if service is not None:
            mine = check_row(row.number, dict(zip(COLUMNS, service_row(service), strict=True)))[0]
            row.unchanged = all(mine[k] == row.values[k] for k in COLUMNS if k != "location_id" or row.values[k])
    return result


@transaction.atomic
def import_file(raw: bytes, *, dry_run: bool = False) -> Result:
    result = check_file(raw)
    if result.problems or dry_run:
        return result
    for row in result.rows:
        if not row.unchanged:
            _write(row.values)
    return result


def _one(queryset, model, derived_id, **fields):
    """Update the first existing object of the queryset (the one the export shows), else create one."""
    obj = queryset.order_by("id").first()
    if obj is None:
        return model.objects.create(id=derived_id, **fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def _write(v: dict) -> None:
    org, _ = m.Organization.objects.update_or_create(id=v["organization_id"], defaults={
        "name": v["organization_name"], "description": v["organization_description"],
        "legal_status": v["legal_status"], "website": v["organization_website"]})
    service, _ = m.Service.objects.update_or_create(id=v["service_id"], defaults={
        "organization": org, "name": v["service_name"], "description": v["service_description"],
        "status": v["status"], "needs": v["needs"], "eligibility_description": v["eligibility"],
        "application_process": v["application_process"], "fees_description": v["fees"],
        "live_capacity": v["live_capacity"]})
    sid = service.id
    location = None
    if v["location_id"] or v["municipality_code"] or v["address"]:
        current, *_ = _parts(_services().get(pk=sid))
        location_id = v["location_id"] or (current.id if current else _derived("location", sid))
        location, _ = m.Location.objects.update_or_create(id=location_id, defaults={
            "organization": org, "location_type": m.Location.LocationType.PHYSICAL,
            "name": (current.name if current and current.id == location_id else "") or org.name,
            "external_identifier": v["municipality_code"],
            "external_identifier_type": m.Location.MUNICIPALITY_CODE if v["municipality_code"] else ""})
        m.ServiceAtLocation.objects.get_or_create(service=service, location=location,
                                                  defaults={"id": _derived("sal", sid, location.id)})
    if location is not None and v["address"]:
        _one(location.addresses.all(), m.Address, _derived("address", location.id), location=location,
             postal_code=v["postal_code"], state_province=v["prefecture"], city=v["city"], address_1=v["address"],
             country="JP", address_type=m.Location.LocationType.PHYSICAL)
    if v["phone"]:
        phones = service.phones.all() if service.phones.exists() else org.phones.all()
        if phones.exists():
            _one(phones, m.Phone, None, number=v["phone"])
        else:
            m.Phone.objects.create(id=_derived("phone", sid), service=service, number=v["phone"])
    _sync_languages(service, v["languages"])
    _sync_areas(service, v["service_areas"])
    if v["hours"]:
        _one(service.schedules.all(), m.Schedule, _derived("schedule", sid), service=service, description=v["hours"])
    if v["capacity_unit"]:
        unit = m.Unit.objects.filter(name=v["capacity_unit"]).order_by("id").first() or \
            m.Unit.objects.create(id=_derived("unit", v["capacity_unit"]), name=v["capacity_unit"])
        _one(service.capacities.all(), m.ServiceCapacity, _derived("capacity", sid), service=service, unit=unit,
             available=v["capacity_available"], maximum=v["capacity_maximum"],
             updated=timezone.now().replace(microsecond=0))


def _sync_languages(service, wanted: list[tuple[str, str]]) -> None:
    have = {(lang.code, lang.name): lang for lang in service.languages.all()}
    for key, lang in have.items():
        if key not in wanted:
            lang.delete()
    for code, name in wanted:
        if (code, name) not in have:
            m.Language.objects.create(id=_derived("language", service.id, code, name), service=service,
                                      code=code, name=name)


def _sync_areas(service, wanted: list[str]) -> None:
    have = {a.name: a for a in service.service_areas.all()}
    for name, area in have.items():
        if name and name not in wanted:
            area.delete()
    for name in wanted:
        if name not in have:
            m.ServiceArea.objects.create(id=_derived("area", service.id, name), service=service, name=name)
