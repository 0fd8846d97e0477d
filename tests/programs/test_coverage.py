"""A hand-off to a wide-area provider needs the body's agreement (協定) and the provider's contract in force on
the hand-off day; otherwise the service, the API and the hand-off form all say why."""
import datetime as dt
import json

import pytest

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Handoff
from jiritsu.cases.process import InvalidStep
from jiritsu.programs.agreements import save_agreement, save_contract
from jiritsu.programs.catalog import Program
from jiritsu.programs.coverage import handoff_refusal
from jiritsu.programs.models import Agreement, Contract
from tests.factories import advance_case, new_case

TERM = (dt.date(2024, 4, 1), dt.date(2025, 3, 31))


@pytest.fixture
def hitachi_alone(world):
    """日立 with only a FY2024 就労準備 agreement, and the provider's contract for FY2024 covering 日立."""
    Agreement.objects.filter(body=world.hitachi).delete()
    Contract.objects.all().delete()
    save_agreement(user=world.policy, body=world.hitachi, program=Program.EMPLOYMENT_PREP, term_from=TERM[0],
                   term_to=TERM[1], signed_on=dt.date(2024, 3, 1), data_sharing=False)
    save_contract(user=world.policy, provider=world.prep_provider, title="R6 就労準備", programs=[Program.EMPLOYMENT_PREP],
                  term_from=TERM[0], term_to=TERM[1], amount=1_000_000, bodies=[world.hitachi])
    return world


def refusal(w, program=Program.EMPLOYMENT_PREP, on=TERM[0], body=None):
    found = handoff_refusal(body=body or w.hitachi, provider=w.prep_provider, program=program, on=on)
    return found.reason if found else None


def test_it_allows_the_first_and_the_last_day_of_the_terms(hitachi_alone):
    assert refusal(hitachi_alone, on=TERM[0]) is None
    assert refusal(hitachi_alone, on=TERM[1]) is None


def test_it_refuses_the_day_before_and_the_day_after_the_agreement(hitachi_alone):
    w = hitachi_alone
    assert refusal(w, on=TERM[0] - dt.timedelta(days=1)) == "agreement_not_in_force"
    assert refusal(w, on=TERM[1] + dt.timedelta(days=1)) == "agreement_not_in_force"
    message = handoff_refusal(body=w.hitachi, provider=w.prep_provider, program=Program.EMPLOYMENT_PREP,
                              on=dt.date(2025, 4, 1)).message
    assert "令和7年4月1日" in message and "令和6年4月1日〜令和7年3月31日" in message


def test_it_refuses_a_program_the_agreement_does_not_cover(hitachi_alone):
    assert refusal(hitachi_alone, program=Program.HOUSEHOLD_BUDGET) == "no_agreement"


def test_it_refuses_a_body_the_providers_contract_does_not_cover(hitachi_alone):
    w = hitachi_alone
    Agreement.objects.filter(body=w.tsuchiura).delete()
    save_agreement(user=w.policy, body=w.tsuchiura, program=Program.EMPLOYMENT_PREP, term_from=TERM[0],
                   term_to=TERM[1], signed_on=TERM[0], data_sharing=False)
    assert refusal(w, body=w.tsuchiura) == "no_contract"


def test_it_refuses_when_the_contract_has_ended_though_the_agreement_runs_on(hitachi_alone):
    w = hitachi_alone
    contract = Contract.objects.get()
    save_contract(user=w.policy, contract=contract, provider=w.prep_provider, title=contract.title,
                  programs=contract.programs, term_from=TERM[0], term_to=dt.date(2024, 9, 30), amount=500_000,
                  bodies=[w.hitachi])
    assert refusal(w, on=dt.date(2024, 9, 30)) is None
    assert refusal(w, on=dt.date(2024, 10, 1)) == "no_contract"


@pytest.fixture
def case_in_support(world):
    return advance_case(world, new_case(world), Status.IN_SUPPORT)


