"""The pages: who may open and decide (another body's case and any provider: 404, as if there were none),
every read and write audited, bad input refused at the field with the input kept, the notice and the CSV."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.core.wareki import fiscal_year, fiscal_year_bounds
from jiritsu.housing import services
from jiritsu.housing.models import Application, BenefitLimit
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case

from .conftest import application_data, granted


def form_data(today, **changes):
    data = {**application_data(today), "received_on": today.isoformat(), "lost_on": "", "cause": "income_drop",
            "hellowork_registered": "on"}
    data.pop("lost_on")
    return {**data, **changes}


def application_urls(app):
    return [reverse(name, args=[app.pk]) for name in ("housing_application", "housing_edit", "housing_notice")] \
        + [reverse("housing_case", args=[app.case_id])]


def post_urls(app):
    return [reverse(name, args=[app.pk]) for name in ("housing_grant", "housing_refuse", "housing_extend",
                                                      "housing_stop", "housing_job_search")]


@pytest.mark.parametrize("who", ["worker_b", "prep_staff", "shelter_staff", "policy", "auditor", "developer"])
def test_no_one_outside_the_cases_body_opens_or_writes_the_benefit(client, world, application, who):
    client.force_login(getattr(world, who))
    for url in application_urls(application):
        assert client.get(url).status_code == 404, url
    for url in post_urls(application):
        assert client.post(url, {"decided_on": "2026-01-01"}).status_code == 404, url
    assert Application.objects.get(pk=application.pk).status == Application.Status.APPLIED


def test_a_provider_the_case_is_handed_to_still_does_not_see_the_benefit(client, world, limits):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    case_services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                           program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    client.force_login(world.prep_staff)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("housing_case", args=[case.pk])).status_code == 404
    assert client.get(reverse("housing_list")).status_code == 404


def test_an_agency_worker_takes_the_application_but_only_the_body_decides(client, world, limits, case, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("housing_case", args=[case.pk]), form_data(today))
    app = Application.objects.get(case=case)
    assert response.status_code == 302 and response.url == reverse("housing_application", args=[app.pk])
    assert client.post(reverse("housing_grant", args=[app.pk]),
                       {"decided_on": today.isoformat(), "first_month": today.isoformat()}).status_code == 403
    client.force_login(world.admin_a)
    page = client.get(reverse("housing_application", args=[app.pk])).content.decode()
    assert "要件を満たしています。支給額（月額）は 37,200円" in page
    response = client.post(reverse("housing_grant", args=[app.pk]), {
        "decided_on": today.isoformat(), "first_month": today.isoformat(), "version": app.version})
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).payments.count() == 3


def test_every_read_and_write_of_the_benefit_is_audited(client, world, application, today):
    client.force_login(world.admin_a)
    for url in [reverse("housing_application", args=[application.pk]),
                reverse("housing_case", args=[application.case_id]), reverse("housing_list")]:
        before = AccessLog.objects.count()
        assert client.get(url).status_code == 200
        assert AccessLog.objects.filter(pk__gt=0).count() > before
        assert AccessLog.objects.filter(case_id=application.case_id, action="read", via__contains=url).exists(), url
    client.post(reverse("housing_grant", args=[application.pk]),
                {"decided_on": today.isoformat(), "first_month": today.isoformat()})
    assert AccessLog.objects.filter(case_id=application.case_id, action="update", username="admin_a").exists()
    assert client.get(reverse("housing_notice", args=[application.pk])).status_code == 200
    assert AccessLog.objects.filter(case_id=application.case_id, action="print").exists()
    response = client.get(reverse("housing_payments_csv"), {"month": today.isoformat()})
    assert response.status_code == 200
    assert AccessLog.objects.filter(case_id=application.case_id, action="export").exists()


def test_the_payment_csv_lists_the_months_payments_to_landlords(client, world, application, today):
    granted(world, application, today)
    client.force_login(world.admin_a)
    text = client.get(reverse("housing_payments_csv"), {"month": today.isoformat()}).content.decode("utf-8-sig")
    header, row = text.strip().splitlines()
    assert header.startswith("支給月,ケース番号") and row.endswith(",1234567,ヒタチフドウサン,37200")
    client.force_login(world.worker_a)
    assert client.get(reverse("housing_payments_csv"), {"month": today.isoformat()}).status_code == 403


def test_the_decision_notice_prints_on_a4_with_japanese_era_dates(client, world, application, today):
    granted(world, application, today)
    client.force_login(world.worker_a)
    html = client.get(reverse("housing_notice", args=[application.pk])).content.decode()
    assert "住居確保給付金支給決定通知書" in html and "37,200円" in html and "令和" in html
    assert application.case.client.full_name in html


def test_full_width_amounts_with_commas_are_read_as_yen(client, world, limits, case, today):
    client.force_login(world.worker_a)
    client.post(reverse("housing_case", args=[case.pk]),
                form_data(today, monthly_income="６０，０００円", rent="４０,０００", assets="１０万"))
    assert not Application.objects.filter(case=case).exists()  # 「万」 is not a number: refused, nothing saved
    response = client.post(reverse("housing_case", args=[case.pk]),
                           form_data(today, monthly_income="６０，０００円", rent="４０,０００", assets="１００，０００"))
    assert response.status_code == 302
    app = Application.objects.get(case=case)
    assert (app.monthly_income, app.rent, app.assets) == (60_000, 40_000, 100_000)


@pytest.mark.parametrize("field, value, message", [
    ("monthly_income", "99999999999999999999999", "10,000,000円以下"),
    ("assets", "1" + "0" * 30, "10,000,000,000円以下"),
    ("received_on", "1867-12-31", "明治"),
    ("lost_on", (dt.date.today() + dt.timedelta(days=365 * 21)).isoformat(), None),
    ("landlord_name", "日立\x00不動産", "制御文字"),
    ("household_size", "０", "1人以上"),
    ("account_number", "12345678", "7桁"),
])
def test_bad_input_is_refused_at_its_field_with_the_input_kept(client, world, limits, case, today, field, value,
                                                               message):
    client.force_login(world.worker_a)
    response = client.post(reverse("housing_case", args=[case.pk]), form_data(today, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 200 and not Application.objects.filter(case=case).exists()
    assert f'id="id_{field}_error"' in html
    if message:
        assert message in html
    if "\x00" not in value:
        assert f'value="{value}"' in html


def test_an_edit_over_someone_elses_save_is_refused_with_409(client, world, application, today):
    client.force_login(world.worker_a)
    stale = application.version
    url = reverse("housing_edit", args=[application.pk])
    assert client.post(url, form_data(today, rent="41000", version=stale)).status_code == 302
    response = client.post(url, form_data(today, rent="42000", version=stale))
    assert response.status_code == 409 and "他の職員" in response.content.decode()
    assert Application.objects.get(pk=application.pk).rent == 41_000


def test_the_body_sets_its_amounts_and_agency_staff_only_read_them(client, world, today):
    client.force_login(world.admin_a)
    response = client.post(reverse("housing_limits"), {"household_size": "1", "base_amount": "７８，０００",
                                                        "rent_cap": "37200", "valid_from": "R2.4.1"})
    assert response.status_code == 302
    limit = BenefitLimit.objects.get(body=world.hitachi)
    assert (limit.base_amount, limit.rent_cap, limit.valid_from) == (78_000, 37_200, dt.date(2020, 4, 1))
    client.force_login(world.worker_a)
    assert "78,000円" in client.get(reverse("housing_limits")).content.decode()
    assert client.post(reverse("housing_limits"), {"household_size": "2", "base_amount": "1", "rent_cap": "1",
                                                   "valid_from": "R2.4.1"}).status_code == 403
    client.force_login(world.worker_b)
    assert "78,000円" not in client.get(reverse("housing_limits")).content.decode()


def test_job_search_month_form_warns_of_a_short_month(client, world, application, today):
    granted(world, application, today)
    client.force_login(world.worker_a)
    response = client.post(reverse("housing_job_search", args=[application.pk]), {
        "month": today.isoformat(), "interviews": "2", "hellowork": "2", "applications": "6", "note": ""})
    assert response.status_code == 302
    page = client.get(reverse("housing_application", args=[application.pk])).content.decode()
    assert "相談支援員との面談が2回です" in page
    assert services.selectors.job_search_record(application, today.replace(day=1)).interviews == 2


def test_the_prefecture_sees_counts_by_body_and_no_person(client, world, limits, today):
    first = granted(world, services.apply(user=world.worker_a, case=new_case(world), data=application_data(today)),
                    today)
    services.extend(user=world.admin_a, application=first, decided_on=today, version=None)
    refused = services.apply(user=world.worker_a, case=new_case(world, given_name="次郎"),
                             data=application_data(today, assets=999_999))
    services.refuse(user=world.admin_a, application=refused, decided_on=today, reason="", version=None)
    services.apply(user=world.worker_a, case=new_case(world, given_name="三郎"), data=application_data(today))
    client.force_login(world.policy)
    html = client.get(reverse("housing_counts"), {"fy": str(fiscal_year(today))}).content.decode()
    row = html.split("日立市</th>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    assert cells[:4] == ["3", "1", "1", "1"]  # received, granted, refused, extended
    scheduled = first.payments.filter(month__gte=today.replace(day=1)).count()
    in_year = sum(1 for p in first.payments.all() if p.month <= fiscal_year_bounds(fiscal_year(today))[1])
    assert cells[4] == str(in_year) and scheduled == 6
    assert first.case.client.full_name not in html and "土浦市" in html
    client.force_login(world.admin_a)
    own = client.get(reverse("housing_counts")).content.decode()
    assert "日立市" in own and "土浦市" not in own
    client.force_login(world.worker_a)
    assert client.get(reverse("housing_counts")).status_code == 403


def test_todays_work_lists_the_applications_waiting_for_the_bodys_decision(client, world, application):
    client.force_login(world.admin_a)
    page = client.get(reverse("today")).content.decode()
    section = page.split('id="housing-waiting"')[1].split("</section>")[0]
    assert application.case.client.full_name in section and reverse("housing_application", args=[application.pk]) in section
    assert AccessLog.objects.filter(case_id=application.case_id, username="admin_a", action="read").exists()
    for user in (world.worker_a, world.prep_staff):
        client.force_login(user)
        assert "housing-waiting" not in client.get(reverse("today")).content.decode()
