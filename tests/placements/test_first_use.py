"""First use with accompaniment, and what follows recorded on the case (progress, stage, 就労 for the survey)."""
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Outcome
from jiritsu.placements import selectors, services
from jiritsu.placements.models import FirstUse, Match, Profile
from jiritsu.stats import survey

from .conftest import profile_for, site_with_task


def confirmed(world, person, today, **task):
    profile = profile_for(world, person)
    _site, task = site_with_task(world, **task)
    match, = services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    return services.confirm_match(user=world.worker_a, match=match, consent_given=True, consent_on=today)


def test_it_schedules_the_first_day_with_the_staff_who_accompanies_and_the_sites_contact(client, world, person, today):
    match = confirmed(world, person, today)
    client.force_login(world.developer)
    form = client.get(f"/placements/matches/{match.pk}").content.decode()
    assert "農園 次郎　0294-00-1111" in form  # the site's contact, pre-filled
    response = client.post(f"/placements/matches/{match.pk}/first-use", {
        "scheduled_on": (today + dt.timedelta(days=7)).isoformat(), "meet_at": "09:30",
        "accompanied_by": world.developer.staff.pk, "site_contact": "農園 次郎　0294-00-1111"})
    assert response.status_code == 302
    first = FirstUse.objects.get()
    assert (first.accompanied_by, first.outcome) == (world.developer.staff, FirstUse.Outcome.PENDING)
    client.force_login(world.worker_a)
    page = client.get(f"/placements/matches/{match.pk}").content.decode()
    assert "09:30" in page and "developer（開拓NPO）" in page


def test_it_refuses_a_first_day_before_consent_and_keeps_the_input(client, world, person, today):
    match = confirmed(world, person, today)
    client.force_login(world.developer)
    response = client.post(f"/placements/matches/{match.pk}/first-use", {
        "scheduled_on": (today - dt.timedelta(days=3)).isoformat(), "meet_at": "09:30",
        "accompanied_by": world.developer.staff.pk, "site_contact": "担当 山本"})
    page = response.content.decode()
    assert "本人同意の日以降" in page and 'value="担当 山本"' in page
    assert not FirstUse.objects.exists()


def test_it_refuses_a_stale_reschedule_and_keeps_what_was_typed(client, world, person, today):
    match = confirmed(world, person, today)
    first = services.schedule_first_use(user=world.developer, match=match, scheduled_on=today + dt.timedelta(days=2),
                                        meet_at=dt.time(9), accompanied_by=world.developer.staff, site_contact="農園 次郎")
    opened = first.version
    services.schedule_first_use(user=world.developer, match=match, scheduled_on=today + dt.timedelta(days=4),
                                meet_at=dt.time(10), accompanied_by=world.developer.staff, site_contact="農園 三郎",
                                expected_version=opened)  # someone else moved it meanwhile
    client.force_login(world.developer)
    response = client.post(f"/placements/matches/{match.pk}/first-use", {
        "scheduled_on": (today + dt.timedelta(days=9)).isoformat(), "meet_at": "13:00",
        "accompanied_by": world.developer.staff.pk, "site_contact": "担当 山本", "version": opened})
    page = response.content.decode()
    assert response.status_code == 409 and "他の職員がこの記録を先に更新しました" in page
    assert 'value="担当 山本"' in page
    assert FirstUse.objects.get().site_contact == "農園 三郎"


def test_a_scheduled_first_day_is_logged_as_the_change_alone_not_as_a_read_of_the_page(client, world, person, today):
    match = confirmed(world, person, today)
    client.force_login(world.developer)
    before = AccessLog.objects.count()
    response = client.post(f"/placements/matches/{match.pk}/first-use", {
        "scheduled_on": (today + dt.timedelta(days=7)).isoformat(), "meet_at": "09:30",
        "accompanied_by": world.developer.staff.pk, "site_contact": "農園 次郎"})
    assert response.status_code == 302
    assert list(AccessLog.objects.order_by("pk").values_list("action", flat=True)[before:]) == ["create"]


def test_it_refuses_a_first_day_for_a_match_not_yet_confirmed(world, person, today):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    match, = services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    with pytest.raises(ValidationError, match="提案中"):
        services.schedule_first_use(user=world.developer, match=match, scheduled_on=today, meet_at=dt.time(9),
                                    accompanied_by=world.developer.staff, site_contact="x")
    assert not FirstUse.objects.exists()


def test_it_records_how_the_first_day_went_only_once_it_has_come(world, person, today):
    match = confirmed(world, person, today)
    first = services.schedule_first_use(user=world.developer, match=match, scheduled_on=today + dt.timedelta(days=2),
                                        meet_at=dt.time(9), accompanied_by=world.worker_a.staff, site_contact="x")
    with time_machine.travel(today + dt.timedelta(days=3)):
        services.record_first_use_outcome(user=world.developer, first_use=first,
                                          outcome=FirstUse.Outcome.CONTINUING, note="緊張していたが最後まで作業")
    assert FirstUse.objects.get().get_outcome_display() == "実施（継続利用へ）"


def test_a_move_to_work_is_an_outcome_the_monthly_survey_counts(client, world, person, today):
    match = confirmed(world, person, today)
    client.force_login(world.worker_a)
    response = client.post(f"/placements/matches/{match.pk}/follow-up", {
        "kind": "work", "occurred_on": today.isoformat(), "note": "受入れ先に雇用された"})
    assert response.status_code == 302
    outcome = Outcome.objects.get(case=person)
    assert (outcome.kind, outcome.occurred_on, outcome.recorded_by) == (Outcome.Kind.EMPLOYED, today, world.worker_a)
    month = today.replace(day=1)
    assert survey.count_table(survey.resolve_unit("08202"), [month])[month]["employed"] == 1
    assert person.progress_records.filter(text__contains="就労（一般就労へ）").exists()
    assert Match.objects.get().status == Match.Status.ENDED and Profile.objects.get().status == Profile.Status.CLOSED
    assert selectors.active_places_used() == {}  # the place is free again


def test_a_stage_change_updates_the_profile_and_is_written_on_the_case(client, world, person, today):
    match = confirmed(world, person, today)
    client.force_login(world.worker_a)
    same = client.post(f"/placements/matches/{match.pk}/follow-up", {
        "kind": "stage", "occurred_on": today.isoformat(), "stage": "社会生活自立"})
    assert "今と異なるもの" in same.content.decode()
    client.post(f"/placements/matches/{match.pk}/follow-up", {
        "kind": "stage", "occurred_on": today.isoformat(), "stage": "就労自立"})
    assert Profile.objects.get().stage == "就労自立"
    assert person.progress_records.filter(text__contains="社会生活自立 → 就労自立").exists()
    client.post(f"/placements/matches/{match.pk}/follow-up", {"kind": "continuing", "occurred_on": today.isoformat()})
    assert person.progress_records.filter(text__contains="継続利用").exists()
    assert not Outcome.objects.exists()


def test_only_the_persons_agency_records_what_follows(client, world, person, today):
    match = confirmed(world, person, today)
    for user in (world.developer, world.worker_b, world.prep_staff):
        client.force_login(user)
        response = client.post(f"/placements/matches/{match.pk}/follow-up",
                               {"kind": "work", "occurred_on": today.isoformat()})
        assert response.status_code in (403, 404)
    assert not Outcome.objects.exists()
