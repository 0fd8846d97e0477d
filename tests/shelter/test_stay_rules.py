"""Stay rules: 3 months in principle, up to 6 with a recorded extension decision; warnings and overdue flags."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases.policies import NotPermitted
from jiritsu.shelter import rules, selectors, services
from jiritsu.shelter.models import Extension, Stay

from .conftest import confirmed_stay, on, urgent_case

D = dt.timedelta


def _extend(world, stay, new_end, user=None):
    return services.extend_stay(user=user or world.worker_a, stay=stay, decided_on=stay.start_on,
                                decided_by="支援調整会議", reason="転居先の入居日が決まっているため",
                                new_end=new_end)


def test_it_refuses_a_request_longer_than_3_months_without_an_extension(world, rooms, urgent, today):
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                              end=rules.principle_end(today) + D(1))
    assert "原則3か月" in refused.value.message_dict["end"][0]
    assert not Stay.objects.exists()
    stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                                 end=rules.principle_end(today))
    assert stay.pk


def test_it_counts_months_on_the_calendar():
    assert rules.principle_end(dt.date(2025, 4, 1)) == dt.date(2025, 7, 1)
    assert rules.principle_end(dt.date(2025, 11, 30)) == dt.date(2026, 2, 28)
    assert rules.latest_end(dt.date(2025, 8, 31)) == dt.date(2026, 2, 28)


def test_it_accepts_an_extension_up_to_6_months_and_refuses_beyond(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, rules.principle_end(today))
    with pytest.raises(ValidationError) as refused:
        _extend(world, stay, rules.latest_end(today) + D(1))
    assert "最長6か月" in refused.value.message_dict["new_end"][0]
    assert not Extension.objects.exists()
    extension = _extend(world, stay, rules.latest_end(today))
    stay.refresh_from_db()
    assert stay.end_on == rules.latest_end(today) and extension.previous_end_on == rules.principle_end(today)
    assert extension.decided_by == "支援調整会議" and extension.recorded_by == world.worker_a
    assert AccessLog.objects.filter(case_id=urgent.pk, what__contains="入居を延長").exists()
    with pytest.raises(ValidationError):  # already at 6 months: nothing further
        _extend(world, stay, rules.latest_end(today) + D(1))


def test_it_refuses_an_extension_into_the_next_persons_booking(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(30))
    other = urgent_case(world, given_name="次郎")
    services.request_room(user=world.worker_a, case=other, room=rooms["h101"], start=today + D(40),
                          end=today + D(60))
    with pytest.raises(ValidationError) as refused:
        _extend(world, stay, today + D(50))
    assert "次の入居予定" in refused.value.message_dict["new_end"][0]
    stay.refresh_from_db()
    assert stay.end_on == today + D(30) and not Extension.objects.exists()


def test_it_lets_only_the_cases_agency_staff_extend(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(30))
    for user in (world.shelter_staff, world.policy, world.auditor):
        with pytest.raises(NotPermitted):
            _extend(world, stay, today + D(60), user=user)
    with pytest.raises(Http404):
        _extend(world, stay, today + D(60), user=world.worker_b)
    assert not Extension.objects.exists()


def test_it_flags_a_stay_past_3_months_without_an_extension(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, rules.principle_end(today))
    extended = confirmed_stay(world, urgent_case(world, given_name="延長"), rooms["h102"], today,
                              rules.principle_end(today))
    _extend(world, extended, rules.latest_end(today))
    with on(today + D(80)):
        warnings = selectors.stay_warnings(Stay.objects.values("case"), today + D(80))
        assert [(w.stay.pk, w.overdue) for w in warnings] == [(stay.pk, False)]  # ends within 14 days
    day = rules.principle_end(today) + D(3)
    with on(day):
        warnings = selectors.stay_warnings(Stay.objects.values("case"), day)
        assert [(w.stay.pk, w.overdue, w.label) for w in warnings] == [(stay.pk, True, "超過")]
        assert selectors.warning_counts(day) == {"ending": 0, "overdue": 1}


def test_it_flags_a_long_stay_with_no_extension_decision_even_before_its_end(world, rooms, urgent, today):
    """A stay written longer than 3 months (before the rule, or by hand) is overdue once past 3 months."""
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(30))
    Stay.objects.filter(pk=stay.pk).update(end_on=rules.latest_end(today))
    day = rules.principle_end(today) + D(1)
    with on(day):
        [warning] = selectors.stay_warnings(Stay.objects.values("case"), day)
        assert warning.overdue and warning.stay.end_on > day


def test_it_lists_warnings_on_the_shelter_page_for_agency_and_provider_staff(
        client, world, rooms, urgent, today, django_assert_max_num_queries):
    confirmed_stay(world, urgent, rooms["h101"], today, rules.principle_end(today))
    confirmed_stay(world, urgent_case(world, given_name="次郎"), rooms["h102"], today, rules.principle_end(today))
    with on(rules.principle_end(today) + D(2)):
        for user in (world.worker_a, world.shelter_staff):
            client.force_login(user)
            with django_assert_max_num_queries(20):
                page = client.get(reverse("shelter_grid")).content.decode()
            assert "期限の確認が必要な入居" in page and "急迫" in page and "次郎" in page and "超過" in page
        assert AccessLog.objects.filter(case_id=urgent.pk, what__contains="超過").exists()
        client.force_login(world.policy)
        page = client.get(reverse("shelter_grid")).content.decode()
        assert "2件" in page and "急迫" not in page and urgent.case_number not in page
        client.force_login(world.worker_b)
        page = client.get(reverse("shelter_grid")).content.decode()
        assert "急迫" not in page and "超過している入居はありません" in page


def test_it_shows_the_stay_status_on_the_case_page(client, world, rooms, urgent, today):
    client.force_login(world.worker_a)
    url = reverse("case_detail", args=[urgent.pk])
    assert "一時生活支援の入居" not in client.get(url).content.decode()
    stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                                 end=rules.principle_end(today))
    assert "依頼中" in client.get(url).content.decode()
    services.confirm_stay(user=world.shelter_staff, stay=stay)
    page = client.get(url).content.decode()
    assert "確定" in page and "終了予定日" in page and reverse("shelter_stay", args=[stay.pk]) in page
    with on(rules.principle_end(today) + D(1)):
        client.force_login(world.worker_a)  # sessions expire across the months travelled
        assert "超過" in client.get(url).content.decode()
    _extend(world, stay, rules.latest_end(today))
    with on(rules.principle_end(today) + D(1)):
        client.force_login(world.worker_a)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert len([q for q in queries if "shelter_" in q["sql"]]) == 1  # the status costs one query
        assert "延長" in page and "超過" not in page
    client.force_login(world.worker_b)
    assert client.get(url).status_code == 404


def test_it_records_an_extension_from_the_stay_page_and_keeps_bad_input(client, world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, rules.principle_end(today))
    client.force_login(world.worker_a)
    url = reverse("shelter_extend", args=[stay.pk])
    too_late = (rules.latest_end(today) + D(1)).isoformat()
    response = client.post(url, {"decided_on": today.isoformat(), "decided_by": "所長", "reason": "就職待ち",
                                 "new_end": too_late})
    page = response.content.decode()
    assert response.status_code == 200 and "最長6か月" in page and too_late in page and "就職待ち" in page
    response = client.post(url, {"decided_on": today.isoformat(), "decided_by": "所長", "reason": "就職待ち",
                                 "new_end": rules.latest_end(today).isoformat()})
    assert response.status_code == 302
    assert "就職待ち" in client.get(reverse("shelter_stay", args=[stay.pk])).content.decode()
    for user in (world.worker_b, world.policy, world.auditor):
        client.force_login(user)
        assert client.get(reverse("shelter_stay", args=[stay.pk])).status_code == 404
