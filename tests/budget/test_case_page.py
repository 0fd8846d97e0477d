"""The sheets on the case itself: each saved version in the case's 変更履歴 (who, when, the totals and gap
before and after), and the case page's link to them with the latest version, for those who may open them."""
import datetime as dt

from django.urls import reverse

from jiritsu.budget import services
from jiritsu.programs.catalog import Program
from tests.budget.conftest import handed
from tests.factories import new_case


def _sheet(user, case, made_on, based_on, **amounts):
    return services.save_sheet(user=user, case=case, kind="consultation", made_on=made_on, month=made_on,
                               amounts=amounts, note="", based_on=based_on)


def _history(client, user, case):
    client.force_login(user)
    return client.get(reverse("case_history", args=[case.pk]))


def test_each_saved_sheet_version_is_in_the_case_history_with_who_and_the_change_in_totals(client, world, case,
                                                                                              today):
    _sheet(world.prep_staff, case, today, 0, wages=120_000, food=40_000)
    _sheet(world.worker_a, case, today, 1, wages=130_000, food=35_000)
    html = _history(client, world.worker_a, case).content.decode()
    assert "相談時家計表 第1版" in html and "相談時家計表 第2版" in html
    assert "収入 120,000円／支出 40,000円／差額 80,000円" in html  # before, on version 2's row and on version 1's
    assert "収入 130,000円／支出 35,000円／差額 95,000円" in html
    assert "日立 相談員" in html  # who saved version 2
    assert html.index("第2版") < html.index("第1版")  # newest first


def test_cash_flows_and_plans_appear_in_the_history_too(client, world, case, today):
    services.save_cash_flow(user=world.prep_staff, case=case, made_on=today, start_year=2026, years=3,
                            savings=100_000, income=2_400_000, spending=2_300_000, events=[], based_on=0)
    services.save_plan(user=world.prep_staff, case=case, made_on=today, goals="家賃の滞納を解消する",
                       actions="分納の相談", next_monitoring_on=None, based_on=0)
    html = _history(client, world.chief_a, case).content.decode()
    assert "キャッシュフロー表 第1版" in html and "2028年末の貯蓄 400,000円" in html
    assert "家計再生プラン 第1版" in html and "家賃の滞納を解消する" in html


def test_the_history_leaves_the_sheets_out_for_a_role_that_may_not_open_them(client, world, case, today):
    _sheet(world.worker_a, case, today, 0, wages=120_000)
    html = _history(client, world.admin_a, case).content.decode()  # 自治体担当者: the history, not the sheets
    assert "変更履歴" in html and "相談時家計表" not in html


def test_the_case_page_links_to_the_sheets_with_the_latest_version(client, world, case, today):
    _sheet(world.worker_a, case, today - dt.timedelta(days=7), 0, wages=1)
    _sheet(world.worker_a, case, dt.date(2026, 11, 3), 1, wages=2)
    for user in (world.worker_a, world.prep_staff):
        client.force_login(user)
        html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
        assert 'id="budget-panel"' in html and "家計表 最新版 R8.11.3" in html and "全2件" in html
        assert reverse("budget_overview", args=[case.pk]) in html


def test_no_link_for_a_role_that_may_not_open_the_sheets_and_another_bodys_case_is_not_found(client, world, case):
    client.force_login(world.admin_a)  # sees the case page, not the sheets
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="budget-panel"' not in html
    assert client.get(reverse("budget_overview", args=[case.pk])).status_code == 404
    client.force_login(world.worker_b)  # another body's agency
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("budget_overview", args=[case.pk])).status_code == 404
    assert client.get(reverse("case_history", args=[case.pk])).status_code == 404


def test_the_provider_handed_only_another_program_sees_no_budget_link(client, world):
    case = handed(world, Program.EMPLOYMENT_PREP)  # the plan uses 家計改善 too, handed for 就労準備 only
    client.force_login(world.prep_staff)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="prep-panel"' in html and 'id="budget-panel"' not in html
    assert client.get(reverse("budget_overview", args=[case.pk])).status_code == 404


def test_a_case_that_does_not_use_the_program_shows_no_budget_link(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="budget-panel"' not in html


def test_each_change_to_a_debt_is_in_the_case_history_field_by_field(client, world, case):
    data = {"creditor": "日立市（市県民税）", "kind": "tax", "arrears": 240_000, "monthly_repayment": 0,
            "state": "arrears", "arrangement": ""}
    debt = services.save_debt(user=world.worker_a, case=case, debt=None, data=data, version=None)
    services.save_debt(user=world.prep_staff, case=case, debt=debt, version=debt.version,
                       data=data | {"state": "instalments", "monthly_repayment": 10_000, "arrangement": "月1万円"})
    html = _history(client, world.worker_a, case).content.decode()
    assert "債務（日立市（市県民税））" in html
    assert "滞納中" in html and "分納合意" in html and "10,000円" in html and "月1万円" in html
