"""Meals and supplies during a stay; 地域居住支援 after the move-out: the watch-over schedule, visit records,
overdue visits on 今日の業務, places to belong. Partners and places come from the resource directory."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import policies
from jiritsu.directory.models import Organization, Service
from jiritsu.shelter import care, rules, services, watch
from jiritsu.shelter.models import FoodKind, FoodPartner, FoodSupport, PlaceLink, WatchVisit

from .conftest import confirmed_stay, on, urgent_case

D = dt.timedelta


def resource(name, needs, status=Service.Status.ACTIVE):
    org = Organization.objects.create(name=f"{name}の会", description="テスト")
    return Service.objects.create(organization=org, name=name, needs=needs, status=status)


@pytest.fixture
def food_bank(world):
    service = resource("緊急食料支援", ["no_food"])
    FoodPartner.objects.create(service=service, kind=FoodKind.FOOD_BANK, recorded_by=world.policy)
    return service


@pytest.fixture
def meal_service(world):
    service = resource("まごころ配食", ["no_food"])
    FoodPartner.objects.create(service=service, kind=FoodKind.MEAL_SERVICE, recorded_by=world.policy)
    return service


@pytest.fixture
def salon(db):
    return resource("ふれあいサロン", ["community"])


@pytest.fixture
def stay(world, rooms, today):
    return confirmed_stay(world, urgent_case(world), rooms["h101"], today, today + D(60))


def watch_section(html: str) -> str:
    start = html.index('<section class="card" id="watch-over"')
    return html[start:html.index("</section>", start)]


def moved_out(world, stay, day):
    with on(day):
        return services.record_move_out(user=world.worker_a, stay=stay, moved_on=day, address="水戸市三の丸1-1")


def test_provider_records_a_food_bank_delivery_with_allergies_and_the_read_is_audited(world, stay, food_bank, today):
    food = care.order_food(user=world.shelter_staff, stay=stay, kind=FoodSupport.Kind.FOOD_BANK,
                               partner=food_bank, start_on=today, end_on=None, meals=21, allergies="えび",
                               diet="減塩")
    assert food.partner == food_bank and food.allergies == "えび"
    assert AccessLog.objects.filter(case_id=stay.case_id, action="create", what__contains="アレルギー").exists()


def test_a_partner_not_answering_food_needs_is_refused_at_the_field(world, stay, salon, today):
    with pytest.raises(ValidationError) as refused:
        care.order_food(user=world.worker_a, stay=stay, kind=FoodSupport.Kind.MEAL_SERVICE, partner=salon,
                            start_on=today, end_on=today + D(6), meals=14)
    assert "partner" in refused.value.message_dict
    assert not FoodSupport.objects.exists()


def test_meals_outside_the_stay_are_refused_at_the_field(world, stay, meal_service, today):
    for start, end, field in ((today, today + D(90), "end_on"), (today - D(1), None, "start_on")):
        with pytest.raises(ValidationError) as refused:
            care.order_food(user=world.worker_a, stay=stay, kind=FoodKind.MEAL_SERVICE, partner=meal_service,
                            start_on=start, end_on=end, meals=14)
        assert list(refused.value.message_dict) == [field] and "令和" in refused.value.message_dict[field][0]
    assert not FoodSupport.objects.exists()


def test_the_meal_type_must_match_the_partner_s_kind(world, stay, meal_service, food_bank, today):
    with pytest.raises(ValidationError) as refused:
        care.order_food(user=world.shelter_staff, stay=stay, kind=FoodKind.MEAL_SERVICE, partner=food_bank,
                        start_on=today, end_on=today + D(6), meals=14)
    assert "フードバンク" in refused.value.message_dict["partner"][0]
    with pytest.raises(ValidationError):
        care.order_food(user=world.shelter_staff, stay=stay, kind=FoodKind.FOOD_BANK, partner=meal_service,
                        start_on=today, end_on=None, meals=9)
    assert care.order_food(user=world.shelter_staff, stay=stay, kind=FoodKind.MEAL_SERVICE, partner=meal_service,
                           start_on=today, end_on=today + D(6), meals=14).partner == meal_service
    assert FoodSupport.objects.count() == 1


def test_another_body_s_worker_cannot_record_supplies(world, stay, today):
    with pytest.raises(Http404):
        care.issue_supplies(user=world.worker_b, stay=stay, issued_on=today, item="タオル", quantity=2)


def test_supplies_issued_show_on_the_stay_page(client, world, stay, today):
    client.force_login(world.shelter_staff)
    res = client.post(reverse("shelter_supplies", args=[stay.pk]),
                      {"issued_on": today.isoformat(), "item": "歯ブラシ", "quantity": "2"})
    assert res.status_code == 302
    html = client.get(reverse("shelter_stay", args=[stay.pk])).content.decode()
    assert "歯ブラシ" in html


def test_bad_meal_input_keeps_the_input_and_shows_the_message_at_the_field(client, world, stay, food_bank, today):
    client.force_login(world.worker_a)
    res = client.post(reverse("shelter_food", args=[stay.pk]), {
        "kind": "food_bank", "partner": str(food_bank.pk), "start_on": today.isoformat(),
        "end_on": (today + D(120)).isoformat(), "meals": "30", "allergies": "そば"})
    html = res.content.decode()
    assert res.status_code == 200 and "入居期間" in html and 'value="そば"' in html
    assert not FoodSupport.objects.exists()


def test_a_move_out_schedules_a_monthly_visit_for_a_year(world, stay, today):
    move_out = moved_out(world, stay, today + D(10))
    dues = list(move_out.visits.values_list("due_on", flat=True))
    assert dues == rules.watch_schedule(today + D(10)) and len(dues) == 12


def test_the_schedule_can_be_moved_added_to_and_trimmed_but_not_beyond_a_year(world, stay, today):
    move_out = moved_out(world, stay, today + D(10))
    first = move_out.visits.first()
    watch.reschedule_visit(user=world.worker_a, visit=first, due_on=today + D(20))
    watch.add_visit(user=world.worker_a, move_out=move_out, due_on=today + D(15))
    watch.remove_visit(user=world.worker_a, visit=move_out.visits.last())
    assert move_out.visits.count() == 12 and move_out.visits.first().due_on == today + D(15)
    with pytest.raises(ValidationError):
        watch.add_visit(user=world.worker_a, move_out=move_out, due_on=today + D(10) + D(400))


def test_a_visit_is_recorded_once_and_a_second_recorder_is_told(world, stay, today):
    move_out = moved_out(world, stay, today + D(1))
    visit = move_out.visits.first()
    with on(visit.due_on):
        watch.record_visit(user=world.chief_a, visit=visit, visited_on=visit.due_on, visitor="支援員A",
                           condition=WatchVisit.Condition.SOME_WORRY, concerns="食欲がない")
        with pytest.raises(ValidationError, match="すでに記録"):
            watch.record_visit(user=world.worker_a, visit=visit, visited_on=visit.due_on, visitor="相談員",
                               condition=WatchVisit.Condition.STABLE)
    visit.refresh_from_db()
    assert visit.visitor == "支援員A" and visit.concerns == "食欲がない"


def test_overdue_visits_show_on_the_worker_s_today_page_until_recorded(client, world, stay, today):
    move_out = moved_out(world, stay, today + D(1))
    first = move_out.visits.first()
    later = first.due_on + D(3)
    with on(later):
        client.force_login(world.worker_a)
        html = client.get(reverse("today")).content.decode()
        assert stay.case.case_number in watch_section(html) and "期限超過" in watch_section(html)
        watch.record_visit(user=world.worker_a, visit=first, visited_on=later, visitor="相談員",
                           condition=WatchVisit.Condition.STABLE)
        html = client.get(reverse("today")).content.decode()
    assert stay.case.case_number not in watch_section(html)
    assert AccessLog.objects.filter(case_id=stay.case_id, what="今日の業務一覧").exists()


def test_another_body_s_worker_does_not_see_the_overdue_visit(client, world, stay, today):
    move_out = moved_out(world, stay, today + D(1))
    with on(move_out.visits.first().due_on + D(3)):
        client.force_login(world.worker_b)
        html = client.get(reverse("today")).content.decode()
    assert stay.case.case_number not in html


def test_the_person_is_linked_to_a_place_to_belong_once(world, stay, salon, food_bank, today):
    move_out = moved_out(world, stay, today + D(1))
    with on(today + D(5)):
        watch.link_place(user=world.worker_a, move_out=move_out, place=salon, linked_on=today + D(5))
        with pytest.raises(ValidationError):
            watch.link_place(user=world.worker_a, move_out=move_out, place=salon, linked_on=today + D(5))
        with pytest.raises(ValidationError):
            watch.link_place(user=world.worker_a, move_out=move_out, place=food_bank, linked_on=today + D(5))
    assert list(PlaceLink.objects.values_list("place__name", flat=True)) == ["ふれあいサロン"]


def test_the_watch_page_shows_the_schedule_and_places_after_the_move_out(client, world, stay, salon, today):
    move_out = moved_out(world, stay, today + D(1))
    with on(today + D(2)):
        watch.link_place(user=world.worker_a, move_out=move_out, place=salon, linked_on=today + D(2))
        client.force_login(world.worker_a)
        stay_page = client.get(reverse("shelter_stay", args=[stay.pk])).content.decode()
        html = client.get(reverse("shelter_watch", args=[move_out.pk])).content.decode()
    assert reverse("shelter_watch", args=[move_out.pk]) in stay_page
    assert "地域居住支援の見守り" in html and "ふれあいサロン" in html and "引継ぎなし" not in html
    assert "自立相談支援機関（本人は地域居住支援の利用に同意していません）" in html
    assert policies.get_case_or_404(world.worker_a, stay.case_id)


def test_the_today_page_reads_overdue_visits_in_the_same_number_of_queries_however_many(
        client, world, rooms, today, django_assert_max_num_queries):
    def overdue_for(room, name):
        stay = confirmed_stay(world, urgent_case(world, given_name=name), room, today, today + D(30))
        return moved_out(world, stay, today + D(1))

    first = overdue_for(rooms["h101"], "一人目")
    later = first.visits.first().due_on + D(40)  # two visits overdue each
    with on(later):
        client.force_login(world.worker_a)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("today"))
    overdue_for(rooms["h102"], "二人目")
    overdue_for(rooms["t201"], "三人目")
    with on(later), django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("today")).content.decode()
    assert "二人目" in watch_section(html) and "6件" in watch_section(html)
