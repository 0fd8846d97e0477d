"""Real days (issue 15, item 4): a stay recorded as having begun up to 7 days ago with its reason (a weekend or
holiday admission), a move-out on the move-in day, and the 3- and 6-month rules, every date in 和暦."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.core.wareki import fiscal_year, format_wareki
from jiritsu.shelter import rules, services, usage
from jiritsu.shelter.models import Stay

from .conftest import confirmed_stay

D = dt.timedelta


def test_a_stay_that_began_3_days_ago_is_recorded_with_its_reason(client, world, rooms, urgent, today):
    start = today - D(3)
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=start, end=today + D(30))
    assert "理由を選んでください" in refused.value.message_dict["late_reason"][0]
    stay = services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=start,
                                 end=today + D(30), late_reason=Stay.LateReason.HOLIDAY)
    stay = services.confirm_stay(user=world.shelter_staff, stay=stay)
    assert (stay.start_on, stay.requested_on, stay.late_reason) == (start, today, "holiday")
    client.force_login(world.worker_a)
    page = client.get(reverse("shelter_stay", args=[stay.pk])).content.decode()
    assert "土日・祝日の入居（開庁日に記録）" in page and format_wareki(start) in page


def test_the_reason_other_needs_its_detail_and_a_week_is_the_limit(world, rooms, urgent, today):
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today - D(1),
                              end=today + D(5), late_reason=Stay.LateReason.OTHER)
    assert "late_note" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today - D(8),
                              end=today + D(5), late_reason=Stay.LateReason.HOLIDAY)
    assert format_wareki(today - D(7)) in refused.value.message_dict["start"][0]
    assert not Stay.objects.exists()


def test_the_room_search_keeps_a_late_start_and_its_reason(client, world, rooms, urgent, today):
    client.force_login(world.worker_a)
    posted = {"start": (today - D(2)).isoformat(), "end": (today + D(10)).isoformat(), "people": 1}
    url = reverse("shelter_request", args=[urgent.pk, rooms["h101"].pk])
    page = client.post(url, posted).content.decode()
    assert "理由を選んでください" in page and (today - D(2)).isoformat() in page
    assert client.post(url, {**posted, "late_reason": "night"}).status_code == 302
    assert Stay.objects.get().late_reason == "night"


def test_a_person_who_leaves_on_the_first_day_is_moved_out(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(30))
    move_out = services.record_move_out(user=world.shelter_staff, stay=stay, moved_on=today, address="水戸市笠原町1")
    stay.refresh_from_db()
    assert stay.status == Stay.Status.ENDED and stay.nights == 0 and move_out.moved_on == today
    (hitachi,) = usage.use_by_body([world.hitachi], fiscal_year(today))
    assert hitachi.total.bed_nights == 0


def test_a_stay_that_has_begun_is_moved_out_not_cancelled(world, rooms, urgent, today):
    stay = confirmed_stay(world, urgent, rooms["h101"], today, today + D(30))
    with pytest.raises(ValidationError) as refused:
        services.cancel_stay(user=world.worker_a, stay=stay)
    assert "転居を記録" in refused.value.messages[0]


def test_the_3_and_6_month_rules_speak_in_wareki(world, rooms, urgent, today):
    with pytest.raises(ValidationError) as refused:
        services.request_room(user=world.worker_a, case=urgent, room=rooms["h101"], start=today,
                              end=rules.principle_end(today) + D(1))
    assert format_wareki(rules.principle_end(today)) in refused.value.message_dict["end"][0]
    stay = confirmed_stay(world, urgent, rooms["h101"], today, rules.principle_end(today))
    with pytest.raises(ValidationError) as refused:
        services.extend_stay(user=world.worker_a, stay=stay, decided_on=today, decided_by="支援調整会議",
                             reason="転居先待ち", new_end=rules.latest_end(today) + D(1))
    assert format_wareki(rules.latest_end(today)) in refused.value.message_dict["new_end"][0]
