"""相談受付 (new consultation): the official form, validation at the field, likely duplicates, roles."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Case, Client
from jiritsu.core.wareki import format_wareki
from tests.factories import new_case


def form_data(today, **overrides):
    data = {
        "received_on": today.isoformat(), "route": "visit",
        "family_name_kana": "すずき", "given_name_kana": "いちろう", "family_name": "鈴木", "given_name": "一郎",
        "sex": "male", "birth_date": "1970-02-03", "postal_code": "317-0073", "address": "茨城県日立市幸町1-1",
        "phone_home": "", "phone_mobile": "080-1111-2222", "email": "",
        "visitor_name": "", "visitor_phone": "", "visitor_relation": "",
        "complaints": ["income", "housing"], "main_complaint": "housing", "consultation_note": "寮を出される",
        "work_status": "unemployed", "housing_status": "company", "health_insurance": "", "pension": "",
    }
    data.update(overrides)
    return data


def post(client, user, data):
    client.force_login(user)
    return client.post(reverse("case_new"), data)


def test_it_shows_the_form_in_the_official_order(client, world):
    client.force_login(world.worker_a)
    html = client.get(reverse("case_new")).content.decode()
    order = ["受付日", "相談経路", "ふりがな（氏）", "氏名（氏）", "性別", "生年月日", "〒", "住所", "電話（自宅）",
             "E-mail", "来談者", "相談内容", "主訴", "B票", "仕事", "住居", "健康保険", "年金"]
    position = 0
    for label in order:  # each label found after the previous one
        position = html.index(label, position)
    assert "食べるものがない" in html and 'data-postal-lookup="id_address"' in html


def test_it_creates_the_case_and_opens_it(client, world, today):
    res = post(client, world.worker_a, form_data(today))
    case = Case.objects.get()
    assert res.status_code == 302 and res.url == reverse("case_detail", args=[case.pk])
    assert case.client.full_name == "鈴木 一郎" and case.main_complaint == "housing"
    assert case.complaints == ["income", "housing"] and case.housing_status == "company"
    assert case.received_by == world.worker_a and case.assigned_to == world.worker_a
    assert case.body == world.hitachi
    follow = client.get(res.url)
    assert "相談を受け付けました" in follow.content.decode()


def test_it_accepts_wareki_dates_and_katakana_furigana(client, world, today):
    data = form_data(today, received_on=format_wareki(today, short=True), birth_date="昭和45年2月3日",
                     family_name_kana="ｽｽﾞｷ", given_name_kana="イチロウ")
    assert post(client, world.worker_a, data).status_code == 302
    person = Client.objects.get()
    assert person.birth_date == dt.date(1970, 2, 3)
    assert (person.family_name_kana, person.given_name_kana) == ("すずき", "いちろう")
    assert Case.objects.get().received_on == today


def test_it_keeps_the_input_when_the_main_complaint_is_not_checked(client, world, today):
    res = post(client, world.worker_a, form_data(today, complaints=["income"], main_complaint="housing"))
    html = res.content.decode()
    assert res.status_code == 200 and not Case.objects.exists()
    assert "主訴は、チェックした相談内容の中から1つ選んでください。" in html
    assert 'id="main-complaint-error"' in html
    assert 'value="鈴木"' in html and "寮を出される" in html
    assert 'value="income" id="id_complaints_2" checked' in html
    assert 'value="housing" id="id_main_complaint_1" required aria-invalid="true" checked' in html


def test_it_refuses_a_birth_date_after_the_reception_date(client, world, today):
    res = post(client, world.worker_a, form_data(today, received_on=(today - dt.timedelta(days=3)).isoformat(),
                                                  birth_date=today.isoformat()))
    assert res.status_code == 200 and not Case.objects.exists()
    assert "生年月日が受付日より後になっています。" in res.content.decode()


def test_it_says_so_at_the_field_when_a_date_cannot_be_read(client, world, today):
    res = post(client, world.worker_a, form_data(today, birth_date="昭和六十年"))
    html = res.content.decode()
    assert res.status_code == 200 and "を日付として読めません" in html and 'value="昭和六十年"' in html


def test_it_needs_a_relation_for_a_visitor(client, world, today):
    res = post(client, world.worker_a, form_data(today, visitor_name="鈴木 花子"))
    assert "続柄を入力してください" in res.content.decode() and not Case.objects.exists()


def test_it_shows_the_likely_duplicate_before_creating(client, world, today):
    known = new_case(world)
    data = form_data(today, family_name="山田", given_name="花子", family_name_kana="ﾔﾏﾀﾞ", given_name_kana="ハナコ",
                     birth_date="S60.6.1", phone_mobile="")
    res = post(client, world.worker_a, data)
    html = res.content.decode()
    assert res.status_code == 200 and Case.objects.count() == 1
    assert "同じ人かもしれない相談者" in html and known.case_number in html and "昭和60年6月1日" in html
    assert reverse("case_detail", args=[known.pk]) in html
    assert "この相談者の新しいケースとして受付" in html and "別人として新規登録" in html
    assert 'value="ﾔﾏﾀﾞ"' in html or 'value="やまだ"' in html
    assert AccessLog.objects.filter(case_id=known.pk, action="read").exists()


def test_it_adds_a_case_to_the_existing_person_when_chosen(client, world, today):
    known = new_case(world)
    data = form_data(today, family_name="山田", given_name="花子", birth_date="1985-06-01",
                     existing_client=str(known.client_id))
    res = post(client, world.worker_a, data)
    assert res.status_code == 302
    assert Client.objects.count() == 1 and known.client.cases.count() == 2


def test_it_registers_a_different_person_when_confirmed(client, world, today):
    new_case(world)
    data = form_data(today, family_name="山田", given_name="花子", birth_date="1985-06-01", confirm_new="1")
    assert post(client, world.worker_a, data).status_code == 302
    assert Client.objects.count() == 2


def test_it_matches_a_duplicate_by_phone_without_hyphens(client, world, today):
    known = new_case(world)  # 090-1234-5678
    res = post(client, world.worker_a, form_data(today, phone_mobile="09012345678"))
    assert known.case_number in res.content.decode() and Case.objects.count() == 1


def test_it_never_shows_duplicates_from_another_body(client, world, today):
    new_case(world)  # 日立市
    data = form_data(today, family_name="山田", given_name="花子", birth_date="1985-06-01",
                     phone_mobile="090-1234-5678")
    res = post(client, world.worker_b, data)  # 土浦市
    assert res.status_code == 302
    assert Client.objects.filter(body=world.tsuchiura).count() == 1


def test_it_cannot_attach_a_case_to_a_person_of_another_body(client, world, today):
    known = new_case(world)
    res = post(client, world.worker_b, form_data(today, existing_client=str(known.client_id)))
    assert res.status_code == 200 and "見つかりません" in res.content.decode()
    assert Case.objects.count() == 1


@pytest.mark.parametrize("who", ["admin_a", "prep_staff", "policy", "auditor", "developer"])
def test_it_lets_only_agency_staff_take_a_new_consultation(client, world, today, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("case_new")).status_code == 403
    assert client.post(reverse("case_new"), form_data(today)).status_code == 403
    assert not Case.objects.exists()


def test_it_shows_the_birth_date_in_wareki_with_the_age(client, world):
    client.force_login(world.worker_a)
    res = client.get(reverse("birth_date_preview"), {"birth_date": "1985-06-01", "received_on": "R6.6.1"})
    assert res.content.decode() == "昭和60年6月1日（39歳）"
    bad = client.get(reverse("birth_date_preview"), {"birth_date": "あした"})
    assert "日付として読めません" in bad.content.decode()


def test_it_warns_of_a_duplicate_written_with_variant_kanji(client, world, today):
    known = new_case(world, family_name="髙橋")
    res = post(client, world.worker_a, form_data(today, family_name="高橋", given_name="花子",
                                                  birth_date="1985-06-01", phone_mobile=""))
    assert "同じ人かもしれない相談者" in res.content.decode() and known.case_number in res.content.decode()
    assert Case.objects.count() == 1
