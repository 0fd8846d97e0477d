"""The benchmark's reference page (the least a case page does) keeps the case page's rules."""
import pytest
from django.http import Http404
from django.test import RequestFactory

from jiritsu.audit.models import AccessLog
from jiritsu.cases.web.bench_floor import case_floor
from tests.factories import new_case


def view_as(user, case):
    request = RequestFactory().get(f"/bench/case/{case.pk}")
    request.user = user
    return case_floor(request, case.pk)


def test_it_shows_the_case_number_and_records_the_read(world):
    case = new_case(world)
    response = view_as(world.worker_a, case)
    assert response.status_code == 200 and case.case_number in response.content.decode()
    row = AccessLog.objects.filter(case_id=case.pk, action="read").latest("id")
    assert (row.user_id, row.body_id) == (world.worker_a.pk, case.body_id)


def test_another_city_s_worker_finds_no_such_case_and_nothing_is_recorded(world):
    case = new_case(world)
    before = AccessLog.objects.filter(case_id=case.pk).count()
    with pytest.raises(Http404):
        view_as(world.worker_b, case)
    assert AccessLog.objects.filter(case_id=case.pk).count() == before
