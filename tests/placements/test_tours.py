"""Site tours (見学会): scheduled by the developer, registration by support staff of any body up to the capacity
(also under concurrent requests), attendance."""
import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from jiritsu.orgs.models import Role
from jiritsu.placements import services
from jiritsu.placements.models import Tour, TourRegistration
from tests.factories import make_user

from .conftest import site_with_task


@pytest.fixture
def tour(world, today):
    site, _task = site_with_task(world)
    return services.create_tour(user=world.developer, site=site, held_on=today + dt.timedelta(days=10),
                                starts_at=dt.time(13, 30), capacity=2)


def test_the_developer_schedules_a_tour_and_staff_of_any_body_see_it(client, world, today):
    site, _task = site_with_task(world)
    client.force_login(world.developer)
    response = client.post("/placements/tours/new", {"site": site.pk, "held_on": "", "starts_at": "13:30",
                                                    "capacity": "5"})
    assert "日付を入力してください" in response.content.decode() and not Tour.objects.exists()
    client.post("/placements/tours/new", {"site": site.pk, "held_on": (today + dt.timedelta(days=5)).isoformat(),
                                          "starts_at": "13:30", "capacity": "5", "note": "駐車場に集合"})
    tour = Tour.objects.get()
    for user in (world.worker_b, world.admin_a, world.prep_staff):
        client.force_login(user)
        page = client.get(f"/placements/tours/{tour.pk}").content.decode()
        assert "駐車場に集合" in page and "残り5名" in page and "申し込む" in page
    client.force_login(world.policy)
    assert client.get("/placements/tours").status_code == 403


def test_it_refuses_a_registration_beyond_the_capacity_with_a_clear_message(client, world, tour):
    services.register_for_tour(user=world.worker_a, tour=tour)
    services.register_for_tour(user=world.worker_b, tour=tour)
    client.force_login(world.prep_staff)
    response = client.post(f"/placements/tours/{tour.pk}/register", follow=True)
    assert "この見学会は定員（2名）に達したため、申し込めません。" in response.content.decode()
    assert TourRegistration.objects.count() == 2
    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        services.register_for_tour(user=world.worker_a, tour=tour)


def test_a_cancelled_registration_frees_the_place(client, world, tour):
    client.force_login(world.worker_a)
    client.post(f"/placements/tours/{tour.pk}/register")
    assert "残り1名" in client.get(f"/placements/tours/{tour.pk}").content.decode()
    client.post(f"/placements/tours/{tour.pk}/cancel")
    assert "残り2名" in client.get(f"/placements/tours/{tour.pk}").content.decode()


def test_the_developer_takes_attendance_on_the_day(client, world, tour, today):
    a = services.register_for_tour(user=world.worker_a, tour=tour)
    services.register_for_tour(user=world.worker_b, tour=tour)
    client.force_login(world.developer)
    page = client.get(f"/placements/tours/{tour.pk}").content.decode()
    assert "日立 相談員" in page and "土浦 相談員" in page
    refused = client.post(f"/placements/tours/{tour.pk}/attendance", {"present": [a.pk]}, follow=True)
    assert "出欠は開催日以降に記録してください" in refused.content.decode()
    with time_machine.travel(dt.datetime.combine(tour.held_on, dt.time(12))):
        assert services.record_attendance(user=world.developer, tour=tour, present={a.pk}) == 1
    assert dict(TourRegistration.objects.values_list("staff__user__username", "attended")) == {
        "worker_a": True, "worker_b": False}
    client.force_login(world.worker_b)
    assert "日立 相談員" not in client.get(f"/placements/tours/{tour.pk}").content.decode()  # guests see counts


@pytest.mark.django_db(transaction=True)
def test_it_never_overbooks_when_staff_register_at_the_same_moment(ibaraki, today):
    from tests.factories import build_world

    world = build_world()
    site, _task = site_with_task(world)
    tour = services.create_tour(user=world.developer, site=site, held_on=today + dt.timedelta(days=3),
                                starts_at=dt.time(10), capacity=1)
    guests = [world.worker_a, world.worker_b, world.chief_a, make_user("guest", world.agency_b, Role.CHIEF)]
    barrier, refused = threading.Barrier(len(guests)), []

    def register(user):
        try:
            barrier.wait()
            services.register_for_tour(user=user, tour=tour)
        except ValidationError as exc:
            refused.append(exc.messages[0])
        except Exception as exc:  # SQLite may answer "database is locked" instead of waiting: still no overbooking
            refused.append(str(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in guests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert TourRegistration.objects.filter(tour=tour).count() == 1
    assert len(refused) == len(guests) - 1


def test_the_developer_ticks_who_came_on_the_tour_page(client, world, today):
    site, _task = site_with_task(world)
    tour = services.create_tour(user=world.developer, site=site, held_on=today, starts_at=dt.time(9), capacity=3)
    came = services.register_for_tour(user=world.worker_a, tour=tour)
    services.register_for_tour(user=world.prep_staff, tour=tour)
    client.force_login(world.developer)
    response = client.post(f"/placements/tours/{tour.pk}/attendance", {"present": [came.pk]}, follow=True)
    assert "出欠を記録しました" in response.content.decode()
    assert dict(TourRegistration.objects.values_list("staff__user__username", "attended")) == {
        "worker_a": True, "prep_staff": False}
    client.force_login(world.worker_a)
    assert client.post(f"/placements/tours/{tour.pk}/attendance", {"present": []}).status_code == 403