def test_the_service_refuses_and_records_nothing(world, case_in_support):
    Agreement.objects.filter(body=world.hitachi, program=Program.EMPLOYMENT_PREP).delete()
    with pytest.raises(InvalidStep) as refused:
        services.hand_off(user=world.worker_a, case=case_in_support, provider=world.prep_provider,
                          program=Program.EMPLOYMENT_PREP, started_on=case_in_support.received_on + dt.timedelta(days=22))
    assert refused.value.reason == "no_agreement"
    assert "日立市は就労準備支援の広域実施の協定を結んでいない" in refused.value.message
    assert not Handoff.objects.exists()


def test_the_special_paths_are_gated_too(world):
    Agreement.objects.filter(body=world.hitachi).delete()
    case = advance_case(world, new_case(world), Status.APPLIED)
    with pytest.raises(InvalidStep, match="一時生活支援の広域実施の協定"):
        services.start_urgent_shelter(user=world.worker_a, case=case, provider=world.shelter_provider,
                                      started_on=case.received_on + dt.timedelta(days=1), reason="寮を出された")
    with pytest.raises(InvalidStep, match="家計改善支援の広域実施の協定"):
        services.start_temporary_use(user=world.worker_a, case=case, provider=world.prep_provider,
                                     program=Program.HOUSEHOLD_BUDGET, started_on=case.received_on + dt.timedelta(days=2),
                                     reason="滞納の整理")


def test_the_api_answers_409_with_the_reason(client, world, case_in_support):
    Agreement.objects.filter(body=world.hitachi, program=Program.EMPLOYMENT_PREP).delete()
    client.force_login(world.worker_a)
    response = client.post(f"/api/cases/{case_in_support.pk}/handoffs", json.dumps({
        "provider_id": world.prep_provider.pk, "program": "employment_prep",
        "started_on": (case_in_support.received_on + dt.timedelta(days=22)).isoformat()}),
        content_type="application/json")
    assert response.status_code == 409
    assert response.json()["reason"] == "no_agreement"
    assert not Handoff.objects.exists()


def test_the_hand_off_form_says_why_and_offers_the_provider_once_the_agreement_is_recorded(client, world,
                                                                                           case_in_support):
    Agreement.objects.filter(body=world.hitachi, program=Program.EMPLOYMENT_PREP).delete()
    client.force_login(world.worker_a)
    html = client.get(f"/cases/{case_in_support.pk}/handoff/").content.decode()
    assert "選べません：日立市は就労準備支援の広域実施の協定を結んでいない" in html
    assert f'value="{world.prep_provider.pk}:employment_prep" disabled' in html
    save_agreement(user=world.policy, body=world.hitachi, program=Program.EMPLOYMENT_PREP,
                   term_from=dt.date(2000, 4, 1), term_to=dt.date(2099, 3, 31), signed_on=dt.date(2000, 4, 1),
                   data_sharing=False)
    html = client.get(f"/cases/{case_in_support.pk}/handoff/").content.decode()
    assert "協定を結んでいない" not in html
    assert f'value="{world.prep_provider.pk}:employment_prep" disabled' not in html


def test_the_form_judges_the_typed_hand_off_date(client, world, case_in_support):
    """An agreement that ended yesterday: a hand-off dated yesterday is still offered, today's is not."""
    from django.utils import timezone

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Agreement.objects.filter(body=world.hitachi, program=Program.EMPLOYMENT_PREP).update(term_to=yesterday)
    client.force_login(world.worker_a)
    url = f"/cases/{case_in_support.pk}/handoff/"
    target = f"{world.prep_provider.pk}:employment_prep"
    response = client.post(url, {"target": target, "started_on": timezone.localdate().isoformat()})
    assert "協定期間" in response.content.decode() and not Handoff.objects.exists()
    response = client.post(url, {"target": target, "started_on": yesterday.isoformat()})
    assert response.status_code == 302
    assert Handoff.objects.get().started_on == yesterday
