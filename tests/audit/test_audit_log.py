"""The access log page and its CSV export: the body's chief reads its body's log, the auditor every body's,
nobody else anything; times in Asia/Tokyo with 和暦 dates; rows can never be changed."""
import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import DatabaseError, transaction

from jiritsu.audit import log
from jiritsu.audit.models import AccessLog
from jiritsu.orgs.models import Role
from tests.factories import make_user, new_case

URL = "/audit/"
EXPORT = "/audit/export.csv"


@pytest.fixture
def chief_b(world):
    return make_user("chief_b", world.agency_b, Role.CHIEF)


@pytest.fixture
def two_cities(world):
    hitachi = new_case(world, family_name="日立", given_name="一子")
    tsuchiura = new_case(world, user=world.worker_b, family_name="土浦", given_name="二子")
    return hitachi, tsuchiura


def rows_of(response):
    return response.context["page"].object_list


def test_it_shows_the_chief_the_body_s_log_and_nothing_of_another_body(client, world, two_cities, chief_b):
    hitachi, tsuchiura = two_cities
    log.record(user=world.prep_staff, action="read", what="ケース詳細", case=hitachi)
    client.force_login(world.chief_a)
    rows = rows_of(client.get(URL))
    assert {r.username for r in rows} == {"worker_a", "prep_staff"}
    assert all(r.body_id == world.hitachi.pk for r in rows)
    client.force_login(chief_b)
    response = client.get(URL)
    assert {r.body_id for r in rows_of(response)} == {world.tsuchiura.pk}
    assert "日立" not in "".join(r.what + r.organisation_name for r in rows_of(response))


def test_it_shows_the_chief_what_the_body_s_own_staff_did_without_a_case(client, world, two_cities, chief_b):
    log.record(user=world.admin_a, action="search", what="ケース検索", body_id=None)
    client.force_login(world.chief_a)
    assert "admin_a" in {r.username for r in rows_of(client.get(URL))}
    client.force_login(chief_b)
    assert "admin_a" not in {r.username for r in rows_of(client.get(URL))}


def test_it_shows_the_auditor_every_body_s_log_read_only(client, world, two_cities):
    client.force_login(world.auditor)
    response = client.get(URL)
    assert {r.body_id for r in rows_of(response)} == {world.hitachi.pk, world.tsuchiura.pk}
    page = response.content.decode()
    assert "日立市" in page and "土浦市" in page and "閲覧のみ" in page
    assert client.post(URL).status_code == 405
    narrowed = rows_of(client.get(URL, {"body": world.tsuchiura.pk}))
    assert {r.body_id for r in narrowed} == {world.tsuchiura.pk}


