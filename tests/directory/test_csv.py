"""The directory as one CSV table: export, and an import that checks everything before writing."""
import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jiritsu.directory import csvio
from jiritsu.directory import models as m
from jiritsu.directory.demo import load_demo_directory

HEADER = ",".join(csvio.COLUMNS)


@pytest.fixture
def directory(db):
    load_demo_directory()


def _export(tmp_path, name="out.csv"):
    call_command("export_directory", str(tmp_path / name))
    return (tmp_path / name).read_bytes()


def _import(path, capsys, *args):
    try:
        call_command("import_directory", str(path), *args)
        code = 0
    except CommandError as exc:
        print(exc)
        code = exc.returncode
    return code, capsys.readouterr().out


def _snapshot():
    return {model.__name__: sorted(map(str, model.objects.values_list())) for model in
            (m.Organization, m.Service, m.Location, m.Address, m.Phone, m.Language, m.ServiceArea, m.Schedule,
             m.ServiceCapacity, m.Unit)}


def _row(**cells):
    return ",".join(cells.get(c, "") for c in csvio.COLUMNS)


def test_it_exports_one_row_per_service_readable_by_excel(directory, tmp_path):
    data = _export(tmp_path)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == m.Service.objects.count()
    food = next(r for r in rows if r["service_name"] == "緊急食料支援（フードバンク）")
    assert food["needs"] == "収入・生活費|食べるものがない"
    assert (food["municipality_code"], food["city"], food["status"]) == ("08201", "水戸市", "提供中")
    assert food["capacity_unit"] == "世帯分の食品" and food["capacity_available"] == "20"
    shelter = next(r for r in rows if r["service_name"] == "一時生活支援（県営住宅の居室）")
    assert shelter["live_capacity"] == "一時生活支援の居室（空室状況）" and shelter["capacity_available"] == ""


