"""The matching page: the engine's global proposal with reasons, the developer's adjustments, and the agency's
answer with the person's consent. The developer sees a pseudonym until the match is confirmed."""
import pytest
from django.core.exceptions import ValidationError

from jiritsu.audit.models import AccessLog
from jiritsu.placements import services
from jiritsu.placements.models import Match, Profile

from .conftest import in_prep, profile_for, site_with_task


def _propose(client, world, choices):
    client.force_login(world.developer)
    return client.post("/placements/matching", {f"task_{p.pk}": t.pk if t else "" for p, t in choices})


def test_it_shows_the_developer_pseudonyms_the_optimal_proposal_and_why(client, world, person):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    client.force_login(world.developer)
    page = client.get("/placements/matching").content.decode()
    assert profile.code in page and "山田" not in page and "090-1234-5678" not in page
    assert f'<option value="{task.pk}" selected>' in page and "【最適案】" in page
    assert "距離 0.0 km（上限 10 km）" in page and "希望に合う：屋外" in page
    assert AccessLog.objects.filter(case_id=person.pk, username="developer", what__contains="仮名").exists()


def test_it_says_why_nobody_fits_a_person(client, world, person):
    profile = profile_for(world, person, stage="日常生活自立")
    site_with_task(world, min_stage="就労自立")
    site_with_task(world, code="08201", name="水戸の事務所", title="入力", features=["屋内", "事務"])
    client.force_login(world.developer)
    page = client.get("/placements/matching").content.decode()
    row = page[page.index(f'id="row-{profile.code}"'):]
    assert "今回は配置できません：必要なステージに届かない・移動できる距離の外" in row[:row.index("</tr>")]


def test_it_places_as_many_as_it_can_and_says_when_places_are_full(client, world, person):
    first = profile_for(world, person)
    second = profile_for(world, in_prep(world, given_name="次郎"), prefers=[])
    _site, task = site_with_task(world, capacity=1)
    client.force_login(world.developer)
    page = client.get("/placements/matching").content.decode()
    assert page.count(f'<option value="{task.pk}" selected>') == 1
    # The one who prefers outdoor work gets it (lower cost); the other is told the place is taken.
    assert "合う業務は空きがない（定員）" in page[page.index(f'id="row-{second.code}"'):]
    response = _propose(client, world, [(first, task), (second, task)])
    assert "空きは1人です。2人は提案できません。" in response.content.decode()
    assert not Match.objects.exists()


def test_it_lets_the_developer_choose_another_suggestion_or_drop_a_person(client, world, person):
    first = profile_for(world, person)
    second = profile_for(world, in_prep(world, given_name="次郎"))
    _site, farm = site_with_task(world, capacity=2)
    _site2, other = site_with_task(world, name="日立の公園", title="花壇", features=["屋外", "軽作業"])
    response = _propose(client, world, [(first, other), (second, None)])
    assert response.status_code == 302
    match = Match.objects.get()
    assert (match.profile, match.task, match.status) == (first, other, Match.Status.PROPOSED)
    page = client.get("/placements/matching").content.decode()
    assert f'id="row-{first.code}"' not in page and f'id="row-{second.code}"' in page  # waiting for the agency
    client.post(f"/placements/matches/{match.pk}/withdraw")
    assert Match.objects.get().status == Match.Status.WITHDRAWN
    assert f'id="row-{first.code}"' in client.get("/placements/matching").content.decode()
    assert farm.pk  # still open for both


def test_it_refuses_to_propose_a_task_that_does_not_fit(world, person):
    profile = profile_for(world, person, avoid=["農作業"])
    _site, task = site_with_task(world)
    with pytest.raises(ValidationError, match="合いません（避けたい作業）"):
        services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=task.created_at.date())
    assert not Match.objects.exists()


