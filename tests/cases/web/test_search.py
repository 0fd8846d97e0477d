"""ケース検索: one box for names (any kana/width), phone, birth date, case number; scope; audit; CSV."""
import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from tests.factories import advance_case, new_case


def search(client, user, **params):
    client.force_login(user)
    return client.get(reverse("case_search"), params)


@pytest.fixture
def people(world):
    yamada = new_case(world)  # 山田 花子, やまだ はなこ, 1985-06-01, 090-1234-5678
    sato = new_case(world, family_name="佐藤", given_name="一郎", kana=("さとう", "いちろう"),
                    birth=dt.date(1990, 1, 2), phone="029-222-3333")
    return yamada, sato


@pytest.mark.parametrize("query", ["山田", "山田 花子", "やまだ", "ﾔﾏﾀﾞ", "ヤマダ　ハナコ", "はなこ",
                                   "09012345678", "090-1234-5678", "０９０１２３４５６７８",
                                   "S60.6.1", "昭和60年6月1日", "1985-06-01", "山田 S60.6.1"])
def test_it_finds_the_person_however_the_worker_types(client, world, people, query):
    yamada, sato = people
    html = search(client, world.worker_a, q=query).content.decode()
    assert yamada.case_number in html and sato.case_number not in html


def test_it_finds_a_case_by_its_number(client, world, people):
    yamada, sato = people
    html = search(client, world.worker_a, q=sato.case_number).content.decode()
    assert sato.case_number in html and yamada.case_number not in html
    assert "検索結果 <span class=\"count\">1件</span>" in html


def test_it_filters_by_status_and_closure(client, world, people):
    yamada, sato = people
    advance_case(world, sato, Status.CONTINUING)
    services.close_case(user=world.worker_a, case=sato, closed_on=sato.received_on + dt.timedelta(days=2),
                        reason="moved")
    html = search(client, world.worker_a, q="").content.decode()
    assert yamada.case_number in html and sato.case_number not in html
    html = search(client, world.worker_a, q="", state="all").content.decode()
    assert sato.case_number in html
    html = search(client, world.worker_a, status="closed", state="all").content.decode()
    assert sato.case_number in html and yamada.case_number not in html


def test_it_shows_nothing_before_a_search_is_made(client, world, people):
    res = search(client, world.worker_a)
    assert people[0].case_number not in res.content.decode()
    assert not AccessLog.objects.filter(action="search").exists()


def test_it_records_the_cases_shown(client, world, people):
    search(client, world.worker_a, q="山田")
    rows = AccessLog.objects.filter(action="search")
    assert [r.case_id for r in rows] == [people[0].pk] and rows[0].username == "worker_a"


def test_it_never_shows_another_body_s_cases(client, world, people):
    html = search(client, world.worker_b, q="山田").content.decode()
    assert people[0].case_number not in html and "見つかりませんでした" in html


def test_it_shows_a_provider_only_its_handed_off_cases(client, world, people):
    yamada, sato = people
    advance_case(world, yamada, Status.IN_SUPPORT)
    advance_case(world, sato, Status.ASSESSED)
    services.hand_off(user=world.worker_a, case=yamada, provider=world.prep_provider, program="employment_prep",
                      started_on=yamada.received_on + dt.timedelta(days=25))
    html = search(client, world.prep_staff, q="").content.decode()
    assert yamada.case_number in html and sato.case_number not in html
    html = search(client, world.shelter_staff, q="").content.decode()
    assert yamada.case_number not in html


@pytest.mark.parametrize("who", ["policy", "auditor", "developer"])
def test_it_tells_roles_without_case_access_so(client, world, people, who):
    res = search(client, getattr(world, who), q="山田")
    html = res.content.decode()
    assert res.status_code == 200 and "個人のケース情報は閲覧できません" in html
    assert people[0].case_number not in html and "山田" not in html.split("<main")[1].replace('value="山田"', "")
    assert not AccessLog.objects.filter(action="search").exists()


