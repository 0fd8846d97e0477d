"""The program: the provider's menu, each person's schedule within capacity and their one-year period,
attendance for a whole session at once, stage evaluation sheets per item, the body's extension past a year,
the end with its outcome; and who may see any of it."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import services as case_services
from jiritsu.core.errors import Conflict
from jiritsu.prep import rules, services
from jiritsu.prep.models import Booking, Enrolment, Session
from jiritsu.programs.catalog import Program
from tests.budget.conftest import handed

from .conftest import session_data


def test_the_one_year_limit_is_the_day_before_the_anniversary():
    assert rules.limit_of(dt.date(2026, 4, 1)) == dt.date(2027, 3, 31)
    assert rules.limit_of(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert rules.evaluation_due(dt.date(2026, 1, 31), None) == dt.date(2026, 4, 30)
    assert rules.limit_label(dt.date(2026, 5, 1), dt.date(2026, 4, 2)) == "期限間近"
    assert rules.limit_label(dt.date(2026, 5, 1), dt.date(2026, 5, 2)) == "期限超過"


def test_a_session_takes_no_more_people_than_its_capacity(world, session, enrolment, today):
    services.book(user=world.prep_staff, session=session, enrolment=enrolment)
    with pytest.raises(ValidationError, match="すでに"):
        services.book(user=world.prep_staff, session=session, enrolment=enrolment)
    others = [services.start(user=world.prep_staff, case=handed(world, Program.EMPLOYMENT_PREP),
                             started_on=today, stage="daily") for _ in range(2)]
    services.book(user=world.prep_staff, session=session, enrolment=others[0])
    with pytest.raises(ValidationError, match="定員（2人）"):
        services.book(user=world.prep_staff, session=session, enrolment=others[1])
    assert Booking.objects.filter(session=session).count() == 2


def test_past_the_one_year_limit_a_session_needs_the_bodys_extension(world, enrolment, today):
    late = services.save_session(user=world.prep_staff, session=None,
                                 data=session_data(enrolment.limit_on + dt.timedelta(days=1)), version=None)
    with pytest.raises(ValidationError, match="自治体の延長"):
        services.book(user=world.prep_staff, session=late, enrolment=enrolment)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: only the body decides
        services.extend(user=world.prep_staff, enrolment=enrolment, limit_on=enrolment.limit_on + dt.timedelta(days=90),
                        reason="就労自立の段階で職場実習中", version=None)
    services.extend(user=world.admin_a, enrolment=enrolment, limit_on=enrolment.limit_on + dt.timedelta(days=90),
                    reason="就労自立の段階で職場実習中", version=enrolment.version)
    enrolment.refresh_from_db()
    services.book(user=world.prep_staff, session=late, enrolment=enrolment)
    with pytest.raises(Conflict):  # a second decision made from the page before the first
        services.extend(user=world.admin_a, enrolment=enrolment, limit_on=enrolment.limit_on + dt.timedelta(days=9),
                        reason="再延長", version=enrolment.version - 1)


def test_attendance_is_taken_for_the_whole_session_at_once_and_twice_records_the_same(client, world, session,
                                                                                      enrolment, today):
    other = services.start(user=world.prep_staff, case=handed(world, Program.EMPLOYMENT_PREP), started_on=today,
                           stage="daily")
    first = services.book(user=world.prep_staff, session=session, enrolment=enrolment)
    second = services.book(user=world.prep_staff, session=session, enrolment=other)
    client.force_login(world.prep_staff)
    url = reverse("prep_attendance", args=[session.pk])
    for _ in range(2):
        assert client.post(url, {f"present_{first.pk}": "on"}).status_code == 302
    assert dict(Booking.objects.values_list("pk", "attended")) == {first.pk: True, second.pk: False}
    assert Session.objects.get(pk=session.pk).attendance_taken
    assert AccessLog.objects.filter(case_id=other.case_id, action="update", what__contains="出欠").exists()
    page = client.get(reverse("prep_case", args=[enrolment.case_id])).content.decode()
    assert "出席 1回、欠席 0回" in page


def test_attendance_cannot_be_taken_before_the_session(world, enrolment, today):
    future = services.save_session(user=world.prep_staff, session=None,
                                   data=session_data(today + dt.timedelta(days=3)), version=None)
    booking = services.book(user=world.prep_staff, session=future, enrolment=enrolment)
    with pytest.raises(ValidationError):
        services.take_attendance(user=world.prep_staff, session=future, bookings=[booking], present={booking.pk})


def test_the_stage_evaluation_scores_every_item_and_may_move_the_person_on(client, world, enrolment, today):
    client.force_login(world.prep_staff)
    url = reverse("prep_evaluate", args=[enrolment.case_id])
    items = {f"item_{code}": "3" for code, _label in rules.ITEMS[rules.Stage.DAILY]}
    missing = client.post(url, {"evaluated_on": today.isoformat(), "next_stage": "social",
                                **dict(list(items.items())[:-1])})
    assert missing.status_code == 200 and not enrolment.evaluations.exists()
    response = client.post(url, {"evaluated_on": today.isoformat(), "next_stage": "social", "note": "遅刻なし",
                                 **items, "item_money": "4"})
    assert response.status_code == 302
    evaluation = enrolment.evaluations.get()
    assert evaluation.stage == "daily" and evaluation.scores == {"rhythm": 3, "grooming": 3, "health": 3, "money": 4}
    assert Enrolment.objects.get(pk=enrolment.pk).stage == "social"
    page = client.get(reverse("prep_case", args=[enrolment.case_id])).content.decode()
    assert "金銭の管理" in page and "あいさつ" in page  # the next sheet asks the 社会生活自立 items


def test_the_end_records_the_outcome_and_a_new_enrolment_may_follow(world, enrolment, case, today):
    services.end(user=world.prep_staff, enrolment=enrolment, ended_on=today, outcome="employed",
                 version=enrolment.version)
    with pytest.raises(Conflict):
        services.end(user=world.prep_staff, enrolment=enrolment, ended_on=today, outcome="dropped",
                     version=enrolment.version)
    assert Enrolment.objects.get(pk=enrolment.pk).outcome == "employed"
    services.start(user=world.prep_staff, case=case, started_on=today, stage="work")
    with pytest.raises(ValidationError, match="すでに利用中"):
        services.start(user=world.prep_staff, case=case, started_on=today, stage="work")


def test_the_menu_lists_sessions_by_stage_and_refuses_bad_input_at_the_field(client, world, today):
    client.force_login(world.prep_staff)
    good = {**session_data(today), "held_on": "R8.4.1" if today.year == 2026 else today.isoformat(), "capacity": "１０"}
    bad_cases = [({"capacity": "100000"}, "200人以下"), ({"title": "講座\x00"}, "制御文字"),
                 ({"held_on": "1867-01-01"}, "明治"), ({"held_on": "2999-01-01"}, "")]
    for change, message in bad_cases:
        response = client.post(reverse("prep_menu"), {**good, **change})
        html = response.content.decode()
        assert response.status_code == 200 and message in html and "field--error" in html
    assert not Session.objects.exists()
    assert client.post(reverse("prep_menu"), {**good, "held_on": today.isoformat()}).status_code == 302
    page = client.get(reverse("prep_menu")).content.decode()
    assert "朝の生活リズム講座" in page and "0／10" in page


def test_a_session_changed_by_someone_else_since_it_was_opened_is_not_overwritten(client, world, session, today):
    client.force_login(world.prep_staff)
    url = reverse("prep_session_edit", args=[session.pk])
    data = {**session_data(today), "held_on": today.isoformat(), "version": session.version}
    assert client.post(url, {**data, "place": "会議室A"}).status_code == 302
    response = client.post(url, {**data, "place": "会議室B"})
    assert response.status_code == 409 and Session.objects.get(pk=session.pk).place == "会議室A"


def test_the_case_agency_and_body_read_the_persons_page_and_every_read_is_audited(client, world, enrolment):
    for user in (world.worker_a, world.admin_a, world.prep_staff):
        client.force_login(user)
        url = reverse("prep_case", args=[enrolment.case_id])
        assert client.get(url).status_code == 200
        assert AccessLog.objects.filter(case_id=enrolment.case_id, username=user.username, action="read",
                                        via__contains=url).exists()


@pytest.mark.parametrize("who", ["worker_b", "shelter_staff", "policy", "auditor", "developer"])
def test_no_one_else_opens_the_persons_page_or_the_providers_sessions(client, world, enrolment, session, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("prep_case", args=[enrolment.case_id])).status_code == 404
    assert client.get(reverse("prep_session", args=[session.pk])).status_code == 404
    for name in ("prep_start", "prep_evaluate", "prep_extend", "prep_end"):
        assert client.post(reverse(name, args=[enrolment.case_id]), {}).status_code == 404, name
    assert client.post(reverse("prep_attendance", args=[session.pk]), {}).status_code == 404


def test_a_provider_without_the_hand_off_sees_neither_the_person_nor_them_on_its_sessions(client, world, session,
                                                                                          enrolment):
    services.book(user=world.prep_staff, session=session, enrolment=enrolment)
    budget_only = handed(world, Program.HOUSEHOLD_BUDGET)
    client.force_login(world.prep_staff)
    assert client.get(reverse("prep_case", args=[budget_only.pk])).status_code == 404
    handoff = enrolment.case.handoffs.get(program=Program.EMPLOYMENT_PREP)
    case_services.end_handoff(user=world.worker_a, handoff=handoff, ended_on=handoff.started_on, reason="終了")
    assert client.get(reverse("prep_case", args=[enrolment.case_id])).status_code == 404
    page = client.get(reverse("prep_session", args=[session.pk])).content.decode()
    assert enrolment.case.client.full_name not in page


def test_the_providers_today_lists_its_handed_cases_with_what_is_due(client, world, case, today):
    client.force_login(world.prep_staff)
    section = client.get(reverse("today")).content.decode().split('id="prep-handed"')[1].split("</section>")[0]
    assert case.client.full_name in section and "利用を開始する" in section
    services.start(user=world.prep_staff, case=case, started_on=today - dt.timedelta(days=120), stage="daily")
    section = client.get(reverse("today")).content.decode().split('id="prep-handed"')[1].split("</section>")[0]
    assert "段階評価をする" in section and reverse("prep_case", args=[case.pk]) in section
    assert AccessLog.objects.filter(case_id=case.pk, username="prep_staff", action="read").exists()