def test_it_shows_name_and_contact_to_the_developer_only_after_the_agency_confirms_with_consent(client, world, person):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    _propose(client, world, [(profile, task)])
    match = Match.objects.get()
    page = client.get(f"/placements/matches/{match.pk}").content.decode()
    assert profile.code in page and "山田" not in page and "090-1234-5678" not in page
    client.force_login(world.worker_a)
    assert "山田 花子" in client.get("/placements/matching").content.decode()
    refused = client.post(f"/placements/matches/{match.pk}/confirm", {"consent_on": "", "note": ""})
    assert "本人の同意を確認してから確定してください" in refused.content.decode()
    assert Match.objects.get().status == Match.Status.PROPOSED
    done = client.post(f"/placements/matches/{match.pk}/confirm", {"consent_given": "on", "consent_on": "R7.4.1"})
    assert done.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.CONFIRMED and str(match.consent_on) == "2025-04-01"
    assert Profile.objects.get().status == Profile.Status.MATCHED
    assert person.progress_records.filter(text__contains="マッチングを確定").exists()
    client.force_login(world.developer)
    page = client.get(f"/placements/matches/{match.pk}").content.decode()
    assert "山田 花子" in page and "090-1234-5678" in page
    assert AccessLog.objects.filter(case_id=person.pk, username="developer", what__contains="氏名・連絡先").exists()


def test_it_frees_the_person_for_another_proposal_when_the_agency_declines(client, world, person):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    _propose(client, world, [(profile, task)])
    match = Match.objects.get()
    client.force_login(world.worker_a)
    assert "見送りの理由" in client.post(f"/placements/matches/{match.pk}/decline", {"note": ""}).content.decode()
    client.post(f"/placements/matches/{match.pk}/decline", {"note": "本人が別の作業を希望"})
    assert Match.objects.get().status == Match.Status.DECLINED
    client.force_login(world.developer)
    assert f'id="row-{profile.code}"' in client.get("/placements/matching").content.decode()


def test_a_confirmed_match_takes_the_tasks_place(client, world, person):
    profile = profile_for(world, person)
    _site, task = site_with_task(world, capacity=1)
    _propose(client, world, [(profile, task)])
    services.confirm_match(user=world.worker_a, match=Match.objects.get(), consent_given=True,
                           consent_on=task.created_at.date())
    newcomer = profile_for(world, in_prep(world, given_name="三郎"))
    client.force_login(world.developer)
    page = client.get("/placements/matching").content.decode()
    assert f'<option value="{task.pk}"' not in page
    assert "合う業務は空きがない（定員）" in page[page.index(f'id="row-{newcomer.code}"'):]


def test_it_hides_a_match_from_other_bodies_and_the_prefecture(client, world, person):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    _propose(client, world, [(profile, task)])
    match = Match.objects.get()
    for user in (world.worker_b, world.prep_staff, world.policy, world.auditor):
        client.force_login(user)
        assert client.get(f"/placements/matches/{match.pk}").status_code == 404
        assert client.post(f"/placements/matches/{match.pk}/confirm",
                           {"consent_given": "on", "consent_on": "R7.4.1"}).status_code in (403, 404)
    assert Match.objects.get().status == Match.Status.PROPOSED
    client.force_login(world.worker_b)
    assert client.post(f"/placements/matches/{match.pk}/withdraw").status_code in (403, 404)


def test_a_withdrawn_consent_takes_the_person_out_of_matching_and_hides_their_match(client, world, person, today):
    from jiritsu.cases import services as case_services

    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    match, = services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    services.confirm_match(user=world.worker_a, match=match, consent_given=True, consent_on=today)
    services.record_follow_up(user=world.worker_a, match=match, kind="ended", occurred_on=today)
    case_services.withdraw_consent(user=world.worker_a, case=person, withdrawn_on=today, note="本人の申出")
    client.force_login(world.developer)
    assert profile.code not in client.get("/placements/matching").content.decode()
    assert client.get(f"/placements/matches/{match.pk}").status_code == 404
