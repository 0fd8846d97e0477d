"""The survey page: who sees which unit, downloads, and the cases behind each count."""
import datetime as dt
import io

import openpyxl
import pytest

from jiritsu.audit.models import AccessLog

from . import builders as b

Q = "unit={unit}&first=2024-04&last=2024-05"


@pytest.fixture
def cases(world):
    c = b.case("08202", dt.date(2024, 4, 3))
    c.client.family_name = "内訳"
    c.client.save()
    b.plan(c, 1, dt.date(2024, 5, 1), work_support_target=True)
    other = b.case("08203", dt.date(2024, 4, 5))
    return c, other


def test_it_shows_body_staff_their_body_with_counts_that_open_the_cases(client, world, cases):
    client.force_login(world.worker_a)
    page = client.get("/stats/monthly/?" + Q.format(unit="08202"))
    html = page.content.decode()
    assert page.status_code == 200 and "日立市" in html and "/stats/monthly/cases/?" in html
    drill = client.get("/stats/monthly/cases/?" + Q.format(unit="08202") + "&column=new&month=2024-04")
    assert drill.status_code == 200 and "内訳" in drill.content.decode() and cases[0].case_number in drill.content.decode()
    assert AccessLog.objects.filter(case_id=cases[0].pk, action="read", what__contains="支援状況調査の内訳").exists()
    assert client.get("/stats/monthly/cases/?" + Q.format(unit="08202") + "&column=work_support").status_code == 200


def test_it_refuses_body_staff_another_bodys_unit(client, world, cases):
    client.force_login(world.worker_a)
    page = client.get("/stats/monthly/?" + Q.format(unit="08203"))
    assert page.status_code == 200 and "<table" not in page.content.decode()
    assert "候補にありません" in page.content.decode()
    assert client.get("/stats/monthly/cases/?" + Q.format(unit="08203") + "&column=new").status_code == 403


def test_it_gives_the_prefecture_counts_only_and_never_names(client, world, cases):
    client.force_login(world.policy)
    page = client.get("/stats/monthly/?" + Q.format(unit="08"))
    html = page.content.decode()
    assert page.status_code == 200 and "/stats/monthly/cases/" not in html and "内訳" not in html.split("<table")[-1]
    assert client.get("/stats/monthly/?" + Q.format(unit="08202")).status_code == 200
    drill = client.get("/stats/monthly/cases/?" + Q.format(unit="08202") + "&column=new")
    assert drill.status_code == 403 and "内訳" not in drill.content.decode().replace("内訳は", "")


def test_it_downloads_csv_and_excel(client, world, cases):
    client.force_login(world.chief_a)
    csv_response = client.get("/stats/monthly.csv?" + Q.format(unit="08202"))
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("年月,新規相談受付件数,プラン作成件数,就労支援対象者数,住居確保給付金")
    assert text.splitlines()[-1].startswith("合計,1,1,1,")
    xlsx = client.get("/stats/monthly.xlsx?" + Q.format(unit="08202"))
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.cell(row=2, column=2).value == "新規相談受付件数"


def test_it_refuses_users_without_access(client, world, cases):
    for user in (world.auditor, world.prep_staff, world.developer):
        client.force_login(user)
        assert client.get("/stats/monthly/").status_code == 403
        assert client.get("/stats/monthly.csv?" + Q.format(unit="08202")).status_code == 403
    client.logout()
    assert client.get("/stats/monthly/").status_code == 302


def test_it_keeps_bad_months_at_the_field(client, world):
    client.force_login(world.worker_a)
    page = client.get("/stats/monthly/?unit=08202&first=2024/04&last=2024-03")
    assert page.status_code == 200 and "年月として読めません" in page.content.decode()


def test_the_drill_down_list_runs_in_few_queries(client, world, cases, django_assert_max_num_queries):
    for i in range(5):
        b.case("08202", dt.date(2024, 4, 10 + i))
    client.force_login(world.worker_a)
    with django_assert_max_num_queries(12):
        client.get("/stats/monthly/cases/?" + Q.format(unit="08202") + "&column=new")
