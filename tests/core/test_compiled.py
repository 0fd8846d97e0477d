"""core.compiled.ByPk answers a look-up by key as the queryset would, compiled once, and cases.policies
keeps one per scope without one scope's look-up ever answering for another."""
import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from jiritsu.cases import policies
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case
from jiritsu.core.compiled import ByPk
from tests.factories import advance_case, new_case


def _values(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_it_gives_the_instance_and_its_joined_rows_with_the_orms_values(world):
    case = advance_case(world, new_case(world), Status.APPLIED)
    qs = Case.objects.filter(body_id=world.hitachi.pk).select_related("client", "body", "agency")
    lookup = ByPk(qs)
    with CaptureQueriesContext(connection) as queries:
        found = lookup.get(case.pk)
        found.client, found.body, found.agency  # noqa: B018 - joined: no further query
    assert len(queries.captured_queries) == 1
    expected = qs.get(pk=case.pk)
    assert _values(found) == _values(expected)  # JSON, dates and choices converted as the ORM converts them
    assert _values(found.client) == _values(expected.client)
    assert found.agency.name == expected.agency.name and found._state.adding is False


def test_it_finds_nothing_outside_the_queryset_or_for_an_unknown_key(world):
    case = new_case(world)
    lookup = ByPk(Case.objects.filter(body_id=world.tsuchiura.pk))
    assert lookup.get(case.pk) is None
    assert lookup.get(10**12) is None
    assert lookup.get(10**20) is None and lookup.get(-1) is None  # past SQLite's and PostgreSQL's integers
    assert ByPk(Case.objects.none()).get(case.pk) is None
    with pytest.raises(ValueError):
        lookup.get("abc")


def test_it_refuses_a_locking_queryset_whose_evaluation_must_check_for_a_transaction(world):
    with pytest.raises(ValueError):
        ByPk(Case.objects.select_for_update())


def test_a_look_up_kept_for_one_body_never_opens_another_bodys_case(world):
    mine, theirs = new_case(world), new_case(world, user=world.worker_b)
    assert policies.get_case_or_404(world.worker_a, mine.pk) == mine
    assert policies.get_case_or_404(world.worker_b, theirs.pk) == theirs
    for user, other in ((world.worker_a, theirs), (world.worker_b, mine), (world.policy, mine),
                        (world.prep_staff, mine)):
        with pytest.raises(Http404):
            policies.get_case_or_404(user, other.pk, joined=False)
        with pytest.raises(Http404):
            policies.get_case_or_404(user, other.pk)
