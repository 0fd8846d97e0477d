"""The sheets are versioned (a save is the next version; one made from a page showing an older version is
refused), debts are edited under a version field, and only the case's agency and the 家計改善支援 provider the
case is handed to see any of it; every read, write and print is audited."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.budget import services
from jiritsu.budget.models import CashFlow, Debt, Sheet
from jiritsu.core.errors import Conflict
from jiritsu.programs.catalog import Program
from tests.factories import new_case

from .conftest import handed


def sheet_post(today, **changes):
    return {"kind": "consultation", "made_on": today.isoformat(), "month": today.isoformat(), "based_on": "0",
            "wages": "１２０，０００", "housing": "45,000円", "food": "40000", "note": "", **changes}


def test_each_save_is_a_new_version_and_a_save_over_a_newer_one_is_refused(world, case, today):
    first = services.save_sheet(user=world.worker_a, case=case, kind="consultation", made_on=today, month=today,
                                amounts={"food": 50_000}, note="", based_on=0)
    second = services.save_sheet(user=world.prep_staff, case=case, kind="consultation", made_on=today,
                                 month=today, amounts={"food": 45_000}, note="", based_on=1)
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(Conflict):
        services.save_sheet(user=world.worker_a, case=case, kind="consultation", made_on=today, month=today,
                            amounts={"food": 1}, note="", based_on=1)
    assert [s.amounts["food"] for s in Sheet.objects.filter(case=case)] == [50_000, 45_000]


def test_a_sheet_form_sent_twice_saves_one_version(client, world, case, today):
    client.force_login(world.prep_staff)
    url = reverse("budget_sheet_new", args=[case.pk])
    assert client.post(url, sheet_post(today)).status_code == 302
    response = client.post(url, sheet_post(today))
    assert response.status_code == 409 and "他の職員" in response.content.decode()
    sheet = Sheet.objects.get(case=case)
    assert sheet.totals == (120_000, 85_000, 35_000)


def test_the_printed_sheet_shows_its_totals_and_gap(client, world, case, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("budget_sheet_new", args=[case.pk]), sheet_post(today))
    html = client.get(response.url).content.decode()
    assert "相談時家計表" in html and 'id="gap">35,000円' in html and "令和" in html
    assert AccessLog.objects.filter(case_id=case.pk, action="print", what__contains="相談時家計表").exists()
    assert AccessLog.objects.filter(case_id=case.pk, action="create", what__contains="相談時家計表（第1版）").exists()


@pytest.mark.parametrize("field, value, message", [
    ("food", "99999999999999999999", "10,000,000円以下"),
    ("wages", "十万", "0以上の整数"),
    ("note", "メモ\x00", "制御文字"),
    ("made_on", "1860-01-01", "明治"),
    ("month", (dt.date.today() + dt.timedelta(days=365 * 21)).isoformat(), ""),
])
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(client, world, case, today, field, value,
                                                                message):
    client.force_login(world.worker_a)
    response = client.post(reverse("budget_sheet_new", args=[case.pk]), sheet_post(today, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 200 and not Sheet.objects.exists()
    assert f'id="id_{field}_error"' in html and message in html


def test_the_cash_flow_is_saved_with_its_events_and_printed_with_a_chart(client, world, case, today):
    client.force_login(world.prep_staff)
    response = client.post(reverse("budget_cash_flow_new", args=[case.pk]), {
        "made_on": today.isoformat(), "start_year": "R8", "years": "5", "savings": "１００，０００",
        "income": "2,400,000", "spending": "2300000", "events": "2027 長男の高校入学 -300000", "based_on": "0"})
    assert response.status_code == 302
    flow = CashFlow.objects.get(case=case)
    assert flow.start_year == 2026 and flow.rows()[-1].savings == 100_000 + 5 * 100_000 - 300_000
    html = client.get(response.url).content.decode()
    assert "<svg" in html and 'id="cash-flow-chart"' in html and "長男の高校入学" in html and "400,000円" in html
    bad = client.post(reverse("budget_cash_flow_new", args=[case.pk]), {
        "made_on": today.isoformat(), "start_year": "R8", "years": "41", "savings": "0", "income": "0",
        "spending": "0", "events": "", "based_on": "1"})
    assert bad.status_code == 200 and "40年以内" in bad.content.decode()


def test_debts_are_listed_with_their_totals_and_an_edit_over_someone_elses_is_refused(client, world, case):
    client.force_login(world.worker_a)
    url = reverse("budget_debt_new", args=[case.pk])
    data = {"creditor": "日立市 税務課", "kind": "tax", "arrears": "３２０，０００", "monthly_repayment": "10000",
            "state": "instalments", "arrangement": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "分納合意の内容" in response.content.decode()
    client.post(url, {**data, "arrangement": "月1万円で32回"})
    client.post(url, {**data, "creditor": "消費者金融A", "kind": "loan", "arrears": "500000", "state": "arrears"})
    page = client.get(reverse("budget_overview", args=[case.pk])).content.decode()
    assert 'id="arrears-total">820,000円' in page
    debt = Debt.objects.get(creditor="日立市 税務課")
    edit = reverse("budget_debt_edit", args=[case.pk, debt.pk])
    assert client.post(edit, {**data, "arrangement": "月2万円で16回", "version": debt.version}).status_code == 302
    stale = client.post(edit, {**data, "arrangement": "上書き", "version": debt.version})
    assert stale.status_code == 409 and Debt.objects.get(pk=debt.pk).arrangement == "月2万円で16回"


def test_monitoring_compares_the_consultation_month_with_the_latest_actual_month(client, world, case, today):
    services.save_sheet(user=world.worker_a, case=case, kind="consultation", made_on=today, month=today,
                        amounts={"wages": 100_000, "food": 60_000}, note="", based_on=0)
    services.save_sheet(user=world.worker_a, case=case, kind="monitoring", made_on=today, month=today,
                        amounts={"wages": 130_000, "food": 45_000}, note="", based_on=0)
    client.force_login(world.prep_staff)
    html = client.get(reverse("budget_compare", args=[case.pk])).content.decode()
    assert "-15,000円" in html and "30,000円" in html and "45,000円" in html  # food, wages, the gap's change
    assert AccessLog.objects.filter(case_id=case.pk, action="read", what__contains="比較").exists()


def test_the_loan_referral_prints_the_budget_debts_and_plan(client, world, case, today):
    services.save_sheet(user=world.worker_a, case=case, kind="consultation", made_on=today, month=today,
                        amounts={"wages": 100_000}, note="", based_on=0)
    services.save_plan(user=world.worker_a, case=case, made_on=today, goals="家賃の滞納を解消する",
                       actions="毎月の食費を4万円に", next_monitoring_on=None, based_on=0)
    client.force_login(world.worker_a)
    html = client.get(reverse("budget_loan_referral", args=[case.pk])).content.decode()
    assert "貸付あっせん書" in html and "家賃の滞納を解消する" in html and "100,000円" in html
    assert AccessLog.objects.filter(case_id=case.pk, action="print", what__contains="貸付あっせん書").exists()


def budget_urls(case):
    return [reverse(name, args=[case.pk]) for name in (
        "budget_overview", "budget_sheet_new", "budget_compare", "budget_cash_flow_new", "budget_plan_new",
        "budget_debt_new", "budget_loan_referral")]


def test_the_provider_the_case_is_handed_to_for_budget_support_opens_every_page(client, world, case):
    client.force_login(world.prep_staff)
    for url in budget_urls(case):
        assert client.get(url).status_code == 200, url
        assert AccessLog.objects.filter(case_id=case.pk, username="prep_staff", via__contains=url).exists(), url


@pytest.mark.parametrize("who", ["worker_b", "shelter_staff", "policy", "admin_a", "auditor"])
def test_no_one_else_opens_or_writes_the_sheets(client, world, case, today, who):
    client.force_login(getattr(world, who))
    for url in budget_urls(case):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("budget_sheet_new", args=[case.pk]), sheet_post(today)).status_code == 404
    assert not Sheet.objects.exists()


def test_a_provider_handed_the_case_for_another_program_or_not_at_all_sees_nothing(client, world):
    prep_only = handed(world, Program.EMPLOYMENT_PREP)
    client.force_login(world.prep_staff)
    assert client.get(reverse("case_detail", args=[prep_only.pk])).status_code == 200
    assert client.get(reverse("budget_overview", args=[prep_only.pk])).status_code == 404
    not_handed = new_case(world)
    assert client.get(reverse("budget_overview", args=[not_handed.pk])).status_code == 404


def test_the_providers_today_lists_its_handed_cases_with_a_link_to_the_sheets(client, world, case, today):
    client.force_login(world.prep_staff)
    section = client.get(reverse("today")).content.decode().split('id="budget-handed"')[1].split("</section>")[0]
    assert case.client.full_name in section and "相談時家計表を作る" in section
    assert reverse("budget_overview", args=[case.pk]) in section
    client.force_login(world.worker_a)
    assert "budget-handed" not in client.get(reverse("today")).content.decode()
