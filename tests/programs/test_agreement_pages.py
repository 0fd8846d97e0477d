"""Agreement (協定) and contract pages: policy staff record them, with errors at the field and the input kept;
a concurrent edit is a conflict; a body's staff read their own body's agreements and change nothing."""
import pytest
from django.urls import reverse

from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Contract


@pytest.fixture
def policy_client(client, world):
    Agreement.objects.all().delete()
    client.force_login(world.policy)
    return client


def agreement_post(world, **changes):
    data = {"body": world.hitachi.pk, "program": "employment_prep", "term_from": "R6.4.1", "term_to": "R7.3.31",
            "signed_on": "R6.3.15", "data_sharing": "on", "data_sharing_text": "必要な範囲で個人情報を共有する。"}
    return {**data, **changes}


def test_policy_staff_record_an_agreement_typed_in_wareki(policy_client, world):
    response = policy_client.post(reverse("agreement_new"), agreement_post(world))
    assert response.status_code == 302
    a = Agreement.objects.get()
    assert (a.body, a.program, str(a.term_from), str(a.term_to), a.data_sharing) == (
        world.hitachi, "employment_prep", "2024-04-01", "2025-03-31", True)
    html = policy_client.get(reverse("agreement_list")).content.decode()
    assert "日立市" in html and "令和6年4月1日〜令和7年3月31日" in html and "必要な範囲で個人情報を共有する。" in html


@pytest.mark.parametrize(("changes", "field_error"), [
    ({"term_to": "R5.3.31"}, "終了日は開始日以降にしてください。"),
    ({"data_sharing_text": ""}, "情報共有条項がある場合は、その内容（条文）を入力してください。"),
    ({"term_from": "R6.13.1"}, "R6.13.1"),
    ({"signed_on": "R8.1.1"}, "締結日が協定期間の終了より後になっています。"),
])
def test_bad_input_is_shown_at_the_field_and_kept(policy_client, world, changes, field_error):
    response = policy_client.post(reverse("agreement_new"), agreement_post(world, **changes))
    html = response.content.decode()
    assert response.status_code == 200 and field_error in html
    assert "入力した内容はそのまま残っています" in html
    assert 'value="R6.3.15"' in html or changes.get("signed_on") in html
    assert not Agreement.objects.exists()


def test_an_overlapping_agreement_is_refused_at_the_term(policy_client, world):
    policy_client.post(reverse("agreement_new"), agreement_post(world))
    html = policy_client.post(reverse("agreement_new"), agreement_post(world, term_from="R7.1.1",
                                                                        term_to="R8.3.31")).content.decode()
    assert "期間が重なっています" in html and Agreement.objects.count() == 1


def test_a_concurrent_edit_is_a_conflict_and_keeps_the_input(policy_client, world):
    policy_client.post(reverse("agreement_new"), agreement_post(world))
    a = Agreement.objects.get()
    url = reverse("agreement_edit", args=[a.pk])
    assert policy_client.post(url, agreement_post(world, version=a.version, term_to="R8.3.31")).status_code == 302
    stale = policy_client.post(url, agreement_post(world, version=a.version, data_sharing_text="古い画面の内容"))
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "他の職員がこの記録を先に更新しました" in html and "古い画面の内容" in html
    a.refresh_from_db()
    assert str(a.term_to) == "2026-03-31" and a.version == 2


def test_a_body_reads_its_own_agreements_only_and_cannot_edit(client, world):
    hitachi = Agreement.objects.filter(body=world.hitachi).first()
    client.force_login(world.admin_a)
    html = client.get(reverse("agreement_list")).content.decode()
    assert "日立市" in html and "土浦市" not in html and "修正" not in html
    assert client.get(reverse("agreement_edit", args=[hitachi.pk])).status_code == 403
    assert client.post(reverse("agreement_new"), agreement_post(world)).status_code == 403
    client.force_login(world.worker_b)
    html = client.get(reverse("agreement_list")).content.decode()
    assert "土浦市" in html and "日立市" not in html


@pytest.mark.parametrize("who", ["prep_staff", "auditor", "developer"])
def test_others_cannot_see_agreements_or_contracts(client, world, who):
    client.force_login(getattr(world, who))
    for name in ("agreement_list", "agreement_new", "contract_list", "contract_new"):
        assert client.get(reverse(name)).status_code == 403


def test_policy_staff_record_a_contract_and_see_it(policy_client, world):
    response = policy_client.post(reverse("contract_new"), {
        "provider": world.prep_provider.pk, "title": "R7 就労準備 広域委託", "programs": ["employment_prep"],
        "term_from": "2025-04-01", "term_to": "R8.3.31", "amount": "12,000,000円",
        "bodies": [world.hitachi.pk, world.tsuchiura.pk]})
    assert response.status_code == 302
    c = Contract.objects.get(title="R7 就労準備 広域委託")
    assert c.amount == 12_000_000 and set(c.bodies.all()) == {world.hitachi, world.tsuchiura}
    html = policy_client.get(reverse("contract_list")).content.decode()
    assert "R7 就労準備 広域委託" in html and "12,000,000" in html


def test_a_contract_for_a_program_the_provider_does_not_offer_is_refused_at_the_field(policy_client, world):
    before = Contract.objects.count()
    html = policy_client.post(reverse("contract_new"), {
        "provider": world.shelter_provider.pk, "title": "誤り", "programs": ["employment_prep"],
        "term_from": "R7.4.1", "term_to": "R8.3.31", "amount": "1000", "bodies": [world.hitachi.pk]}).content.decode()
    assert "の提供事業に就労準備支援が含まれていません" in html
    assert Contract.objects.count() == before


def test_a_contract_amount_must_be_whole_yen(policy_client, world):
    html = policy_client.post(reverse("contract_new"), {
        "provider": world.prep_provider.pk, "title": "x", "programs": ["employment_prep"], "term_from": "R7.4.1",
        "term_to": "R8.3.31", "amount": "12万円", "bodies": [world.hitachi.pk]}).content.decode()
    assert "契約額は0以上の整数（円）で入力してください。" in html and 'value="12万円"' in html


def test_a_contract_edit_keeps_the_version_check(policy_client, world):
    c = Contract.objects.get(provider=world.prep_provider)
    url = reverse("contract_edit", args=[c.pk])
    data = {"provider": world.prep_provider.pk, "title": c.title, "programs": c.programs,
            "term_from": c.term_from.isoformat(), "term_to": "2040-03-31", "amount": "5000",
            "bodies": [world.hitachi.pk], "version": c.version}
    assert policy_client.post(url, data).status_code == 302
    assert policy_client.post(url, {**data, "amount": "6000"}).status_code == 409
    c.refresh_from_db()
    assert c.amount == 5000 and list(c.bodies.all()) == [world.hitachi]
    assert Program.EMPLOYMENT_PREP in c.programs


def test_the_lists_take_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.policy)
    assert Agreement.objects.count() > 100  # every body of the prefecture, every hand-off program
    with django_assert_max_num_queries(8):
        assert client.get(reverse("agreement_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("contract_list")).status_code == 200


def test_the_contract_list_names_covered_bodies_without_an_agreement_today(client, world):
    Agreement.objects.filter(body=world.tsuchiura, program=Program.HOUSEHOLD_BUDGET).delete()
    client.force_login(world.policy)
    html = client.get(reverse("contract_list")).content.decode()
    assert html.count("本日有効な協定がない対象団体：土浦市") == 1  # the 就労準備・家計改善 contract only