def test_it_offers_the_same_table_as_a_download(client, world, tmp_path):
    load_demo_directory()
    client.force_login(world.worker_a)
    response = client.get(reverse("directory_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="directory.csv"'
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == \
        list(csv.reader(io.StringIO(_export(tmp_path).decode("utf-8-sig"))))


def test_importing_an_unchanged_export_changes_nothing(directory, tmp_path, capsys):
    _export(tmp_path)
    before = _snapshot()
    code, out = _import(tmp_path / "out.csv", capsys)
    assert code == 0 and f"変更なし {m.Service.objects.count()} 件" in out
    assert _snapshot() == before


def test_it_round_trips_through_an_empty_directory_and_imports_twice_the_same(directory, tmp_path, capsys):
    first = _export(tmp_path, "first.csv")
    services = m.Service.objects.count()
    for model in (m.ServiceCapacity, m.Language, m.Schedule, m.ServiceArea, m.ServiceAtLocation, m.Phone,
                  m.Contact, m.Address, m.Location, m.Service, m.Unit, m.Organization):
        model.objects.all().delete()
    code, out = _import(tmp_path / "first.csv", capsys)
    assert code == 0 and f"新規 {services} 件" in out
    assert _export(tmp_path, "second.csv") == first
    snapshot = _snapshot()
    code, out = _import(tmp_path / "first.csv", capsys)
    assert "新規 0 件、更新 0 件" in out and _snapshot() == snapshot


def test_it_reads_shift_jis_from_excel_and_finds_the_service_by_area_and_need(world, tmp_path, capsys, client):
    text = HEADER + "\r\n" + _row(organization_name="ひたちなか食料支援の会（架空）", service_name="食品の配布",
                                  needs="食べるものがない", municipality_code="082210", postal_code="312-0000",
                                  prefecture="茨城県", city="ひたちなか市", address="東石川1-1", phone="029-000-0000",
                                  languages="ja:日本語|en:English", hours="毎週水曜 10:00〜12:00") + "\r\n"
    (tmp_path / "sjis.csv").write_bytes(text.encode("cp932"))
    code, out = _import(tmp_path / "sjis.csv", capsys)
    assert code == 0, out
    service = m.Service.objects.get(name="食品の配布")
    assert service.needs == ["no_food"]
    client.force_login(world.worker_a)
    response = client.get(reverse("directory_search"), {"need": "no_food", "municipality": "08221", "language": "en"})
    assert [s.name for s in response.context["services"]] == ["食品の配布"]
    # The same file again, ids still blank: found by name, nothing new.
    code, out = _import(tmp_path / "sjis.csv", capsys)
    assert "新規 0 件" in out and m.Service.objects.filter(name="食品の配布").count() == 1


def test_it_reports_every_problem_by_row_and_column_and_imports_nothing(directory, tmp_path, capsys):
    before = _snapshot()
    text = "\n".join([
        HEADER,
        _row(organization_name="新しい団体", service_name="相談会", needs="食料|住まい"),
        _row(organization_name="", service_name="名前のない団体のサービス", municipality_code="0820"),
        _row(organization_name="別の団体", service_name="居室", capacity_available="2.5", status="営業中"),
        _row(organization_name="別の団体", service_name="宿泊", live_capacity="shelter_rooms", capacity_unit="室",
             capacity_available="1", languages="日本語", postal_code="3100000"),
    ]) + "\n"
    (tmp_path / "bad.csv").write_text(text, encoding="utf-8-sig")
    code, out = _import(tmp_path / "bad.csv", capsys)
    assert code == 1 and "何も取り込んでいません" in out
    for expected in ("row 2, column needs: 「食料」", "row 3, column organization_name: 必須",
                     "row 3, column municipality_code", "row 4, column capacity_available: 0以上の整数",
                     "row 4, column status: 「営業中」", "row 5, column capacity_available: 空き状況を連携する",
                     "row 5, column languages", "row 5, column city"):
        assert expected in out, expected
    assert _snapshot() == before


def test_it_refuses_a_control_character_by_row_and_column(directory, tmp_path, capsys):
    before = _snapshot()
    text = HEADER + "\n" + _row(organization_name="新しい\x01団体", service_name="相談会") + "\n"
    (tmp_path / "ctl.csv").write_text(text, encoding="utf-8")
    code, out = _import(tmp_path / "ctl.csv", capsys)
    assert code == 1 and "row 2, column organization_name: 制御文字" in out
    assert _snapshot() == before


def test_it_refuses_an_unknown_column_and_a_service_listed_twice(directory, tmp_path, capsys):
    (tmp_path / "cols.csv").write_text("organization_name,service_name,電話\nA,B,1\n", encoding="utf-8")
    code, out = _import(tmp_path / "cols.csv", capsys)
    assert code == 1 and "row 1, column 電話: 不明な列名" in out
    text = HEADER + "\n" + _row(organization_name="A", service_name="B") + "\n" + \
        _row(organization_name="A", service_name="B") + "\n"
    (tmp_path / "twice.csv").write_text(text, encoding="utf-8")
    code, out = _import(tmp_path / "twice.csv", capsys)
    assert code == 1 and "row 3, column service_id: 2行目と同じサービス" in out
    assert not m.Organization.objects.filter(name="A").exists()


def test_a_dry_run_writes_nothing(directory, tmp_path, capsys):
    (tmp_path / "new.csv").write_text(HEADER + "\n" + _row(organization_name="A", service_name="B") + "\n")
    code, out = _import(tmp_path / "new.csv", capsys, "--dry-run")
    assert code == 0 and "新規 1 件" in out and not m.Service.objects.filter(name="B").exists()


def test_it_is_reachable_as_jiritsu_export_directory():
    from jiritsu.cli import management_argv

    assert management_argv(["import", "directory", "f.csv"]) == ["jiritsu", "import_directory", "f.csv"]


def test_it_refuses_a_municipality_code_the_prefecture_does_not_have(ibaraki, tmp_path, capsys):
    (tmp_path / "town.csv").write_text(HEADER + "\n" + _row(organization_name="A", service_name="B",
                                                            municipality_code="08999") + "\n")
    code, out = _import(tmp_path / "town.csv", capsys)
    assert code == 1 and "row 2, column municipality_code: 市町村コード「08999」の市町村は登録されていません" in out
