"""HSDS 3.1 export/import of the social-resource directory."""
import json
import re
import shutil

import pytest
from django.core.management import call_command

from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_directory

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")

# HSDS 3.1 required fields (schema "required" plus "tabular_required", since the files are flat) and
# their documented types, written out independently of the implementation.
REQUIRED = {
    "organizations.json": {"id": "uuid", "name": "string", "description": "string"},
    "services.json": {"id": "uuid", "name": "string", "status": "status", "organization_id": "uuid"},
    "locations.json": {"id": "uuid", "location_type": "location_type"},
    "addresses.json": {"id": "uuid", "location_id": "uuid", "address_1": "string", "city": "string",
                       "state_province": "string", "postal_code": "string", "country": "string",
                       "address_type": "location_type"},
    "contacts.json": {"id": "uuid"},
    "phones.json": {"id": "uuid", "number": "string"},
    "service_at_locations.json": {"id": "uuid", "service_id": "uuid", "location_id": "uuid"},
    "service_areas.json": {"id": "uuid", "service_id": "uuid"},
    "schedules.json": {"id": "uuid"},
    "languages.json": {"id": "uuid"},
    "units.json": {"id": "uuid", "name": "string"},
    "service_capacities.json": {"id": "uuid", "service_id": "uuid", "unit_id": "uuid", "available": "number",
                                "updated": "date-time"},
    "taxonomies.json": {"id": "uuid", "name": "string", "description": "string"},
    "taxonomy_terms.json": {"id": "uuid", "name": "string", "description": "string"},
    "attributes.json": {"id": "uuid", "taxonomy_term_id": "uuid", "link_id": "uuid", "link_entity": "string"},
}


def _conforms(kind, value):
    if kind == "uuid":
        return isinstance(value, str) and UUID_RE.match(value)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "date-time":
        return isinstance(value, str) and DATETIME_RE.match(value)
    if kind == "status":
        return value in ("active", "inactive", "defunct", "temporarily closed")
    if kind == "location_type":
        return value in ("physical", "postal", "virtual")
    return isinstance(value, str) and value != ""


@pytest.fixture
def directory(db):
    # No prefecture loaded: the directory stands alone, as in a freshly migrated database.
    load_demo_directory()


def _export(path):
    call_command("export_hsds", str(path))
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def _flush_directory():
    for model in (m.ServiceCapacity, m.Language, m.Schedule, m.ServiceArea, m.ServiceAtLocation, m.Phone,
                  m.Contact, m.Address, m.Location, m.Service, m.Unit, m.Organization):
        model.objects.all().delete()


def test_it_exports_every_required_hsds_field_with_its_type(directory, tmp_path):
    files = _export(tmp_path)
    assert set(REQUIRED) <= set(files)
    for name, fields in REQUIRED.items():
        rows = json.loads(files[name])
        assert isinstance(rows, list)
        assert rows, f"{name} is empty in the demo directory"
        for row in rows:
            for field, kind in fields.items():
                assert field in row, f"{name}: {field} missing"
                assert _conforms(kind, row[field]), f"{name}: {field}={row[field]!r} is not {kind}"
            assert None not in row.values(), f"{name}: HSDS types do not admit null"


def test_it_writes_sorted_objects_in_stable_utf8_json(directory, tmp_path):
    files = _export(tmp_path)
    services = json.loads(files["services.json"])
    assert [s["id"] for s in services] == sorted(s["id"] for s in services)
    assert list(services[0])[:3] == ["id", "organization_id", "name"]
    assert "フードバンク" in files["services.json"].decode("utf-8")
    assert files["services.json"].endswith(b"]\n")
    assert _export(tmp_path / "again") == files


def test_it_keeps_needs_and_municipality_in_hsds_extension_points(directory, tmp_path):
    files = _export(tmp_path)
    food = m.Service.objects.get(name__contains="フードバンク")
    links = [a for a in json.loads(files["attributes.json"]) if a["link_id"] == str(food.id)]
    assert len(links) == len(food.needs) == 2
    location = next(loc for loc in json.loads(files["locations.json"]) if loc.get("external_identifier") == "08201")
    assert location["external_identifier_type"] == "jp-lg-code"
    assert "needs" not in json.loads(files["services.json"])[0]


def test_it_round_trips_through_an_empty_database(directory, tmp_path):
    first = _export(tmp_path / "first")
    _flush_directory()
    call_command("import_hsds", str(tmp_path / "first"))
    assert _export(tmp_path / "second") == first
    food = m.Service.objects.get(name__contains="フードバンク")
    assert food.needs == ["income", "no_food"]
    assert food.service_at_locations.get().location.municipality_code == "08201"


def test_it_updates_existing_objects_by_uuid_on_import(directory, tmp_path):
    _export(tmp_path)
    rows = json.loads((tmp_path / "services.json").read_text())
    rows[0]["name"] = "名称を変更したサービス"
    (tmp_path / "services.json").write_text(json.dumps(rows, ensure_ascii=False))
    before = m.Service.objects.count()
    call_command("import_hsds", str(tmp_path))
    assert m.Service.objects.count() == before
    assert m.Service.objects.get(pk=rows[0]["id"]).name == "名称を変更したサービス"


@pytest.mark.parametrize(("file", "change", "message"), [
    ("organizations.json", lambda r: r.pop("description"), "description"),
    ("services.json", lambda r: r.update(status="open"), "status"),
    ("service_capacities.json", lambda r: r.update(available="12"), "available"),
    ("service_capacities.json", lambda r: r.update(updated="2024-04-01 09:00"), "updated"),
    ("locations.json", lambda r: r.update(id="not-a-uuid"), "id"),
    ("services.json", lambda r: r.update(name="食品\x00の配布"), "制御文字"),
    ("services.json", lambda r: r.update(assured_date="1024-04-01"), "明治元年1月25日（1868年）以降"),
    ("services.json", lambda r: r.update(assured_date="9999-12-31"), "以前の日付"),
    ("service_at_locations.json", lambda r: r.update(location_id="5d3c0a52-0000-4000-8000-000000000000"),
     "location_id"),
])
def test_it_rejects_a_bad_file_and_imports_nothing(directory, tmp_path, capsys, file, change, message):
    _export(tmp_path)
    _flush_directory()
    rows = json.loads((tmp_path / file).read_text())
    change(rows[0])
    (tmp_path / file).write_text(json.dumps(rows, ensure_ascii=False))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_hsds", str(tmp_path))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert file in err and message in err and "何も取り込んでいません" in err
    assert not m.Organization.objects.exists() and not m.Service.objects.exists()


def test_it_rejects_a_file_that_is_not_json(db, tmp_path, capsys):
    (tmp_path / "organizations.json").write_text("{broken")
    with pytest.raises(SystemExit):
        call_command("import_hsds", str(tmp_path))
    assert "organizations.json" in capsys.readouterr().err


def test_it_imports_nothing_when_a_later_file_is_wrong(directory, tmp_path):
    _export(tmp_path)
    shutil.copytree(tmp_path, tmp_path / "copy", ignore=shutil.ignore_patterns("copy"))
    _flush_directory()
    (tmp_path / "copy" / "languages.json").write_text('[{"id": "x"}]')
    with pytest.raises(SystemExit):
        call_command("import_hsds", str(tmp_path / "copy"))
    assert m.Organization.objects.count() == 0


def test_it_is_reachable_as_jiritsu_export_hsds():
    from jiritsu.cli import management_argv

    assert management_argv(["export", "hsds", "out"]) == ["jiritsu", "export_hsds", "out"]
    assert management_argv(["import", "hsds", "in"]) == ["jiritsu", "import_hsds", "in"]
