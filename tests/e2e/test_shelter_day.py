"""The shelter as it really runs, in the browser (issue 15): the provider's 今日の業務 shows a pending request and an
overstay and the request is confirmed from it; the grid for a chosen month shows 龍ケ崎 only from the day it
joined (R3.1); a worker records a weekend admission on Monday and the move-out hands the person over."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from jiritsu.shelter import services
from jiritsu.shelter.inventory import load_demo_rooms
from jiritsu.shelter.models import Stay
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message
from tests.shelter.conftest import housing, on, overstay, rooms, urgent_case  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e
D = dt.timedelta


def test_the_provider_confirms_a_pending_request_from_today_beside_the_overstay(page, world, rooms, today):  # noqa: F811
    held = overstay(world, urgent_case(world, given_name="超過"), rooms["h101"])
    waiting = urgent_case(world, given_name="依頼")
    stay = services.request_room(user=world.worker_a, case=waiting, room=rooms["h102"], start=today,
                                 end=today + D(30))
    login(page, world.shelter_staff)
    overstays = page.get_by_role("region", name="超過（退去予定日を過ぎて入居中）")
    expect(overstays.get_by_role("row").filter(has_text=held.case.case_number)).to_contain_text("期限超過")
    pending = page.get_by_role("region", name="確認待ちの依頼（古い順）")
    pending.get_by_role("button", name=f"{waiting.case_number}の入居を確定する").click()
    expect_message(page, "入居を確定しました。")
    expect(page.get_by_role("region", name="確認待ちの依頼（古い順）")).to_contain_text("確認待ちの依頼はありません。")
    expect(page.get_by_role("region", name="本日の入居")).to_contain_text(waiting.case_number)
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CONFIRMED
    overstays.get_by_role("link", name="転居を記録する（または延長の決定を確認する）").click()
    expect(page.get_by_role("heading", name="転居を記録する")).to_be_visible()


def test_the_grid_for_a_chosen_month_shows_ryugasaki_only_from_the_day_it_joined(page, world):
    load_demo_rooms()
    login(page, world.policy)
    page.goto("/shelter/")
    page.get_by_label("月を選ぶ").fill("R2.12")
    page.get_by_role("button", name="表示").click()
    summary = page.get_by_role("region", name="拠点ごとの稼働")
    expect(summary).to_contain_text("日立市")
    expect(summary).not_to_contain_text("龍ケ崎市")
    page.get_by_label("月を選ぶ").fill("令和3年1月")
    page.get_by_role("button", name="表示").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("令和3年1月1日〜令和3年1月31日")
    expect(summary.get_by_role("row").filter(has_text="龍ケ崎市")).to_contain_text("令和3年1月1日から")
    expect(summary).not_to_contain_text("下妻市")


def test_a_weekend_admission_is_recorded_on_monday_and_the_move_out_hands_over(page, world, rooms, housing):  # noqa: F811
    monday = dt.date(2026, 1, 5)
    with on(monday, tick=True):
        case = urgent_case(world, scope=[world.prep_provider, world.shelter_provider, world.housing_provider])
        login(page, world.worker_a)
        page.goto(f"/shelter/cases/{case.pk}/rooms")
        page.get_by_role("textbox", name="入居日").fill("R8.1.3")  # Saturday
        page.get_by_label("退去予定日").fill("R8.3.3")
        page.get_by_label("入居日が今日より前の理由").select_option(label="土日・祝日の入居（開庁日に記録）")
        page.get_by_role("button", name="空いている部屋を表示").click()
        page.get_by_role("button", name="県営日立市団地 101を依頼する").click()
        expect_message(page, "県営日立市団地 101を依頼しました。")
        stay = Stay.objects.get(case=case)
        services.confirm_stay(user=world.shelter_staff, stay=stay)
        page.goto(f"/shelter/stays/{stay.pk}")
        expect(page.get_by_role("region", name="県営日立市団地 101")).to_contain_text("土日・祝日の入居")
        page.get_by_label("退去日").fill("R8.1.5")
        page.get_by_label("転居先の住所").fill("茨城県水戸市三の丸1-1-1")
        page.get_by_label("本人が地域居住支援の利用に同意している").check()
        page.get_by_label("地域居住支援の引継ぎ先").select_option(label=world.housing_provider.name)
        page.get_by_role("button", name="転居を記録").click()
        expect_message(page, "転居を記録しました。")
        expect(page.get_by_role("region", name="転居")).to_contain_text(world.housing_provider.name)
        page.goto(f"/cases/{case.pk}/")
        expect(page.get_by_role("region", name="支援引継ぎ")).not_to_contain_text("部屋を探す")
