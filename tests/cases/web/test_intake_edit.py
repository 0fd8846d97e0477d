"""Editing the person and the intake: version check, conflict shown with the user's input kept."""
import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from tests.factories import new_case


def client_data(case, **overrides):
    person = case.client
    data = {
        "version": person.version, "family_name_kana": "やまだ", "given_name_kana": "はなこ", "family_name": "山田",
        "given_name": "花子", "sex": "female", "birth_date": "S60.6.1", "postal_code": "3100015",
        "address": "茨城県水戸市宮町1-2-3", "phone_home": "", "phone_mobile": "090-1234-5678", "email": "",
    }
    data.update(overrides)
    return data


def intake_data(case, **overrides):
    data = {
        "version": case.version, "received_on": case.received_on.isoformat(), "route": "phone",
        "complaints": ["income", "debt"], "main_complaint": "debt", "consultation_note": "借金の相談",
        "visitor_name": "", "visitor_phone": "", "visitor_relation": "", "work_status": "", "housing_status": "",
        "health_insurance": "", "pension": "", "assigned_to": "",
    }
    data.update(overrides)
    return data


def test_it_updates_the_person(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    res = client.post(reverse("case_client_edit", args=[case.pk]), client_data(case))
    assert res.status_code == 302 and res.url == reverse("case_detail", args=[case.pk])
    case.client.refresh_from_db()
    assert case.client.address == "茨城県水戸市宮町1-2-3" and case.client.postal_code == "310-0015"
    assert case.client.version == 2


def test_it_shows_the_edit_page_and_records_the_read(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    html = client.get(reverse("case_client_edit", args=[case.pk])).content.decode()
    assert 'value="山田"' in html and "昭和60年6月1日" in html
    assert AccessLog.objects.filter(case_id=case.pk, action="read", what__contains="相談者の基本情報").exists()


def test_it_reports_a_conflict_and_keeps_the_input(client, world):
    case = new_case(world)
    stale = client_data(case, address="茨城県日立市助川町1-1")
    services.update_client(user=world.chief_a, case=case, expected_version=1,
                           data={"address": "茨城県日立市幸町9-9"})
    client.force_login(world.worker_a)
    res = client.post(reverse("case_client_edit", args=[case.pk]), stale)
    html = res.content.decode()
    assert res.status_code == 200
    assert "他の職員がこの記録を先に更新しました" in html
    assert 'value="茨城県日立市助川町1-1"' in html  # the user's input is kept
    assert "茨城県日立市幸町9-9" in html  # the stored value is shown for comparison
    case.client.refresh_from_db()
    assert case.client.address == "茨城県日立市幸町9-9"
    # A second, deliberate save after seeing the comparison goes through.
    again = client.post(reverse("case_client_edit", args=[case.pk]), {**stale, "version": 2})
    assert again.status_code == 302


def test_it_updates_the_intake(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    res = client.post(reverse("case_intake_edit", args=[case.pk]), intake_data(case, assigned_to=world.chief_a.pk))
    assert res.status_code == 302
    case.refresh_from_db()
    assert case.main_complaint == "debt" and case.route == "phone" and case.assigned_to == world.chief_a


def test_it_keeps_the_intake_input_on_error(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    res = client.post(reverse("case_intake_edit", args=[case.pk]), intake_data(case, main_complaint="housing"))
    html = res.content.decode()
    assert res.status_code == 200 and "主訴は、チェックした相談内容の中から" in html and "借金の相談" in html


def test_it_reports_an_intake_conflict_with_the_stored_values(client, world):
    case = new_case(world)
    stale = intake_data(case)
    services.update_intake(user=world.chief_a, case=case, expected_version=1, data={"consultation_note": "主任が追記"})
    client.force_login(world.worker_a)
    html = client.post(reverse("case_intake_edit", args=[case.pk]), stale).content.decode()
    assert "他の職員がこの記録を先に更新しました" in html and "主任が追記" in html and "借金の相談" in html
    case.refresh_from_db()
    assert case.consultation_note == "主任が追記"


@pytest.mark.parametrize("url", ["case_client_edit", "case_intake_edit"])
def test_it_hides_cases_of_another_body(client, world, url):
    case = new_case(world)
    for user in (world.worker_b, world.policy, world.prep_staff):
        client.force_login(user)
        assert client.get(reverse(url, args=[case.pk])).status_code == 404


@pytest.mark.parametrize("url", ["case_client_edit", "case_intake_edit"])
def test_it_refuses_editing_to_the_body_admin(client, world, url):
    case = new_case(world)
    client.force_login(world.admin_a)
    assert client.get(reverse(url, args=[case.pk])).status_code == 403
