"""Visits and follow-ups: only the prefecture records them; due dates, done state, overdue, version checks."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiritsu.core.errors import Conflict
from jiritsu.outreach import selectors
from jiritsu.outreach.services import visits
from tests.outreach.conftest import visit_to

D = dt.date


def test_it_records_a_visit_with_who_went_and_who_met(world):
    visit = visit_to(world)
    assert visit.body == world.hitachi and visit.recorded_by == world.policy
    assert visit.met == "社会福祉課長 日立一郎" and visit.requests == "事例を紹介してほしい"


@pytest.mark.parametrize("who", ["admin_a", "worker_a", "prep_staff", "auditor"])
def test_it_refuses_a_visit_recorded_by_anyone_but_the_prefecture(world, who):
    with pytest.raises(PermissionDenied):
        visits.save_visit(user=getattr(world, who), body=world.hitachi, data={
            "visited_on": D(2025, 5, 1), "visitors": "x", "met": "x", "topics": "x"})


def test_it_lists_only_open_follow_ups_past_their_due_date_as_overdue(world):
    visit = visit_to(world, on=D(2025, 5, 1))
    late = visits.add_follow_up(user=world.policy, visit=visit, action="資料送付", due_on=D(2025, 5, 20))
    visits.add_follow_up(user=world.policy, visit=visit, action="日程調整", due_on=D(2025, 6, 30))
    done = visits.add_follow_up(user=world.policy, visit=visit, action="事例紹介", due_on=D(2025, 5, 10))
    visits.update_follow_up(user=world.policy, follow_up=done, data={"done_on": D(2025, 5, 9)},
                            expected_version=done.version)
    overdue = list(selectors.overdue_follow_ups(world.policy, D(2025, 6, 1)))
    assert overdue == [late]


def test_it_refuses_a_due_date_before_the_visit(world):
    visit = visit_to(world, on=D(2025, 5, 1))
    with pytest.raises(ValidationError) as exc:
        visits.add_follow_up(user=world.policy, visit=visit, action="資料送付", due_on=D(2025, 4, 1))
    assert "due_on" in exc.value.message_dict


def test_it_refuses_an_edit_made_on_a_stale_copy(world):
    visit = visit_to(world)
    visits.save_visit(user=world.policy, body=world.hitachi, visit=visit, data={"topics": "更新1"},
                      expected_version=1)
    with pytest.raises(Conflict):
        visits.save_visit(user=world.policy, body=world.hitachi, visit=visit, data={"topics": "更新2"},
                          expected_version=1)
    visit.refresh_from_db()
    assert visit.topics == "更新1"


def test_it_shows_a_body_its_own_follow_ups_only(world, admin_b):
    visits.add_follow_up(user=world.policy, visit=visit_to(world), action="日立へ", due_on=D(2025, 6, 1))
    visits.add_follow_up(user=world.policy, visit=visit_to(world, body=world.tsuchiura), action="土浦へ",
                         due_on=D(2025, 6, 1))
    assert [f.action for f in selectors.open_follow_ups(world.admin_a)] == ["日立へ"]
    assert [f.action for f in selectors.open_follow_ups(admin_b)] == ["土浦へ"]
    assert not selectors.open_follow_ups(world.prep_staff).exists()
