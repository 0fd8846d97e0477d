"""The prefecture's program pages: policy staff use them; nobody else does; no person ever appears."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Method, Participation
from jiritsu.programs.participation import load_ibaraki_history


@pytest.fixture
def policy_client(client, world):
    client.force_login(world.policy)
    return client


PAGES = [
    ("implementation", {}),
    ("participation_list", {}),
    ("participation_edit", {"fy": 2022, "code": "08201", "program": "employment_prep"}),
    ("cost_share", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("who", ["worker_a", "chief_a", "admin_a", "prep_staff", "auditor", "developer"])
def test_it_refuses_everyone_but_the_prefectures_policy_staff(client, world, name, kwargs, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403
    if name == "participation_edit":
        assert client.post(reverse(name, kwargs=kwargs), {"method": "joint"}).status_code == 403
        assert not Participation.objects.exists()


def test_it_sends_anonymous_visitors_to_login(client, world):
    response = client.get(reverse("implementation"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_shows_the_seeds_table_and_downloads_it(policy_client, django_assert_max_num_queries):
    load_ibaraki_history()
    with django_assert_max_num_queries(12):
        page = policy_client.get(reverse("implementation"), {"from_fy": "R1", "to_fy": "R4"})
    html = page.content.decode()
    assert "任意事業の実施状況" in html
    for text in ("R元年度", "H27年度", "5(15.2%)", "33(100%)", "1(3.0%)", "9(27.3%)"):
        assert text in html
    csv = policy_client.get(reverse("implementation"), {"from_fy": "2019", "to_fy": "2022", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[1] == "就労準備支援,委託,H27年度,5(15.2%),9(27.3%),27(81.8%),33(100%)"
    xlsx = policy_client.get(reverse("implementation"), {"from_fy": "2019", "to_fy": "2022", "format": "xlsx"})
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()]
    assert rows[4] == ["一時生活支援", "委託", "R元年度", "1(3.0%)", "2(6.1%)", "6(18.2%)", "9(27.3%)"]


def test_the_menu_links_policy_staff_to_the_pages(policy_client, client, world):
    links = [f'href="{reverse(name)}"' for name in ("implementation", "agreement_list", "program_results")]
    html = policy_client.get(reverse("org_list")).content.decode()
    assert all(link in html for link in links)
    client.force_login(world.worker_a)
    html = client.get(reverse("org_list")).content.decode()
    assert links[0] not in html and links[2] not in html
    assert links[1] in html  # a city's staff read their own agreements
    client.force_login(world.prep_staff)
    assert not any(link in client.get(reverse("org_list")).content.decode() for link in links)


def test_it_lists_bodies_by_program_for_a_year(policy_client, django_assert_max_num_queries):
    load_ibaraki_history()
    with django_assert_max_num_queries(10):
        page = policy_client.get(reverse("participation_list"), {"fy": "令和3年度"})
    html = page.content.decode()
    assert "令和3年度" in html and "水戸市" in html and "33団体" in html
    assert html.count("広域委託") >= 8
    assert reverse("participation_edit", args=[2021, "08201", "employment_prep"]) in html


def test_it_sets_and_clears_a_bodys_method(policy_client, world):
    url = reverse("participation_edit", args=[2022, "08202", "household_budget"])
    assert "実施なし" in policy_client.get(url).content.decode()
    response = policy_client.post(url, {"method": "joint", "since": "R4.5.1"})
    assert response.status_code == 302
    row = Participation.objects.get()
    assert (row.body.code, row.program, row.fiscal_year, row.method, str(row.since)) == (
        "08202", Program.HOUSEHOLD_BUDGET, 2022, Method.JOINT, "2022-05-01")
    assert row.updated_by == world.policy
    page = policy_client.get(response["Location"]).content.decode()
    assert "日立市の令和4年度 家計改善支援を「広域委託」として記録しました。" in page
    policy_client.post(url, {"method": "", "since": ""})
    assert not Participation.objects.exists()


def test_it_keeps_the_input_and_says_why_when_the_start_date_is_wrong(policy_client):
    url = reverse("participation_edit", args=[2022, "08202", "household_budget"])
    for since, message in (("R9.13.1", "日付"), ("2024-04-01", "令和4年度より後")):
        page = policy_client.post(url, {"method": "joint", "since": since})
        html = page.content.decode()
        assert page.status_code == 200 and message in html and f'value="{since}"' in html
    assert not Participation.objects.exists()


def test_it_answers_404_for_unknown_bodies_and_programs(policy_client):
    assert policy_client.get(reverse("participation_edit", args=[2022, "99999", "employment_prep"])).status_code == 404
    assert policy_client.get(reverse("participation_edit", args=[2022, "08201", "walking"])).status_code == 404


def test_it_apportions_explains_and_exports_without_any_person(policy_client, world):
    from tests.factories import advance_case, new_case

    for code in ("08201", "08202", "08203"):
        Participation.objects.create(body=Body.objects.get(code=code), program=Program.EMPLOYMENT_PREP,
                                     fiscal_year=2022, method=Method.JOINT)
    Agreement.objects.exclude(body__code__in=["08201", "08202", "08203"]).delete()  # the same three, by 協定
    advance_case(world, new_case(world, family_name="秘密", given_name="太郎"), "in_support")
    params = {"program": "employment_prep", "fy": "R4", "amount": "10,000,000", "key": "均等割:70,人口割:30"}
    html = policy_client.get(reverse("cost_share"), params).content.decode()
    assert "均等割 70%: 7,000,000円を3団体で均等に分け → 2,333,334円（端数の1円を配分）" in html
    assert "人口の比で分け、人口 270,685人 ÷ 合計 587,267人 → 1,382,770円" in html
    assert "3,716,104" in html and "国庫補助（補助率 2/3）：2,477,402円" in html
    assert "秘密" not in html and "太郎" not in html
    xlsx = policy_client.get(reverse("cost_share"), {**params, "format": "xlsx"})
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()]
    assert rows[2][:4] == ["08201", "水戸市", 1, 2_333_334] and rows[-1][0] == "合計" and rows[-1][-2] == 10_000_000


def test_it_shows_cost_share_errors_at_the_field_with_the_input_kept(policy_client, world):
    Participation.objects.create(body=Body.objects.get(code="08201"), program=Program.EMPLOYMENT_PREP,
                                 fiscal_year=2022, method=Method.JOINT)
    params = {"program": "employment_prep", "fy": "2022", "amount": "1000", "key": "均等割:50,利用実績割:50"}
    html = policy_client.get(reverse("cost_share"), params).content.decode()
    assert "利用実績割の基礎がすべての参加団体で0のため按分できません" in html
    assert 'value="均等割:50,利用実績割:50"' in html
    html = policy_client.get(reverse("cost_share"), {**params, "key": "均等割:100", "amount": "abc"}).content.decode()
    assert "契約額は0以上の整数" in html
    html = policy_client.get(reverse("cost_share"), {**params, "key": "定率:100"}).content.decode()
    assert "定率の割合" in html and "--ratios" not in html
