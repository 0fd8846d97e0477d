"""Export and import the directory as Open Referral HSDS 3.1 JSON, one file per object type.

Version: HSDS 3.1 (openreferral/specification, schema/*.json). The files use HSDS's tabular
representation serialised as JSON: each file is an array of flat objects, related objects referenced
by `<object>_id`, so a service_capacity carries `unit_id` and `service_id` (its "tabular_required")
instead of a nested `unit`. Implemented objects and their HSDS-required fields:

    organizations.json          id, name, description
    services.json               id, name, status (enum), organization_id
    locations.json              id, location_type (enum physical/postal/virtual)
    addresses.json              id, location_id, address_1, city, state_province, postal_code, country,
                                address_type
    contacts.json               id
    phones.json                 id, number
    service_at_locations.json   id, service_id, location_id
    service_areas.json          id, service_id
    schedules.json              id
    languages.json              id
    units.json                  id, name
    service_capacities.json     id, service_id, unit_id, available (number), updated (date-time)
    taxonomies.json             id, name, description
    taxonomy_terms.json         id, name, description
    attributes.json             id, taxonomy_term_id, link_id, link_entity

A service whose availability lives elsewhere in jiritsu (Service.live_capacity: shelter rooms, placement
slots) gets its service_capacity and unit computed at export time (see live.py); the link itself is local
and not exported, so an imported copy keeps the figure as a stored snapshot.

Optional fields are written only when they have a value (HSDS types do not admit null). Our extension
uses HSDS's own mechanism: Service.needs become attributes linking the service to terms of the
"jiritsu-soudan-naiyou" taxonomy (one term per intake 相談内容). A location's municipality is its
external_identifier (全国地方公共団体コード) with external_identifier_type "jp-lg-code". Output is deterministic:
objects sorted by id, keys in the order below, ISO 8601 dates, UTF-8, two-space indent.

Import validates every file (required fields, types, enums, UUIDs, references) before writing anything,
then upserts by UUID in one transaction. Taxonomies and terms are checked but not stored: ours are
generated from the intake categories, and attributes pointing at other taxonomies are not kept.
"""
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from jiritsu.cases.choices import Complaint
from jiritsu.core.text import has_control_characters
from jiritsu.core.wareki import DateParseError, check_range

from . import live
from . import models as m

HSDS_VERSION = "3.1"
# Fixed namespace so taxonomy, term and attribute ids are the same on every export.
NAMESPACE = uuid.UUID("6f1d3c62-5a0e-4f57-9a55-2b6a8e3c1d01")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy:jiritsu-soudan-naiyou")


class HsdsError(Exception):
    """A file does not conform; the message names the file, the object and the field."""


@dataclass(frozen=True)
class F:
    name: str
    kind: str  # string, uuid, number (integer in our models), date, date-time, time, enum
    required: bool = False
    choices: tuple = ()
    attr: str = ""  # model attribute when it differs from the HSDS name

    @property
    def model_attr(self):
        return self.attr or self.name


def _enum(name, choices, required=False):
    return F(name, "enum", required, tuple(choices.values))


