"""The urgent path from the intake: a case whose intake shows no place to sleep tonight or no food offers
急迫時の一時生活支援 as its next step, and the application, consent with its sharing scope and the urgent
hand-off are recorded on one screen, all or nothing, with the same checks as the urgent hand-off."""
import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services
from jiritsu.cases.choices import HandoffMode, Status
from jiritsu.cases.models import Triage
from jiritsu.cases.process import InvalidStep
from jiritsu.programs.models import Agreement
from tests.factories import new_case


@pytest.fixture
def homeless(world, today):
    case = new_case(world, received_on=today, complaints=("housing", "no_food"), main="housing")
    case.housing_status = "homeless"
    case.save(update_fields=["housing_status"])
    return case


def _form(world, case, **over):
    data = {"applied_on": case.received_on.isoformat(), "rules_explained": "on", "share_agreed": "on",
            "scope": [world.shelter_provider.pk], "target": f"{world.shelter_provider.pk}:temporary_shelter",
            "started_on": case.received_on.isoformat(), "reason": "今夜泊まる場所がない"}
    return data | over


def test_the_case_page_offers_urgent_shelter_first_when_the_intake_shows_no_place_to_sleep(client, world, homeless):
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[homeless.pk])).content.decode()
    url = reverse("case_urgent_shelter", args=[homeless.pk])
    assert f'href="{url}" id="primary-action"' in html
    assert 'id="urgency-signs"' in html and "住居：住居なし" in html and "主訴：住まい" in html


@pytest.mark.parametrize(("housing", "complaints", "main"), [
    ("homeless", ("income",), "income"), ("rented", ("income", "no_food"), "income"),
    ("rented", ("housing",), "housing")])
def test_each_sign_on_its_own_offers_it(client, world, today, housing, complaints, main):
    case = new_case(world, received_on=today, complaints=complaints, main=main)
    case.housing_status = housing
    case.save(update_fields=["housing_status"])
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("case_urgent_shelter", args=[case.pk])}" id="primary-action"' in html


def test_without_signs_the_next_step_stays_triage(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("case_triage", args=[case.pk])}" id="primary-action"' in html
    assert "urgency-signs" not in html


def test_consent_and_the_urgent_hand_off_are_recorded_on_one_screen(client, world, homeless):
    client.force_login(world.worker_a)
    url = reverse("case_urgent_shelter", args=[homeless.pk])
    page = client.get(url).content.decode()
    assert 'id="urgent-consent"' in page and "住居：住居なし" in page  # the reason starts from the intake
    res = client.post(url, _form(world, homeless))
    assert res.status_code == 302, res.content.decode()
    homeless.refresh_from_db()
    assert homeless.status == Status.APPLIED and homeless.urgent and homeless.triage.outcome == "continue"
    consent = homeless.consents.get()
    assert list(consent.scope.all()) == [world.shelter_provider]
    handoff = homeless.handoffs.get()
    assert handoff.mode == HandoffMode.URGENT and handoff.provider == world.shelter_provider
    written = set(AccessLog.objects.filter(case_id=homeless.pk, action="create").values_list("what", flat=True))
    assert {"振り分け（継続支援）", "利用申込・本人同意を記録"} <= written
    assert any("急迫時の一時生活支援" in w for w in written)
    # the provider sees the case at once, within the consent
    client.force_login(world.shelter_staff)
    assert client.get(reverse("case_detail", args=[homeless.pk])).status_code == 200


def test_a_shelter_outside_the_scope_is_refused_at_the_field_and_nothing_is_saved(client, world, homeless):
    client.force_login(world.worker_a)
    res = client.post(reverse("case_urgent_shelter", args=[homeless.pk]),
                      _form(world, homeless, scope=[world.prep_provider.pk]))
    html = res.content.decode()
    assert res.status_code == 200 and "情報共有先に含めてください" in html and "今夜泊まる場所がない" in html
    homeless.refresh_from_db()
    assert homeless.status == Status.RECEIVED and not homeless.consents.exists() and not homeless.handoffs.exists()


def test_a_missing_agreement_refuses_the_whole_screen(client, world, homeless):
    Agreement.objects.filter(body=homeless.body, program="temporary_shelter").delete()
    with pytest.raises(InvalidStep):
        services.start_urgent_shelter(
            user=world.worker_a, case=homeless, provider=world.shelter_provider, started_on=homeless.received_on,
            reason="今夜の宿がない",
            consent={"applied_on": homeless.received_on, "rules_explained": True, "share_agreed": True,
                     "scope": [world.shelter_provider]})
    homeless.refresh_from_db()
    assert homeless.status == Status.RECEIVED and not homeless.urgent
    assert not (Triage.objects.filter(case=homeless).exists() or homeless.consents.exists()
                or homeless.handoffs.exists())
    assert not AccessLog.objects.filter(case_id=homeless.pk, what__startswith="振り分け").exists()


def test_consent_not_given_is_refused_at_the_field(client, world, homeless):
    client.force_login(world.worker_a)
    res = client.post(reverse("case_urgent_shelter", args=[homeless.pk]),
                      _form(world, homeless, share_agreed=""))
    assert res.status_code == 200 and "情報共有への同意" in res.content.decode()
    assert not homeless.handoffs.exists()


def test_a_provider_cannot_open_the_urgent_screen(client, world, homeless):
    client.force_login(world.shelter_staff)
    assert client.get(reverse("case_urgent_shelter", args=[homeless.pk])).status_code == 404


def test_without_consent_the_service_refuses_an_urgent_hand_off_from_the_intake(world, homeless):
    with pytest.raises(InvalidStep) as exc:
        services.start_urgent_shelter(user=world.worker_a, case=homeless, provider=world.shelter_provider,
                                      started_on=homeless.received_on, reason="宿がない")
    assert exc.value.reason == "consent_missing"


def test_the_api_takes_the_consent_with_the_urgent_hand_off(client, world, homeless):
    from tests.api.conftest import ApiCaller

    api = ApiCaller(client).as_(world.worker_a)
    body = {"provider_id": world.shelter_provider.pk, "started_on": homeless.received_on.isoformat(),
            "reason": "住居なし",
            "consent": {"applied_on": homeless.received_on.isoformat(), "rules_explained": True,
                        "share_agreed": True, "scope": [world.shelter_provider.pk]}}
    res = api.post(f"/api/cases/{homeless.pk}/urgent-shelter", body)
    assert res.status_code == 201 and res.json()["status"] == "applied"
    again = api.post(f"/api/cases/{homeless.pk}/urgent-shelter", body)
    assert again.status_code == 409 and again.json()["reason"] == "consent_active"
