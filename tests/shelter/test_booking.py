"""Booking a room: no double booking (database-enforced), adjacent stays allowed, who may request/confirm."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import HandoffMode
from jiritsu.cases.models import Handoff
from jiritsu.cases.policies import NotPermitted
from jiritsu.programs.catalog import Program
from jiritsu.shelter import selectors, services
from jiritsu.shelter.models import OutOfService, Stay
from jiritsu.shelter.services import RoomTaken
from tests.factories import new_case

from .conftest import urgent_case

D = dt.timedelta


def test_it_books_a_free_room_and_audits_it(world, rooms, urgent, today):
    stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                                 end=today + D(90))
    assert stay.status == Stay.Status.REQUESTED and stay.handoff.provider == world.shelter_provider
    assert AccessLog.objects.filter(case_id=urgent.pk, what__contains="部屋を依頼").exists()


def test_it_refuses_an_overlapping_request_and_offers_the_next_free_room(world, rooms, urgent, today):
    services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today, end=today + D(30))
    other = urgent_case(world, given_name="次郎")
    with pytest.raises(RoomTaken) as refused:
        services.request_room(user=world.worker_a, case=other, room=rooms["h101"], start=today + D(29),
                              end=today + D(60))
    assert "すでに予約されています" in refused.value.message
    # The person lives in 日立: the other 日立 room comes before 土浦's.
    assert refused.value.suggestion == rooms["h102"]
    assert "日立" in refused.value.message and "102" in refused.value.message
    assert Stay.objects.filter(case=other).count() == 0


def test_it_allows_a_stay_starting_on_the_day_the_previous_one_ends(world, rooms, urgent, today):
    """End is exclusive: the planned move-out day is free for the next person."""
    services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today, end=today + D(10))
    other = urgent_case(world, given_name="次郎")
    stay = services.request_room(user=world.worker_a, case=other, room=rooms["h101"], start=today + D(10),
                                 end=today + D(20))
    assert stay.pk


def test_it_frees_the_room_when_a_stay_is_cancelled(world, rooms, urgent, today):
    stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                                 end=today + D(10))
    assert rooms["h101"] not in selectors.free_rooms(today, today + D(5))
    services.cancel_stay(user=world.worker_a, stay=stay)
    assert rooms["h101"] in selectors.free_rooms(today, today + D(5))
    other = urgent_case(world, given_name="次郎")
    assert services.request_room(user=world.worker_a, case=other, room=rooms["h101"], start=today,
                                 end=today + D(10)).pk


def test_it_refuses_an_overlap_in_the_database_itself(world, rooms, urgent, today):
    """The SQLite triggers (or PostgreSQL's exclusion constraint) stop writes that bypass the service."""
    def common(case):
        return {"room": rooms["h101"], "case": case, "handoff": case.handoffs.get(), "requested_by": world.worker_a,
                "requested_on": today}

    other, third = urgent_case(world, given_name="次郎"), urgent_case(world, given_name="三郎")
    first = Stay.objects.create(start_on=today, end_on=today + D(10), **common(urgent))
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(start_on=today + D(5), end_on=today + D(15), **common(other))
    cancelled = Stay.objects.create(start_on=today + D(10), end_on=today + D(15), **common(other))
    Stay.objects.filter(pk=cancelled.pk).update(status=Stay.Status.CANCELLED)
    with pytest.raises(IntegrityError), transaction.atomic():  # moving a stay onto another is refused too
        Stay.objects.filter(pk=cancelled.pk).update(status=Stay.Status.REQUESTED, start_on=today + D(9))
    Stay.objects.create(start_on=today + D(5), end_on=today + D(15), status=Stay.Status.CANCELLED, **common(third))
    assert Stay.objects.filter(pk=first.pk, status=Stay.Status.REQUESTED).exists()


def test_it_lists_free_rooms_by_need_and_skips_rooms_out_of_service(world, rooms, today):
    OutOfService.objects.create(room=rooms["h102"], start_on=today + D(3), end_on=today + D(4), reason="清掃")
    assert selectors.free_rooms(today, today + D(7), needs=["barrier_free"]) == []
    assert selectors.free_rooms(today, today + D(3), needs=["barrier_free"]) == [rooms["h102"]]
    assert selectors.free_rooms(today, today + D(3), people=2) == [rooms["h102"]]


def test_it_lets_only_agency_staff_request_for_a_case_with_a_shelter_handoff(world, rooms, urgent, today):
    with pytest.raises(NotPermitted):
        services.request_room(user=world.shelter_staff, case=urgent, room=rooms["h101"], start=today,
                              end=today + D(5))
    with pytest.raises(Http404):  # another body's worker does not even see the case
        services.request_room(user=world.worker_b, case=urgent, room=rooms["h101"], start=today,
                              end=today + D(5))
    plain = new_case(world, given_name="通常")
    with pytest.raises(NotPermitted):
        services.request_room(user=world.worker_a, case=plain, room=rooms["h101"], start=today, end=today + D(5))
    assert not Stay.objects.exists()


def test_it_books_under_the_active_shelter_handoff_only(world, rooms, urgent, today):
    """Later hand-offs of another program, of a temporary use, or already ended are never booked under."""
    shelter = urgent.handoffs.get()
    common = {"case": urgent, "provider": world.shelter_provider, "started_on": today + D(1),
              "recorded_by": world.worker_a}
    Handoff.objects.create(program=Program.EMPLOYMENT_PREP, mode=HandoffMode.URGENT, **common)
    Handoff.objects.create(program=Program.TEMPORARY_SHELTER, mode=HandoffMode.TEMPORARY, ended_on=today,
                           **common)
    stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                                 end=today + D(5))
    assert stay.handoff_id == shelter.pk
    Handoff.objects.filter(pk=shelter.pk).update(ended_on=today)
    with pytest.raises(NotPermitted):
        services.request_room(user=world.worker_a, case=urgent, room=rooms["h102"], start=today,
                              end=today + D(5))
    assert Stay.objects.count() == 1


def test_it_lets_the_provider_confirm_and_no_one_else(world, rooms, urgent, today):
    stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                                 end=today + D(5))
    with pytest.raises(NotPermitted):
        services.confirm_stay(user=world.worker_a, stay=stay)
    with pytest.raises(NotPermitted):
        services.confirm_stay(user=world.policy, stay=stay)
    stay = services.confirm_stay(user=world.shelter_staff, stay=stay)
    assert stay.status == Stay.Status.CONFIRMED and stay.confirmed_by == world.shelter_staff


def test_a_booking_reads_all_it_decides_on_in_one_statement(world, rooms, urgent, today, django_assert_num_queries):
    """The case in scope, its hand-off, the person's sex, whether the person or the room is held: one SELECT; then
    the audit row and the stay (and the transaction's savepoint around them)."""
    with django_assert_num_queries(5):
        services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today, end=today + D(5))
