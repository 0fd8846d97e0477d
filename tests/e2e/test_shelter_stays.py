"""Shelter (issue 4) in the browser: an urgent intake ends with a confirmed room the same day; a stay past 3 months
without an extension decision is flagged; a move-out frees the room after the cleaning interval; an overdue
watch-over visit stays on the worker's list until it is recorded. Time moves with time-machine (ticking, so the
browser's waits still work)."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from jiritsu.cases.choices import Status
from jiritsu.core.wareki import format_wareki
from jiritsu.shelter import rules, services
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, open_case, submit, take_other_action
from tests.factories import advance_case, new_case
from tests.shelter.conftest import confirmed_stay, on, rooms, urgent_case  # noqa: F401 - `rooms` is a fixture

pytestmark = pytest.mark.e2e
D = dt.timedelta


def test_it_flags_an_unextended_stay_past_3_months_until_the_extension_is_recorded(page, world, rooms, today):  # noqa: F811 - `rooms`
    case = urgent_case(world)
    confirmed_stay(world, case, rooms["h101"], today, rules.principle_end(today))
    with on(rules.principle_end(today) + D(2), tick=True):
        login(page, world.worker_a)
        page.goto("/shelter/")
        warnings = page.get_by_role("region", name="期限の確認が必要な入居")
        expect(warnings.get_by_role("row").filter(has_text="急迫")).to_contain_text("超過")
        page.goto(f"/cases/{case.pk}/")
        expect(page.locator("#stay-status")).to_contain_text("超過")
        page.get_by_role("link", name="入居の詳細・延長・転居").click()
        page.get_by_label("決定した者").fill("支援調整会議")
        page.get_by_label("延長の理由").fill("転居先の入居日待ち")
        page.get_by_label("延長後の退去予定日").fill(rules.latest_end(today).isoformat())
        page.get_by_role("button", name="延長を記録").click()
        expect(page.get_by_role("region", name="延長の決定")).to_contain_text("支援調整会議")
        page.goto(f"/cases/{case.pk}/")
        expect(page.locator("#stay-status")).to_contain_text("延長")
        expect(page.locator("#stay-status")).not_to_contain_text("超過")


def test_it_frees_the_room_after_a_move_out_and_its_cleaning_days(page, world, rooms, today):  # noqa: F811 - `rooms`
    stay = confirmed_stay(world, urgent_case(world), rooms["h101"], today, today + D(60))
    other = urgent_case(world, given_name="次郎")
    moved = today + D(10)
    with on(moved, tick=True):
        login(page, world.shelter_staff)
        page.goto(f"/shelter/stays/{stay.pk}")
        page.get_by_label("退去日").fill(moved.isoformat())
        page.get_by_label("転居先の住所").fill("水戸市三の丸1-1")
        page.get_by_label("住居確保給付金を利用する").check()
        page.get_by_role("button", name="転居を記録").click()
        expect_message(page, "転居を記録しました。")  # on the provider's Today page: its hand-off has ended
        page.context.clear_cookies()
        login(page, world.worker_a)
        page.goto(f"/shelter/stays/{stay.pk}")
        expect(page.get_by_role("region", name="転居")).to_contain_text("水戸市三の丸1-1")
        rooms_page = f"/shelter/cases/{other.pk}/rooms"
        page.goto(f"{rooms_page}?start={(moved + D(1)).isoformat()}&end={(moved + D(20)).isoformat()}&people=1")
        found = page.get_by_role("region", name="空いている部屋")
        expect(found).to_be_visible()
        expect(found.get_by_role("row").filter(has_text="日立市団地 101")).to_have_count(0)
        page.goto(f"{rooms_page}?start={(moved + D(3)).isoformat()}&end={(moved + D(20)).isoformat()}&people=1")
        expect(found.get_by_role("row").filter(has_text="日立市団地 101")).to_have_count(1)


def test_an_urgent_intake_ends_with_a_confirmed_room_the_same_day(page, page_as, world, rooms, today):  # noqa: F811 - `rooms`
    # Received yesterday, applied today (the seed: told to leave the dormitory today).
    case = advance_case(world, new_case(world, received_on=today - D(1)), Status.APPLIED, scope=[world.shelter_provider])
    login(page, world.worker_a)
    open_case(page, case)
    take_other_action(page, "急迫時の一時生活支援を開始する")
    page.get_by_label(f"{world.shelter_provider.name}（一時生活支援）").check()
    page.get_by_label("理由・急迫性の判断").fill("会社の寮を本日退去、所持金なし")
    submit(page, "開始する")
    page.get_by_role("link", name="部屋を探す").click()
    found = page.get_by_role("region", name="空いている部屋")
    expect(found.get_by_role("row").nth(1)).to_contain_text("日立市")  # the person's own city first
    found.get_by_role("button", name="県営日立市団地 101を依頼する").click()
    expect_message(page, "県営日立市団地 101を依頼しました。")
    expect(page.locator("#stay-status")).to_contain_text("依頼中")

    provider = page_as(world.shelter_staff)
    provider.goto("/shelter/")
    pending = provider.get_by_role("region", name="確認待ちの依頼")
    pending.get_by_role("row").filter(has_text=case.case_number).get_by_role("button", name="入居を確定する").click()
    expect(provider.locator(".messages")).to_contain_text("入居を確定しました。")

    page.reload()
    status = page.locator("#stay-status")
    expect(status).to_contain_text("確定")
    expect(status).to_contain_text(f"入居日{format_wareki(today)}")


def test_an_overdue_watch_over_visit_is_on_the_worker_s_list_until_it_is_recorded(page, world, rooms, today):  # noqa: F811 - `rooms`
    stay = confirmed_stay(world, urgent_case(world), rooms["h101"], today, today + D(30))
    with on(today + D(1)):
        services.record_move_out(user=world.shelter_staff, stay=stay, moved_on=today + D(1), address="日立市幸町1-1")
    first_due = rules.watch_schedule(today + D(1))[0]
    with on(first_due + D(3), tick=True):
        login(page, world.worker_a)
        watch = page.get_by_role("region", name="予定日を過ぎた見守り訪問（地域居住支援）")
        expect(watch.get_by_role("row").filter(has_text=stay.case.case_number)).to_contain_text("期限超過")
        watch.get_by_role("link", name=stay.case.case_number).click()
        page.get_by_role("link", name="地域居住支援の見守り").click()
        page.locator("select[name=visit]").select_option(label=f"{format_wareki(first_due)}の予定")
        page.get_by_label("訪問日").fill((first_due + D(3)).isoformat())
        page.get_by_label("訪問した者").fill("日立 相談員")
        page.get_by_label("本人の様子").select_option(label="やや心配")
        page.get_by_label("気になること・対応").fill("食事が不規則。フードバンクを再度案内")
        page.get_by_role("button", name="訪問を記録").click()
        expect(page.locator(".messages")).to_contain_text("見守り訪問を記録しました。")
        expect(page.get_by_role("region", name="地域居住支援の見守り")).to_contain_text("やや心配")
        page.goto("/")
        expect(watch).to_contain_text("該当するケースはありません。")
