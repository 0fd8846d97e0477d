"""core.jsonrows reads rows of several tables in one query, with the values the ORM would give."""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Consent, Handoff, Plan, ProgressRecord
from jiritsu.core.jsonrows import Rows, fetch
from jiritsu.placements.models import Profile
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case

KINDS = (Rows(Consent, "case_id = %s"), Rows(Plan, "case_id = %s"), Rows(Handoff, "case_id = %s"),
         Rows(ProgressRecord, "case_id = %s"))


def _values(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.fixture
def case(world, today):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=today)
    services.record_progress(user=world.worker_a, case=case, occurred_on=today, kind="phone", text="電話\n「確認」")
    services.withdraw_consent(user=world.worker_a, case=case, withdrawn_on=today, note="本人の申出")
    return case


def test_it_reads_every_kind_in_one_query_with_the_orms_values(case):
    with CaptureQueriesContext(connection) as queries:
        consents, plans, handoffs, progress = fetch(KINDS, case.pk)
    assert len(queries.captured_queries) == 1
    for model, rows in zip((Consent, Plan, Handoff, ProgressRecord), (consents, plans, handoffs, progress), strict=True):
        expected = sorted((_values(o) for o in model.objects.filter(case=case)), key=lambda v: v["id"])
        assert expected and sorted((_values(o) for o in rows), key=lambda v: v["id"]) == expected
    [consent] = consents
    assert consent.rules_explained is True and isinstance(consent.withdrawn_on, dt.date)
    assert consent.recorded_at.tzinfo is not None  # aware, in UTC, as the ORM gives it
    assert isinstance(plans[0].services, list) and plans[0].services  # JSON comes back as JSON
    assert not consent._state.adding and consent._state.db == "default"


def test_it_reads_only_the_rows_of_the_subject(world, case):
    other = advance_case(world, new_case(world, given_name="次郎"), Status.IN_SUPPORT)
    consents, plans, _handoffs, _progress = fetch(KINDS, other.pk)
    assert [c.case_id for c in consents] == [other.pk] and {p.case_id for p in plans} == {other.pk}


def test_it_gives_an_empty_list_for_a_kind_without_rows(world):
    case = new_case(world)
    assert fetch(KINDS, case.pk) == [[], [], [], []]


def test_it_defers_the_fields_not_asked_for(world, django_assert_num_queries):
    User = get_user_model()
    [[user]] = fetch((Rows(User, "id = %s", fields=("username",)),), world.worker_a.pk)
    assert user.username == "worker_a" and "password" in user.get_deferred_fields()
    with django_assert_num_queries(1):  # read on access, as after .only()
        assert user.email == world.worker_a.email


def test_it_refuses_a_field_it_cannot_read_faithfully(db):
    with pytest.raises(TypeError, match="hours_per_week"):
        fetch((Rows(Profile, "case_id = %s"),), 1)
