"""The provider's day (issue 15, item 6): the 一時生活支援 provider's 今日の業務 lists pending requests (oldest
first), arrivals today, overstays, stays ending within 14 days, extension decisions due, and meals and supplies
to deliver; each row opens the form that does the work; what it shows is audited; no one else sees them."""
import datetime as dt
import re

import pytest
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.directory.models import Organization, Service
from jiritsu.orgs.models import Role
from jiritsu.programs.catalog import Program
from jiritsu.shelter import care, rules, services
from jiritsu.shelter.models import FoodKind, FoodPartner, Room, Stay
from tests.factories import make_provider, make_user

from .conftest import confirmed_stay, on, overstay, urgent_case

D = dt.timedelta


def section(html: str, key: str) -> str:
    start = html.index(f'id="shelter-{key}"')
    return html[start:html.index("</section>", start)]


@pytest.fixture
def day_of_work(world, rooms, today):
    building = rooms["h101"].building
    more = [Room.objects.create(building=building, label=f"2{i:02d}", capacity=2) for i in range(4)]
    meal = Service.objects.create(organization=Organization.objects.create(name="配食の会", description="-"),
                                  name="まごころ弁当", needs=["no_food"])
    FoodPartner.objects.create(service=meal, kind=FoodKind.MEAL_SERVICE, recorded_by=world.policy)
    with on(today - D(2)):
        older = services.request_room(user=world.worker_a, case=urgent_case(world, given_name="依頼古"),
                                      room=more[0], start=today + D(1), end=today + D(30))
    newer = services.request_room(user=world.worker_a, case=urgent_case(world, given_name="依頼新"),
                                  room=more[1], start=today + D(2), end=today + D(30))
    arriving = confirmed_stay(world, urgent_case(world, given_name="本日入居"), more[2], today, today + D(60))
    care.order_food(user=world.shelter_staff, stay=arriving, kind=FoodKind.MEAL_SERVICE, partner=meal,
                    start_on=today, end_on=today + D(6), meals=14, allergies="そば")
    with on(today - D(80)):
        long = confirmed_stay(world, urgent_case(world, given_name="三か月"), more[3], today - D(80),
                              rules.principle_end(today - D(80)))
    return {"older": older, "newer": newer, "arriving": arriving, "long": long,
            "overstay": overstay(world, urgent_case(world, given_name="超過"), rooms["h101"])}


def test_the_shelter_provider_s_today_lists_the_day_s_work(client, world, day_of_work, today,
                                                           django_assert_max_num_queries):
    client.force_login(world.shelter_staff)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("today")).content.decode()
    pending = section(html, "pending")
    assert pending.index("依頼古") < pending.index("依頼新")  # oldest first
    assert "入居を確定する" in pending
    assert "本日入居" in section(html, "arrivals")
    overstays = section(html, "overstays")
    assert "超過" in overstays and f'/shelter/stays/{day_of_work["overstay"].pk}#move-out' in overstays
    ending = section(html, "ending")
    assert "三か月" in ending and "#move-out" in ending
    assert "三か月" in section(html, "extension") and rules.needs_extension(
        Stay.objects.get(pk=day_of_work["long"].pk), today, extended=False)
    deliveries = section(html, "deliveries")
    assert "まごころ弁当" in deliveries and "そば" in deliveries and "日用品の支給がまだありません" in deliveries
    shown = set(AccessLog.objects.filter(user_id=world.shelter_staff.pk, what="今日の業務一覧")
                .values_list("case_id", flat=True))
    assert {s.case_id for s in day_of_work.values()} <= shown


def test_a_request_is_confirmed_from_the_list(client, world, day_of_work):
    client.force_login(world.shelter_staff)
    response = client.post(reverse("shelter_confirm", args=[day_of_work["older"].pk]), {"next": reverse("today")})
    assert response.status_code == 302 and response.url == reverse("today")
    assert Stay.objects.get(pk=day_of_work["older"].pk).status == Stay.Status.CONFIRMED
    assert "依頼古" not in section(client.get(reverse("today")).content.decode(), "pending")


def test_another_provider_sees_none_of_it(client, world, day_of_work):
    other = make_user("other_shelter", make_provider(world.pref, "別の一時生活支援", [Program.TEMPORARY_SHELTER]),
                      Role.PROVIDER_STAFF)
    for user in (other, world.prep_staff):
        client.force_login(user)
        html = client.get(reverse("today")).content.decode()
        assert not [s for s in day_of_work.values() if s.case.case_number in html], user


def test_every_row_opens_a_page_holding_the_part_it_names(client, world, day_of_work, today):
    """Each row's link lands on the form (or, for the extension the agency records, the decision's card) that
    its anchor names, as the provider sees that page."""
    client.force_login(world.shelter_staff)
    html = client.get(reverse("today")).content.decode()
    followed = set()
    for key in ("arrivals", "overstays", "ending", "extension", "deliveries"):
        links = re.findall(r'href="(/shelter/stays/\d+)#([\w-]+)"', section(html, key))
        assert links, key
        for path, anchor in links:
            page = client.get(path)
            assert page.status_code == 200 and f'id="{anchor}"' in page.content.decode(), (key, path, anchor)
            followed.add(anchor)
    assert followed == {"supplies", "food", "move-out", "extend"}
    extension = client.get(f'/shelter/stays/{day_of_work["long"].pk}').content.decode()
    assert "自立相談支援機関が記録します" in extension and "延長を記録" not in extension
