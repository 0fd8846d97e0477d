"""住居確保給付金 for people who only apply for it (no consultation case): taken by the city's agency staff or
自治体担当者 with the same check, decision, payments, job-search record and notice; the body's only; audited;
found in the same list by name or ふりがな; never a second person record, and linked to a case once the person
consults (or a case opened from it) without typing anything again."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Case, Client
from jiritsu.housing import services
from jiritsu.housing.models import Application
from tests.factories import new_case

from .conftest import application_data


def person_form(**changes):
    data = {"family_name": "佐藤", "given_name": "次郎", "family_name_kana": "さとう", "given_name_kana": "じろう",
            "sex": "male", "birth_date": "1980-04-05", "postal_code": "317-0073", "address": "茨城県日立市幸町2-2",
            "phone_home": "", "phone_mobile": "080-3333-4444", "email": ""}
    return {**data, **changes}


def apply_form(today, **changes):
    data = {**application_data(today), "received_on": today.isoformat(),
            "lost_on": (today - dt.timedelta(days=60)).isoformat(), "hellowork_registered": "on"}
    return {**person_form(), **data, **changes}


PERSON = {"family_name": "佐藤", "given_name": "次郎", "family_name_kana": "さとう", "given_name_kana": "じろう",
          "sex": "male", "birth_date": dt.date(1980, 4, 5), "address": "茨城県日立市幸町2-2",
          "phone_mobile": "080-3333-4444"}


@pytest.fixture
def lone(world, limits, today):
    """An application taken for someone who has no case."""
    return services.apply_without_case(user=world.worker_a, person=PERSON, data=application_data(today))


def test_an_agency_worker_takes_the_application_of_someone_without_a_case(client, world, limits, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("housing_apply"), apply_form(today))
    app = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("housing_application", args=[app.pk])
    assert app.case is None and app.body == world.hitachi and app.recorded_by == world.worker_a
    assert app.client.full_name == "佐藤 次郎" and app.client.body == world.hitachi and not app.client.cases.exists()
    entry = AccessLog.objects.get(action="create", what__contains="住居確保給付金の申請を受付")
    assert entry.body_id == world.hitachi.pk and entry.case_id is None and f"申請番号{app.pk}" in entry.what


def test_the_same_check_decision_payments_job_search_and_notice_work_without_a_case(client, world, lone, today):
    app = services.grant(user=world.admin_a, application=lone, decided_on=today, first_month=today, version=None)
    assert app.monthly_amount == 37_200 and app.payments.count() == 3
    services.extend(user=world.admin_a, application=app, decided_on=today, version=None)
    services.record_job_search(user=world.worker_a, application=app, month=today, interviews=1, hellowork=0,
                               applications=0, note="", version=None)
    client.force_login(world.admin_a)
    page = client.get(reverse("housing_application", args=[app.pk])).content.decode()
    assert "申請者（相談のケースなし）" in page and "佐藤 次郎" in page and "相談支援員との面談が" in page
    notice = client.get(reverse("housing_notice", args=[app.pk])).content.decode()
    assert "住居確保給付金支給決定通知書" in notice and "佐藤 次郎 様" in notice
    csv = client.get(reverse("housing_payments_csv"), {"month": today.isoformat()}).content.decode("utf-8-sig")
    assert "佐藤 次郎" in csv and "37200" in csv
    assert AccessLog.objects.filter(action="print", case_id=None, what__contains=f"申請番号{app.pk}").exists()
    assert AccessLog.objects.filter(action="export", case_id=None, what__contains=f"申請番号{app.pk}").exists()


def test_an_ineligible_applicant_without_a_case_is_refused_with_the_reason(world, limits, today):
    app = services.apply_without_case(user=world.worker_a, person=PERSON,
                                      data=application_data(today, monthly_income=200_000))
    refused = services.refuse(user=world.admin_a, application=app, decided_on=today, reason="", version=None)
    assert refused.status == Application.Status.REFUSED and "収入" in refused.refusal_reason


@pytest.mark.parametrize("who", ["worker_b", "prep_staff", "shelter_staff", "policy", "auditor", "developer"])
def test_no_one_outside_the_body_opens_an_application_without_a_case(client, world, lone, who):
    client.force_login(getattr(world, who))
    for name in ("housing_application", "housing_edit", "housing_notice"):
        assert client.get(reverse(name, args=[lone.pk])).status_code == 404
    for name in ("housing_grant", "housing_link", "housing_job_search"):
        assert client.post(reverse(name, args=[lone.pk]), {"decided_on": "2026-01-01"}).status_code == 404
    if who == "worker_b":
        assert "佐藤" not in client.get(reverse("housing_list")).content.decode()


def test_the_list_shows_both_kinds_and_finds_people_by_name_or_kana(client, world, lone, today):
    case = new_case(world)
    services.apply(user=world.worker_a, case=case, data=application_data(today))
    client.force_login(world.worker_a)
    page = client.get(reverse("housing_list")).content.decode()
    assert "佐藤 次郎" in page and "山田 花子" in page and "ケースなし" in page
    for typed in ("サトウ", "ｻﾄｳ ｼﾞﾛｳ", "佐藤"):
        found = client.get(reverse("housing_list"), {"q": typed}).content.decode()
        assert "佐藤 次郎" in found and "山田 花子" not in found, typed
    by_number = client.get(reverse("housing_list"), {"q": case.case_number}).content.decode()
    assert "山田 花子" in by_number and "佐藤 次郎" not in by_number
    assert AccessLog.objects.filter(action="read", case_id=None, what__contains=f"申請番号{lone.pk}").exists()


def test_a_nul_byte_or_a_huge_income_is_refused_at_the_field_and_nothing_is_saved(client, world, limits, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("housing_apply"), apply_form(today, family_name="佐\x00藤",
                                                                monthly_income="9" * 40))
    page = response.content.decode()
    assert response.status_code == 200 and "10,000,000円以下" in page and 'value="次郎"' in page
    assert not Application.objects.exists() and not Client.objects.exists()
    assert client.get(reverse("housing_list"), {"q": "佐\x00藤"}).status_code == 200
    assert client.get(reverse("housing_application", args=["99999999999999999999"])).status_code == 404


def test_a_person_applying_twice_is_offered_as_the_same_person_and_refused_while_the_first_is_open(
        client, world, lone, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("housing_apply"), apply_form(today))
    assert "同じ人かもしれない相談者が 1 人" in response.content.decode()
    assert Client.objects.count() == 1 and Application.objects.count() == 1  # nothing saved yet
    response = client.post(reverse("housing_apply"), apply_form(today, existing_client=lone.client_id))
    assert response.status_code == 200 and "審査中または支給中の住居確保給付金の申請がすでにあります" in response.content.decode()
    assert Client.objects.count() == 1 and Application.objects.count() == 1
    with pytest.raises(ValidationError):
        services.apply_without_case(user=world.admin_a, person=PERSON, data=application_data(today),
                                   existing=lone.client)


def test_someone_with_a_case_elsewhere_is_a_new_person_of_this_body_and_nothing_of_the_other_shows(
        client, world, limits, today):
    elsewhere = new_case(world, user=world.worker_b, family_name="佐藤", given_name="次郎", kana=("さとう", "じろう"),
                         birth=dt.date(1980, 4, 5), phone="080-3333-4444")
    client.force_login(world.worker_a)
    response = client.post(reverse("housing_apply"), apply_form(today))
    assert response.status_code == 302 and elsewhere.case_number not in response.content.decode()
    app = Application.objects.get()
    assert app.case is None and app.client_id != elsewhere.client_id and app.client.body == world.hitachi
    client.force_login(world.worker_b)
    assert client.get(reverse("housing_application", args=[app.pk])).status_code == 404


def test_a_person_with_an_open_case_here_applies_as_that_case(client, world, limits, today):
    case = new_case(world, family_name="佐藤", given_name="次郎", kana=("さとう", "じろう"), birth=dt.date(1980, 4, 5))
    client.force_login(world.admin_a)
    page = client.post(reverse("housing_apply"), apply_form(today)).content.decode()
    assert case.case_number in page  # offered as a possible duplicate, with the case
    response = client.post(reverse("housing_apply"), apply_form(today, existing_client=case.client_id))
    app = Application.objects.get()
    assert response.status_code == 302 and app.case == case and Client.objects.count() == 1


def test_a_case_opened_from_the_application_keeps_the_person_and_the_application_is_linked(client, world, lone,
                                                                                            today):
    client.force_login(world.worker_a)
    page = client.get(reverse("housing_application", args=[lone.pk])).content.decode()
    assert f"{reverse('case_new')}?client={lone.client_id}" in page
    intake = client.get(reverse("case_new"), {"client": lone.client_id}).content.decode()
    assert 'value="佐藤"' in intake and 'value="じろう"' in intake and 'id="known-person"' in intake
    assert f'name="existing_client" value="{lone.client_id}"' in intake
    response = client.post(reverse("case_new"), {
        **person_form(), "existing_client": lone.client_id, "received_on": today.isoformat(), "route": "visit",
        "complaints": ["income", "housing"], "main_complaint": "housing", "consultation_note": "家賃が払えない",
        "work_status": "unemployed", "housing_status": "rented"})
    case = Case.objects.get()
    assert response.status_code == 302 and case.client_id == lone.client_id and Client.objects.count() == 1
    case_page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "この方がケースなしで受け付けた申請（審査中）があります" in case_page
    housing_page = client.get(reverse("housing_case", args=[case.pk])).content.decode()
    assert "ケースなしで受け付けたこの方の申請" in housing_page
    response = client.post(reverse("housing_link", args=[lone.pk]),
                           {"case_number": case.case_number, "version": lone.version})
    lone.refresh_from_db()
    assert response.status_code == 302 and lone.case == case
    assert AccessLog.objects.filter(case_id=case.pk, action="update", what__contains="ケースに紐づけ").exists()


def test_linking_to_a_case_made_for_a_second_record_of_the_person_merges_them(world, lone, today):
    case = new_case(world, family_name="佐藤", given_name="次郎", kana=("さとう", "じろう"), birth=dt.date(1980, 4, 5))
    former = lone.client_id
    linked = services.link_to_case(user=world.worker_a, application=lone, case=case, version=lone.version)
    assert linked.case == case and linked.client_id == case.client_id
    assert not Client.objects.filter(pk=former).exists()


def test_a_case_of_someone_born_on_another_day_or_of_another_body_is_not_linked(client, world, lone):
    elsewhere = new_case(world, user=world.worker_b, family_name="佐藤", given_name="次郎", birth=dt.date(1980, 4, 5))
    with pytest.raises(ValidationError):
        services.link_to_case(user=world.worker_a, application=lone, case=elsewhere, version=None)
    other = new_case(world, family_name="佐藤", given_name="次郎", birth=dt.date(1981, 4, 5))
    client.force_login(world.worker_a)
    page = client.post(reverse("housing_link", args=[lone.pk]), {"case_number": other.case_number,
                                                                  "version": lone.version}).content.decode()
    assert "生年月日が異なります" in page
    missing = client.post(reverse("housing_link", args=[lone.pk]), {"case_number": "9999-99999",
                                                                     "version": lone.version}).content.decode()
    assert "そのケース番号のケースは見つかりません" in missing
    lone.refresh_from_db()
    assert lone.case is None and Client.objects.filter(pk=lone.client_id).exists()


def test_the_body_admin_sees_an_application_without_a_case_waiting_on_today(client, world, lone):
    client.force_login(world.admin_a)
    page = client.get(reverse("today")).content.decode()
    assert "佐藤 次郎" in page and reverse("housing_application", args=[lone.pk]) in page



def test_typing_the_applicant_again_at_a_new_consultation_offers_the_known_person(client, world, lone, today):
    client.force_login(world.worker_a)
    response = client.post(reverse("case_new"), {
        **person_form(), "received_on": today.isoformat(), "route": "visit", "complaints": ["income", "housing"],
        "main_complaint": "housing", "consultation_note": "家賃が払えない", "work_status": "unemployed",
        "housing_status": "rented"})
    page = response.content.decode()
    assert response.status_code == 200 and "同じ人かもしれない相談者" in page
    assert f'name="existing_client" value="{lone.client_id}"' in page and not Case.objects.exists()
