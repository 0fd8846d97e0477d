"""cases.policies.get_case_or_404 opens a case only inside the user's scope; any other key is a 404."""
import pytest
from django.http import Http404

from jiritsu.cases import policies
from tests.factories import new_case


def test_a_worker_never_opens_another_bodys_case_by_its_id(world):
    mine, theirs = new_case(world), new_case(world, user=world.worker_b)
    assert policies.get_case_or_404(world.worker_a, mine.pk) == mine
    assert policies.get_case_or_404(world.worker_b, theirs.pk) == theirs
    for user, other in ((world.worker_a, theirs), (world.worker_b, mine), (world.policy, mine),
                        (world.prep_staff, mine)):
        with pytest.raises(Http404):
            policies.get_case_or_404(user, other.pk, joined=False)
        with pytest.raises(Http404):
            policies.get_case_or_404(user, other.pk)
        with pytest.raises(Http404):
            policies.get_case_or_404(user, other.pk, for_update=True)


@pytest.mark.parametrize("key", [10**12, 10**20, -1, 0, "abc", "1 OR 1=1", "\x00", None, 2**63])
def test_an_unknown_or_impossible_case_id_is_not_found(world, key):
    new_case(world)
    with pytest.raises(Http404):
        policies.get_case_or_404(world.worker_a, key)


def test_the_case_opens_with_its_person_body_and_agency(world, django_assert_num_queries):
    case = new_case(world)
    with django_assert_num_queries(1):
        found = policies.get_case_or_404(world.worker_a, case.pk)
        joined = (found.client.pk, found.body.pk, found.agency.pk)
    assert joined == (case.client_id, case.body_id, case.agency_id)