# File name -> (model, fields in export order). Order of the dict is the import order (parents first).
TABLES = {
    "organizations.json": (m.Organization, [
        F("id", "uuid", True), F("name", "string", True), F("alternate_name", "string"),
        F("description", "string", True), F("email", "string"), F("website", "string"),
        F("year_incorporated", "number"), F("legal_status", "string"),
    ]),
    "units.json": (m.Unit, [
        F("id", "uuid", True), F("name", "string", True), F("scheme", "string"), F("identifier", "string"),
        F("uri", "string"),
    ]),
    "services.json": (m.Service, [
        F("id", "uuid", True), F("organization_id", "uuid", True), F("name", "string", True),
        F("alternate_name", "string"), F("description", "string"), F("url", "string"), F("email", "string"),
        _enum("status", m.Service.Status, True), F("interpretation_services", "string"),
        F("application_process", "string"), F("fees_description", "string"),
        F("eligibility_description", "string"), F("minimum_age", "number"), F("maximum_age", "number"),
        F("assured_date", "date"), F("alert", "string"),
    ]),
    "locations.json": (m.Location, [
        F("id", "uuid", True), _enum("location_type", m.Location.LocationType, True), F("url", "string"),
        F("organization_id", "uuid"), F("name", "string"), F("alternate_name", "string"),
        F("description", "string"), F("transportation", "string"), F("latitude", "number"),
        F("longitude", "number"), F("external_identifier", "string"), F("external_identifier_type", "string"),
    ]),
    "addresses.json": (m.Address, [
        F("id", "uuid", True), F("location_id", "uuid", True), F("attention", "string"),
        F("address_1", "string", True), F("address_2", "string"), F("city", "string", True),
        F("region", "string"), F("state_province", "string", True), F("postal_code", "string", True),
        F("country", "string", True), _enum("address_type", m.Location.LocationType, True),
    ]),
    "contacts.json": (m.Contact, [
        F("id", "uuid", True), F("organization_id", "uuid"), F("service_id", "uuid"), F("location_id", "uuid"),
        F("name", "string"), F("title", "string"), F("department", "string"), F("email", "string"),
    ]),
    "phones.json": (m.Phone, [
        F("id", "uuid", True), F("location_id", "uuid"), F("service_id", "uuid"), F("organization_id", "uuid"),
        F("contact_id", "uuid"), F("number", "string", True), F("extension", "number"), F("type", "string"),
        F("description", "string"),
    ]),
    "service_at_locations.json": (m.ServiceAtLocation, [
        F("id", "uuid", True), F("service_id", "uuid", True), F("location_id", "uuid", True),
        F("description", "string"),
    ]),
    "service_areas.json": (m.ServiceArea, [
        F("id", "uuid", True), F("service_id", "uuid", True), F("name", "string"), F("description", "string"),
    ]),
    "schedules.json": (m.Schedule, [
        F("id", "uuid", True), F("service_id", "uuid"), F("location_id", "uuid"), F("valid_from", "date"),
        F("valid_to", "date"), _enum("freq", m.Schedule.Freq), F("interval", "number"), F("byday", "string"),
        F("opens_at", "time"), F("closes_at", "time"), F("description", "string"),
    ]),
    "languages.json": (m.Language, [
        F("id", "uuid", True), F("service_id", "uuid"), F("location_id", "uuid"), F("name", "string"),
        F("code", "string"), F("note", "string"),
    ]),
    "service_capacities.json": (m.ServiceCapacity, [
        F("id", "uuid", True), F("service_id", "uuid", True), F("unit_id", "uuid", True),
        F("available", "number", True), F("maximum", "number"), F("description", "string"),
        F("updated", "date-time", True),
    ]),
}
TAXONOMY_FIELDS = [F("id", "uuid", True), F("name", "string", True), F("description", "string", True),
                   F("version", "string")]
TERM_FIELDS = [F("id", "uuid", True), F("code", "string"), F("name", "string", True),
               F("description", "string", True), F("taxonomy", "string"), F("taxonomy_id", "uuid")]
ATTRIBUTE_FIELDS = [F("id", "uuid", True), F("link_id", "uuid", True), F("taxonomy_term_id", "uuid", True),
                    F("link_type", "string"), F("link_entity", "string", True), F("label", "string")]
EXTRA_TABLES = {"taxonomies.json": TAXONOMY_FIELDS, "taxonomy_terms.json": TERM_FIELDS,
                "attributes.json": ATTRIBUTE_FIELDS}
SCHEMA = {**{name: fields for name, (_, fields) in TABLES.items()}, **EXTRA_TABLES}

# Foreign keys: HSDS field -> (file holding the target, target model).
REFERENCES = {
    "organization_id": ("organizations.json", m.Organization), "service_id": ("services.json", m.Service),
    "location_id": ("locations.json", m.Location), "contact_id": ("contacts.json", m.Contact),
    "unit_id": ("units.json", m.Unit),
}


