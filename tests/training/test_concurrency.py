"""Many people ask for the last seat of an exercise at the same moment: exactly one gets it (PostgreSQL)."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from jiritsu.orgs.models import Role
from jiritsu.training import services
from tests.factories import make_user

from .builders import make_course

REQUESTS = 12
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the race needs concurrent writers (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_it_gives_the_last_seat_to_exactly_one_of_many_concurrent_requests(world, today):
    course, _lectures, exercise = make_course(world, today, held_in_days=5, capacity=3)
    for user in (world.worker_a, world.chief_a):
        services.enrol(user=user, staff=user.staff, course=course, exercise=exercise, training_role="chief")
    people = [make_user(f"racer{i}", world.agency_b, Role.SUPPORT_WORKER) for i in range(REQUESTS)]
    barrier = threading.Barrier(REQUESTS)
    outcomes = []

    def attempt(user):
        try:
            barrier.wait()
            services.enrol(user=user, staff=user.staff, course=course, exercise=exercise,
                           training_role="support_worker")
            outcomes.append("won")
        except ValidationError as refused:
            outcomes.append(" ".join(refused.messages))
        except Exception as error:  # noqa: BLE001 - any other failure must fail the test below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("won") == 1
    assert all("定員（3名）に達しています" in o for o in outcomes if o != "won"), outcomes
    assert exercise.enrolments.count() == 3
