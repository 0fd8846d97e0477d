"""The placements API: sites and tasks for their readers, pseudonymous profiles for the developer, matches and
the agency's confirmation, tours; scoped and audited as the pages."""
import datetime as dt

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.placements import services
from jiritsu.placements.models import Match, Tour, TourRegistration
from tests.api.conftest import ApiCaller

from .conftest import profile_for, site_with_task


@pytest.fixture
def api(client):
    return ApiCaller(client)


@pytest.fixture
def proposed(world, person, today):
    profile = profile_for(world, person)
    _site, task = site_with_task(world)
    match, = services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    return match


def test_sites_and_tasks_are_read_by_the_developer_and_agencies_but_not_the_prefecture(api, world, today):
    site, task = site_with_task(world)
    for user in (world.developer, world.worker_a, world.worker_b):
        body = api.as_(user).get("/api/placements/sites").json()
        assert [s["id"] for s in body["items"]] == [site.pk] and body["items"][0]["tasks"][0]["id"] == task.pk
    assert api.as_(world.policy).get("/api/placements/sites").status_code == 403
    tasks = api.as_(world.worker_a).get("/api/placements/tasks", available_on=today.isoformat()).json()
    assert [t["id"] for t in tasks["items"]] == [task.pk]
    assert api.as_(world.worker_a).get(f"/api/placements/sites/{site.pk + 999}").status_code == 404


def test_the_developer_sees_profiles_by_pseudonym_only_and_the_read_is_audited(api, world, person):
    profile = profile_for(world, person)
    body = api.as_(world.developer).get("/api/placements/profiles").json()
    assert [p["code"] for p in body["items"]] == [profile.code]
    assert body["items"][0]["case_id"] is None and person.client.family_name not in str(body)
    assert AccessLog.objects.filter(case_id=person.pk, user=world.developer, what__contains="仮名").exists()
    agency = api.as_(world.worker_a).get("/api/placements/profiles").json()
    assert agency["items"][0]["case_id"] == person.pk
    assert api.as_(world.worker_b).get("/api/placements/profiles").json()["count"] == 0


def test_the_agency_confirms_and_only_then_the_developer_sees_the_name(api, world, proposed, today):
    developer = api.as_(world.developer)
    before = developer.get(f"/api/placements/matches/{proposed.pk}").json()
    assert before["person"] is None and before["case_id"] is None
    refused = api.as_(world.worker_a).post(f"/api/placements/matches/{proposed.pk}/confirm",
                                           {"consent_given": False, "consent_on": today.isoformat()})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["consent_given"]
    confirmed = api.as_(world.worker_a).post(f"/api/placements/matches/{proposed.pk}/confirm",
                                             {"consent_given": True, "consent_on": today.isoformat()})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == Match.Status.CONFIRMED
    after = developer.get(f"/api/placements/matches/{proposed.pk}").json()
    assert after["person"] == proposed.profile.case.client.full_name
    assert AccessLog.objects.filter(case_id=proposed.profile.case_id, user=world.developer,
                                    what__contains="氏名").exists()
    again = api.as_(world.worker_a).post(f"/api/placements/matches/{proposed.pk}/confirm",
                                         {"consent_given": True, "consent_on": today.isoformat()})
    assert again.status_code == 422


def test_another_bodys_match_is_404_even_with_a_malformed_body(api, world, proposed):
    other = api.as_(world.worker_b)
    assert other.get(f"/api/placements/matches/{proposed.pk}").status_code == 404
    assert other.post(f"/api/placements/matches/{proposed.pk}/confirm", {"consent_on": "x"}).status_code == 404
    assert other.post(f"/api/placements/matches/{proposed.pk}/decline", {"note": "x"}).status_code == 404
    assert other.get("/api/placements/matches").json()["count"] == 0
    assert api.as_(world.developer).post(f"/api/placements/matches/{proposed.pk}/decline",
                                         {"note": "x"}).status_code == 403


def test_tours_are_listed_for_support_staff(api, world, today):
    site, _task = site_with_task(world)
    tour = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(10), capacity=5)
    body = api.as_(world.prep_staff).get("/api/placements/tours").json()
    assert [t["id"] for t in body["items"]] == [tour.pk] and body["items"][0]["registered"] == 0
    assert api.as_(world.policy).get("/api/placements/tours").status_code == 403
    assert Tour.objects.count() == 1


def test_support_staff_register_for_a_tour_once_and_up_to_its_capacity(api, world, today):
    site, _task = site_with_task(world)
    tour = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(10), capacity=1)
    url = f"/api/placements/tours/{tour.pk}/registration"
    made = api.as_(world.worker_b).post(url)
    assert made.status_code == 201, made.content
    assert made.json()["registered"] and made.json()["tour"]["registered"] == 1
    assert AccessLog.objects.filter(user=world.worker_b, action="create", what__contains="見学会に申込み").exists()
    twice = api.as_(world.worker_b).post(url)
    assert twice.status_code == 422 and "すでに申し込んで" in str(twice.json()["errors"])
    full = api.as_(world.prep_staff).post(url)
    assert full.status_code == 422 and "定員" in str(full.json()["errors"])
    assert api.as_(world.developer).post(url).status_code == 403
    assert api.as_(world.policy).post(url).status_code == 403
    assert api.as_(world.worker_b).post(f"/api/placements/tours/{tour.pk + 999}/registration").status_code == 404
    assert TourRegistration.objects.filter(tour=tour).count() == 1


def test_a_past_tour_takes_no_registration_and_ones_own_is_cancelled(api, world, today):
    site, _task = site_with_task(world)
    past = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(10), capacity=5)
    Tour.objects.filter(pk=past.pk).update(held_on=today - dt.timedelta(days=1))
    assert api.as_(world.worker_a).post(f"/api/placements/tours/{past.pk}/registration").status_code == 422
    tour = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(14), capacity=5)
    url = f"/api/placements/tours/{tour.pk}/registration"
    api.as_(world.worker_a).post(url)
    assert api.as_(world.worker_b).delete(url).status_code == 422  # nothing of theirs to cancel
    cancelled = api.as_(world.worker_a).delete(url)
    assert cancelled.status_code == 200 and not cancelled.json()["registered"]
    assert not TourRegistration.objects.exists()
    assert AccessLog.objects.filter(user=world.worker_a, action="delete", what__contains="申込みを取消し").exists()
