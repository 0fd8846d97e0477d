"""Use by body and month (bed-nights, stays, average length, outcomes) and cost sharing's actual-use basis for
一時生活支援 (bed-nights). Counts only: the prefecture sees every body, a body's staff their own."""
import datetime as dt

import pytest
from django.urls import reverse

from jiritsu.programs.catalog import Program
from jiritsu.shelter import services, usage
from jiritsu.stats import costshare

from .conftest import confirmed_stay, on, urgent_case

FY = 2025


@pytest.fixture
def history(world, rooms):
    """A 日立 person stays from 20 May to the move-out on 10 June 2025 (21 nights: 12 in May, 9 in June);
    a request never confirmed and a cancelled stay do not count."""
    with on(dt.date(2025, 5, 20)):
        case = urgent_case(world, given_name="入居")
        stay = confirmed_stay(world, case, rooms["h101"], dt.date(2025, 5, 20), dt.date(2025, 8, 20))
        services.request_room(user=world.worker_a, case=urgent_case(world, given_name="依頼"), room=rooms["h102"],
                              start=dt.date(2025, 5, 20), end=dt.date(2025, 6, 1))
        cancelled = confirmed_stay(world, urgent_case(world, given_name="取消"), rooms["t201"],
                                   dt.date(2025, 5, 21), dt.date(2025, 6, 1))
    with on(dt.date(2025, 5, 20)):
        services.cancel_stay(user=world.worker_a, stay=cancelled)
    with on(dt.date(2025, 6, 10)):
        services.record_move_out(user=world.shelter_staff, stay=stay, moved_on=dt.date(2025, 6, 10),
                                 address="日立市幸町1-1", housing_benefit=True)
    return stay


def test_it_counts_bed_nights_stays_length_and_outcomes_by_month(world, history):
    (hitachi,) = usage.use_by_body([world.hitachi], FY)
    may, june, july = hitachi.months[1], hitachi.months[2], hitachi.months[3]
    assert (may.bed_nights, may.in_room, may.started, may.moved_out) == (12, 1, 1, 0)
    assert (june.bed_nights, june.in_room, june.moved_out, june.housing_benefit) == (9, 1, 1, 1)
    assert june.average_length == 21 and july.bed_nights == 0
    assert hitachi.total.bed_nights == 21


def test_nights_not_yet_slept_are_not_used(world, rooms):
    with on(dt.date(2025, 5, 20)):
        confirmed_stay(world, urgent_case(world), rooms["h101"], dt.date(2025, 5, 20), dt.date(2025, 8, 20))
        (hitachi,) = usage.use_by_body([world.hitachi], FY)
    assert hitachi.total.bed_nights == 1  # tonight


def test_an_overstay_counts_every_night_in_the_room_and_a_household_each_person(world, rooms):
    with on(dt.date(2025, 5, 1)):
        confirmed_stay(world, urgent_case(world, given_name="世帯"), rooms["h102"], dt.date(2025, 5, 1),
                       dt.date(2025, 5, 11), people=2)
    with on(dt.date(2025, 5, 20)):  # 10 planned nights, still in the room 9 days after its move-out day
        (hitachi,) = usage.use_by_body([world.hitachi], FY)
    assert hitachi.months[1].bed_nights == 20 * 2


def test_cost_sharing_uses_bed_nights_as_the_actual_use_of_temporary_shelter(world, history):
    bodies = [world.hitachi, world.tsuchiura]
    assert costshare.use_counts(bodies, Program.TEMPORARY_SHELTER, FY) == ({"08202": 21, "08203": 0}, "泊")
    # No bed-night in the year before: the hand-offs of that year are the basis (cost-share.md).
    assert costshare.use_counts(bodies, Program.TEMPORARY_SHELTER, FY - 1) == ({"08202": 0, "08203": 0}, "件")


def test_the_prefecture_sees_every_body_s_counts_and_no_names(client, world, history):
    client.force_login(world.policy)
    html = client.get(reverse("shelter_usage"), {"fy": "R7"}).content.decode()
    assert "日立市" in html and "土浦市" in html and "<td>21</td>" in html
    assert "山田" not in html and history.case.case_number not in html


def test_a_body_sees_only_its_own_use(client, world, history):
    client.force_login(world.worker_b)
    html = client.get(reverse("shelter_usage"), {"fy": "2025"}).content.decode()
    assert "土浦市" in html and 'id="use-08202"' not in html


def test_providers_and_others_cannot_open_the_use_page(client, world):
    for user in (world.shelter_staff, world.auditor, world.developer):
        client.force_login(user)
        assert client.get(reverse("shelter_usage")).status_code == 403


def test_cost_sharing_labels_bed_nights_in_nights_and_falls_back_to_hand_offs_in_a_year_without_stays(
        world, history):
    from jiritsu.orgs.models import Body
    from jiritsu.programs.models import Method, Participation

    for fy in (FY - 1, FY):
        for body in (world.hitachi, world.tsuchiura):
            Participation.objects.create(body=body, program=Program.TEMPORARY_SHELTER, fiscal_year=fy,
                                         method=Method.JOINT)
    Participation.objects.create(body=Body.objects.get(code="08201"), program=Program.TEMPORARY_SHELTER,
                                 fiscal_year=FY, method=Method.CONTRACTED)  # runs its own: not a participant
    result = costshare.compute(program=Program.TEMPORARY_SHELTER, fy=FY, amount=1000, key="利用実績割:100")
    assert "利用実績割 基礎（泊）" in result.header()
    assert [(r.body.code, r.bases[0], r.total) for r in result.rows] == [("08202", 21, 1000), ("08203", 0, 0)]
    assert "延べ宿泊数）の比で分け、21泊 ÷ 合計 21泊" in result.rows[0].explanations[0]
    # FY-1: nobody stayed a night, but two hand-offs of 日立 started: the basis is the hand-offs (件).
    with on(dt.date(2024, 6, 1)):
        urgent_case(world, given_name="前年一"), urgent_case(world, given_name="前年二")
    result = costshare.compute(program=Program.TEMPORARY_SHELTER, fy=FY - 1, amount=1000, key="利用実績割:100")
    assert "利用実績割 基礎（件）" in result.header()
    assert [(r.body.code, r.bases[0], r.total) for r in result.rows] == [("08202", 2, 1000), ("08203", 0, 0)]
    assert "宿泊の実績がないため引継ぎ件数による" in result.rows[0].explanations[0]
    # 利用実績割(前年度) for FY reads FY-1 the same way.
    result = costshare.compute(program=Program.TEMPORARY_SHELTER, fy=FY, amount=10, key="利用実績割(前年度):100")
    assert [r.bases[0] for r in result.rows] == [2, 0]
