"""How often the provider reports progress on a hand-off (経過報告の頻度): set with the hand-off on the page or
through the API (tests/api/test_report_frequency.py), refused at the field in Japanese outside 1-92 days, 30 (月1回) when left out."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Handoff
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case

MESSAGE = "経過報告の頻度は1〜92日の日数で入力してください（月1回なら30）。"


@pytest.fixture
def case(world):
    return advance_case(world, new_case(world), Status.IN_SUPPORT)


def post_handoff(client, world, case, today, **extra):
    client.force_login(world.worker_a)
    return client.post(reverse("case_handoff", args=[case.pk]),
                       {"target": f"{world.prep_provider.pk}:employment_prep", "started_on": today.isoformat(),
                        **extra})


def test_the_hand_off_page_records_the_report_frequency_and_the_case_page_shows_it(client, world, today, case):
    response = post_handoff(client, world, case, today, report_every_days="14")
    assert response.status_code == 302
    assert Handoff.objects.get(case=case).report_every_days == 14
    assert "経過報告 14日ごと" in client.get(reverse("case_detail", args=[case.pk])).content.decode()


def test_the_hand_off_page_offers_monthly_reports_and_takes_a_blank_as_monthly(client, world, today, case):
    client.force_login(world.worker_a)
    page = client.get(reverse("case_handoff", args=[case.pk])).content.decode()
    assert 'name="report_every_days"' in page and 'value="30"' in page
    assert post_handoff(client, world, case, today, report_every_days="").status_code == 302
    assert Handoff.objects.get(case=case).report_every_days == 30


@pytest.mark.parametrize("typed, message", [
    ("0", MESSAGE), ("93", MESSAGE), ("-7", MESSAGE), ("99999999999999999999", MESSAGE),
    ("毎月", "経過報告の頻度は半角数字の日数で入力してください（月1回なら30）。"),
])
def test_a_frequency_outside_one_to_92_days_is_refused_at_the_field_and_the_input_kept(
        client, world, today, case, typed, message):
    response = post_handoff(client, world, case, today, report_every_days=typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f'value="{typed}"' in html
    assert not Handoff.objects.exists()


def test_the_service_refuses_a_frequency_outside_the_range_and_saves_nothing(world, today, case):
    with pytest.raises(ValidationError) as refused:
        services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                          program=Program.EMPLOYMENT_PREP, started_on=today, report_every_days=0)
    assert refused.value.message_dict == {"report_every_days": [MESSAGE]}
    assert not Handoff.objects.exists()


def test_a_temporary_use_is_monthly_unless_told(world, case, today):
    early = advance_case(world, new_case(world, given_name="早期", phone="090-1212-3434"), Status.ASSESSED)
    handoff = services.start_temporary_use(user=world.worker_a, case=early, provider=world.prep_provider,
                                           program=Program.EMPLOYMENT_PREP, started_on=today, reason="早期介入")
    assert handoff.report_every_days == 30