def term_id(need: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{need}")


def attribute_id(service_id, need: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"attribute:{service_id}:{need}")


# ---- export ----

def _json_value(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _row(values: dict, fields) -> dict:
    row = {}
    for f in fields:
        value = values.get(f.name)
        if f.required or value not in (None, ""):
            row[f.name] = _json_value(value)
    return row


def _model_values(obj, fields) -> dict:
    return {f.name: getattr(obj, f.model_attr, None) for f in fields}


def object_row(name: str, obj) -> dict:
    """One object as the file `name` writes it (JSON-ready, optional empty fields left out): the HSDS API
    (hsds_api.py) answers the same objects as the export."""
    return _row(_model_values(obj, SCHEMA[name]), SCHEMA[name])


TAXONOMY = {"id": TAXONOMY_ID, "name": "jiritsu-soudan-naiyou",
            "description": "生活困窮者自立支援 相談受付票の相談内容（16分類）", "version": "1"}


def need_term(need: str) -> dict:
    label = str(Complaint(need).label)
    return {"id": term_id(need), "code": need, "name": label, "description": label,
            "taxonomy": "jiritsu-soudan-naiyou", "taxonomy_id": TAXONOMY_ID}


def need_attribute(service_id, need: str) -> dict:
    return {"id": attribute_id(service_id, need), "link_id": service_id, "taxonomy_term_id": term_id(need),
            "link_type": "need", "link_entity": "service", "label": str(Complaint(need).label)}


def _taxonomy_rows(services) -> dict[str, list[dict]]:
    taxonomy = TAXONOMY
    terms = [need_term(c.value) for c in Complaint]
    attributes = [need_attribute(s.id, need) for s in services for need in s.needs]
    return {"taxonomies.json": [taxonomy], "taxonomy_terms.json": terms, "attributes.json": attributes}


def _add_live_capacities(out: dict[str, list[dict]]) -> None:
    units = {row["id"] for row in out["units.json"]}
    for service_id, rows in live.capacities(m.Service.objects.exclude(live_capacity="")).items():
        for c in rows:
            if c.unit_id not in units:
                units.add(c.unit_id)
                out["units.json"].append({"id": c.unit_id, "name": c.unit_name})
            out["service_capacities.json"].append({
                "id": c.id, "service_id": service_id, "unit_id": c.unit_id, "available": c.available,
                "maximum": c.maximum, "description": c.description, "updated": c.updated})


def export_rows() -> dict[str, list[dict]]:
    """Every file's objects as JSON-ready dicts, sorted by id."""
    out = {}
    for name, (model, fields) in TABLES.items():
        objects = model.objects.all()
        if model is m.ServiceCapacity:
            # A live service's availability is read now (live.py), not taken from a stored snapshot.
            objects = objects.filter(service__live_capacity="")
        out[name] = [_model_values(obj, fields) for obj in objects]
    _add_live_capacities(out)
    out.update(_taxonomy_rows(m.Service.objects.all()))
    return {name: sorted((_row(v, SCHEMA[name]) for v in rows), key=lambda r: r["id"])
            for name, rows in out.items()}


def dumps(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def export_directory(directory: Path) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, rows in export_rows().items():
        (directory / name).write_text(dumps(rows), encoding="utf-8")
        counts[name] = len(rows)
    return counts


# ---- import: validate everything, then write in one transaction ----

def _check_value(f: F, value, where: str):
    """Return the Python value for a JSON value of field f, or raise HsdsError."""
    def bad(expected):
        return HsdsError(f"{where}: {f.name} は {expected} でなければなりません（値: {value!r}）")

    if f.kind in ("string", "enum"):
        if not isinstance(value, str):
            raise bad("文字列")
        if has_control_characters(value):
            raise bad("制御文字を含まない文字列")
        if f.kind == "enum" and value not in f.choices:
            raise bad("「" + "」「".join(f.choices) + "」のいずれか")
        return value
    if f.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad("数値")
        if f.name in ("latitude", "longitude"):
            return value
        # Our counts, ages and years are whole numbers: reject 2.5 rooms rather than round it.
        if value < 0 or value != int(value):
            raise bad("0 以上の整数")
        return int(value)
    if not isinstance(value, str):
        raise bad("文字列")
    parse = {"uuid": uuid.UUID, "date": dt.date.fromisoformat, "time": dt.time.fromisoformat,
             "date-time": dt.datetime.fromisoformat}[f.kind]
    try:
        parsed = parse(value)
    except ValueError:
        raise bad({"uuid": "UUID", "date": "ISO 8601 の日付", "time": "ISO 8601 の時刻",
                   "date-time": "ISO 8601 の日時"}[f.kind]) from None
    if f.kind == "date-time" and timezone.is_naive(parsed):
        raise bad("タイムゾーン付きの ISO 8601 日時")
    if f.kind == "date":
        try:
            check_range(parsed)
        except DateParseError as exc:
            raise HsdsError(f"{where}: {f.name}: {exc}（値: {value!r}）") from None
    return parsed


def _check_row(name: str, index: int, row, fields) -> dict:
    where = f"{name} [{index}]"
    if not isinstance(row, dict):
        raise HsdsError(f"{where}: オブジェクトでなければなりません")
    if "id" in row:
        where = f"{name} id={row['id']}"
    values = {}
    for f in fields:
        value = row.get(f.name)
        if value is None or value == "":
            if f.required:
                raise HsdsError(f"{where}: 必須項目 {f.name} がありません")
            continue
        values[f.name] = _check_value(f, value, where)
    return values


def read_directory(directory: Path) -> dict[str, list[dict]]:
    """Parse and type-check every file (missing files are empty); raises HsdsError."""
    if not directory.is_dir():
        raise HsdsError(f"{directory}: フォルダがありません")
    data = {}
    for name, fields in SCHEMA.items():
        path = directory / name
        if not path.exists():
            data[name] = []
            continue
        try:
            rows = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HsdsError(f"{name}: JSON として読めません（{exc}）") from None
        if not isinstance(rows, list):
            raise HsdsError(f"{name}: オブジェクトの配列でなければなりません")
        data[name] = [_check_row(name, i, row, fields) for i, row in enumerate(rows)]
        ids = [r["id"] for r in data[name]]
        if len(ids) != len(set(ids)):
            raise HsdsError(f"{name}: id が重複しています")
    return data


def _check_references(data):
    for name, (_, fields) in TABLES.items():
        for f in fields:
            if f.name not in REFERENCES:
                continue
            target_file, target_model = REFERENCES[f.name]
            known = {r["id"] for r in data[target_file]}
            wanted = {r[f.name] for r in data[name] if f.name in r} - known
            missing = wanted - set(target_model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
            if missing:
                raise HsdsError(f"{name}: {f.name} {sorted(map(str, missing))[0]} が見つかりません")


def _needs_by_service(data) -> dict[uuid.UUID, list[str]]:
    codes = {term_id(c.value): c.value for c in Complaint}
    needs: dict[uuid.UUID, list[str]] = {}
    for row in data["attributes.json"]:
        # Attributes of other taxonomies are not ours to keep; ours map back to Service.needs.
        if row["link_entity"] == "service" and row["taxonomy_term_id"] in codes:
            needs.setdefault(row["link_id"], []).append(codes[row["taxonomy_term_id"]])
    order = list(Complaint.values)
    return {sid: sorted(set(v), key=order.index) for sid, v in needs.items()}


def _defaults(model, fields, row, extra) -> dict:
    defaults = {}
    for f in fields[1:]:
        field = model._meta.get_field(f.name.removesuffix("_id") if f.name.endswith("_id") else f.name)
        empty = None if field.null else ""
        defaults[field.attname] = row.get(f.name, empty)
    defaults.update(extra)
    return defaults


@transaction.atomic
def import_directory(directory: Path) -> dict[str, int]:
    """Upsert every object by UUID; on any error nothing is written (HsdsError)."""
    data = read_directory(directory)
    _check_references(data)
    needs = _needs_by_service(data)
    unknown = set(needs) - {r["id"] for r in data["services.json"]}
    unknown -= set(m.Service.objects.filter(pk__in=unknown).values_list("pk", flat=True))
    if unknown:
        raise HsdsError(f"attributes.json: link_id {sorted(map(str, unknown))[0]} のサービスが見つかりません")
    counts = {}
    for name, (model, fields) in TABLES.items():
        for row in data[name]:
            extra = {}
            if model is m.Service:
                extra["needs"] = needs.get(row["id"], [])
            model.objects.update_or_create(id=row["id"], defaults=_defaults(model, fields, row, extra))
        counts[name] = len(data[name])
    return counts