@pytest.mark.parametrize("who", ["worker_a", "admin_a", "prep_staff", "policy", "developer", "worker_b"])
def test_it_hides_the_log_from_everyone_else(client, world, two_cities, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert not AccessLog.objects.filter(action="export").exists()


def test_it_filters_by_user_case_number_and_action(client, world, two_cities):
    hitachi, _ = two_cities
    other = new_case(world, family_name="別人")
    log.record(user=world.chief_a, action="print", what="プランを印刷", case=hitachi)
    client.force_login(world.chief_a)
    by_case = rows_of(client.get(URL, {"case_number": hitachi.case_number}))
    assert by_case and {r.case_id for r in by_case} == {hitachi.pk} and other.pk != hitachi.pk
    by_user = rows_of(client.get(URL, {"username": "CHIEF_A"}))
    assert {r.username for r in by_user} == {"chief_a"}
    by_action = rows_of(client.get(URL, {"action": "print"}))
    assert [r.what for r in by_action] == ["プランを印刷"]


def test_it_shows_times_in_tokyo_with_wareki_and_filters_by_japanese_days(client, world):
    case = new_case(world)
    with time_machine.travel(dt.datetime(2024, 4, 1, 15, 30, tzinfo=dt.UTC), tick=False):
        log.record(user=world.worker_a, action="read", what="深夜の閲覧", case=case)
    client.force_login(world.chief_a)
    page = client.get(URL, {"action": "read"}).content.decode()
    assert "令和6年4月2日 00:30:00" in page
    assert [r.what for r in rows_of(client.get(URL, {"date_from": "R6.4.2", "date_to": "令和6年4月2日"}))] == ["深夜の閲覧"]
    assert not rows_of(client.get(URL, {"date_from": "2024-03-01", "date_to": "2024-04-01"}))


def test_it_keeps_a_bad_date_at_its_field(client, world):
    client.force_login(world.chief_a)
    response = client.get(URL, {"date_from": "R6.13.1", "username": "worker_a"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "存在しない日付" in page and 'value="R6.13.1"' in page and 'value="worker_a"' in page
    reversed_range = client.get(URL, {"date_from": "R6.4.2", "date_to": "R6.4.1"}).content.decode()
    assert "始まりの日付以降" in reversed_range


def test_it_pages_the_log_with_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    case = new_case(world)
    client.force_login(world.chief_a)
    with django_assert_max_num_queries(10) as small:
        client.get(URL)
    log.record_query(user=world.worker_a, action="read", what="一覧", cases=type(case).objects.all())
    for _ in range(3):
        log.record_query(user=world.worker_a, action="read", what="一覧", cases=type(case).objects.all())
    AccessLog.objects.bulk_create(
        AccessLog(username="worker_a", body_id=world.hitachi.pk, case_id=case.pk, case_number=case.case_number,
                  action="read", what=f"閲覧{i}", via="web") for i in range(300)
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"page": 3})
    assert len(rows_of(response)) == 50 and "3 / 7 ページ" in response.content.decode()
    assert "page=4" in response.content.decode() and "page=2" in response.content.decode()


def test_it_exports_the_filtered_rows_as_csv_with_bom_and_japanese_headers(client, world, two_cities):
    hitachi, tsuchiura = two_cities
    log.record(user=world.chief_a, action="print", what="プランを印刷", case=hitachi)
    client.force_login(world.chief_a)
    response = client.get(EXPORT, {"action": "print"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff日時,利用者,役割,所属,ケースの自治体,ケース番号,操作,対象,経路,接続元,APIトークン")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[1][1:8] == ["chief_a", "主任相談支援員", world.agency_a.name, "日立市", hitachi.case_number, "印刷", "プランを印刷"]
    assert rows[1][0].startswith("令和")


def test_it_records_the_export_itself(client, world, two_cities, chief_b):
    client.force_login(world.chief_a)
    b"".join(client.get(EXPORT, {"username": "worker_a"}).streaming_content)
    row = AccessLog.objects.get(action="export")
    assert row.username == "chief_a" and row.body_id == world.hitachi.pk
    assert row.what == "アクセス記録をCSV出力（利用者=worker_a）" and row.via == "web: GET /audit/export.csv"
    assert "出力" in {r.get_action_display() for r in rows_of(client.get(URL))}
    client.force_login(chief_b)
    assert "chief_a" not in {r.username for r in rows_of(client.get(URL))}


def test_it_lets_nobody_change_or_delete_a_row(world):
    case = new_case(world)
    row = AccessLog.objects.filter(case_id=case.pk).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(what="書き換え")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        row.what = "書き換え"
        row.save()
    row.refresh_from_db()
    assert row.what == "相談受付（新規ケース登録）"


def test_it_never_lets_excel_run_a_logged_text_as_a_formula(client, world):
    case = new_case(world)
    log.record(user=world.worker_a, action="search", what="=HYPERLINK(1)", case=case)
    client.force_login(world.chief_a)
    body = b"".join(client.get(EXPORT, {"action": "search"}).streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


def test_a_long_list_is_logged_one_row_per_case_however_many_statements_it_takes(world):
    """SQLite takes about ninety rows a statement: 250 cases still make 250 rows, each naming its case."""
    from types import SimpleNamespace

    cases = [SimpleNamespace(pk=10_000 + i, body_id=world.agency_a.body_id, case_number=f"L-{i:04d}") for i in range(250)]
    log.record_many(user=world.worker_a, action="read", what="長い一覧", cases=cases)
    rows = AccessLog.objects.filter(what="長い一覧")
    assert rows.count() == 250
    assert set(rows.values_list("case_number", flat=True)) == {c.case_number for c in cases}
    first = rows.get(case_id=10_000)
    assert (first.username, first.organisation_id, first.body_id, first.action) == (
        "worker_a", world.agency_a.pk, world.agency_a.body_id, "read")