def test_it_pages_fifty_at_a_time_with_constant_queries(client, world, django_assert_max_num_queries):
    for i in range(3):
        new_case(world, given_name=f"太郎{i}", phone=f"090-0000-{i:04d}")
    client.force_login(world.worker_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("case_search"), {"q": ""})
    baseline = len(few.captured_queries)
    for i in range(3, 55):
        new_case(world, given_name=f"太郎{i}", phone=f"090-0000-{i:04d}")
    # The total comes with the page's rows: a full page costs no query more than a short one.
    with django_assert_max_num_queries(baseline):
        res = client.get(reverse("case_search"), {"q": ""})
    html = res.content.decode()
    assert "55件" in html and "1 / 2 ページ" in html and html.count('<tr>') == 51
    second = client.get(reverse("case_search"), {"q": "", "page": 2}).content.decode()
    assert second.count("<tr>") == 6 and "55件" in second and "2 / 2 ページ" in second
    for i in range(55, 70):
        new_case(world, given_name=f"太郎{i}", phone=f"090-0000-{i:04d}")
    with django_assert_max_num_queries(baseline):
        assert "70件" in client.get(reverse("case_search"), {"q": ""}).content.decode()


def test_it_shows_the_last_page_for_a_page_past_the_end(client, world):
    for i in range(3):
        new_case(world, given_name=f"太郎{i}", phone=f"090-0000-{i:04d}")
    client.force_login(world.worker_a)
    for page in ("9", "abc", "0"):
        html = client.get(reverse("case_search"), {"q": "", "page": page}).content.decode()
        assert "3件" in html and html.count("<tr>") == 4


def test_it_shows_an_empty_first_page_for_a_page_past_the_end_of_nothing(client, world):
    client.force_login(world.worker_a)
    html = client.get(reverse("case_search"), {"q": "該当なしの名前", "page": "5"}).content.decode()
    assert "0件" in html and "見つかりませんでした" in html


def test_it_exports_the_result_as_csv_for_excel(client, world, people):
    client.force_login(world.worker_a)
    res = client.get(reverse("case_search_export"), {"q": "山田"})
    body = res.content.decode("utf-8")
    assert res["Content-Type"].startswith("text/csv") and body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["ケース番号", "受付日(和暦)", "氏名", "ふりがな", "生年月日", "状況", "担当"]
    yamada = people[0]
    assert rows[1][0] == yamada.case_number and rows[1][2] == "山田 花子" and rows[1][4] == "昭和60年6月1日"
    assert rows[1][1].startswith("令和") and rows[1][6] == "日立 相談員" and len(rows) == 2
    exported = AccessLog.objects.filter(action="export")
    assert [r.case_id for r in exported] == [yamada.pk]


def test_it_exports_nothing_to_roles_without_case_access(client, world, people):
    client.force_login(world.policy)
    rows = list(csv.reader(io.StringIO(client.get(reverse("case_search_export")).content.decode().lstrip("\ufeff"))))
    assert len(rows) == 1
    client.force_login(world.worker_b)
    rows = list(csv.reader(io.StringIO(client.get(reverse("case_search_export")).content.decode().lstrip("\ufeff"))))
    assert len(rows) == 1 and not AccessLog.objects.filter(action="export").exists()


def test_it_never_lets_excel_run_typed_text_as_a_formula(client, world):
    new_case(world, family_name="=HYPERLINK(1)", given_name="一", kana=("", ""))
    client.force_login(world.worker_a)
    body = client.get(reverse("case_search_export")).content.decode()
    assert "'=HYPERLINK(1) 一" in body


def test_a_name_with_markup_shows_as_text_in_the_results(client, world):
    case = new_case(world, family_name="<b>山田</b>", given_name='"花子"&')
    html = search(client, world.worker_a, q=case.case_number).content.decode()
    assert "<b>山田</b>" not in html
    assert "&lt;b&gt;山田&lt;/b&gt; &quot;花子&quot;&amp;" in html


@pytest.mark.parametrize("recorded, typed", [("髙橋", "高橋"), ("高橋", "髙橋"), ("渡邉", "渡辺"), ("渡辺", "渡邊"),
                                             ("山﨑", "山崎"), ("齋藤", "斉藤")])
def test_it_finds_a_name_written_with_variant_kanji_either_way(client, world, recorded, typed):
    case = new_case(world, family_name=recorded)
    html = search(client, world.worker_a, q=f"{typed} 花子").content.decode()
    assert case.case_number in html
