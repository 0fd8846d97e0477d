"""就労準備支援 in the browser: the provider adds a session to its menu, starts a handed-over person in the
program, puts them on the session and records the whole session's attendance at once; the person's page
shows the schedule and the count."""
import pytest
from playwright.sync_api import expect

from jiritsu.programs.catalog import Program
from tests.budget.conftest import handed
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message

pytestmark = pytest.mark.e2e


def test_a_provider_runs_a_session_and_takes_its_attendance(page, world, today):
    case = handed(world, Program.EMPLOYMENT_PREP)
    login(page, world.prep_staff)
    page.goto(f"/prep/cases/{case.pk}")
    page.get_by_role("button", name="利用を開始").click()
    expect_message(page, "利用を開始しました。")
    expect(page.locator("#stage")).to_have_text("日常生活自立")

    page.goto("/prep/")
    page.get_by_label("プログラム名").fill("朝の生活リズム講座")
    page.get_by_label("実施日").fill(today.isoformat())
    page.get_by_label("時間").fill("10:00～12:00")
    page.get_by_label("場所").fill("日立市福祉会館")
    page.get_by_label("定員").fill("8")
    page.get_by_role("button", name="追加").click()
    expect_message(page, "プログラムを追加しました。")
    page.get_by_role("link", name="朝の生活リズム講座").click()
    page.get_by_role("button", name="予定に入れる").click()
    expect(page.locator("#booked")).to_contain_text("1／8")
    page.get_by_label("出席").check()
    page.get_by_role("button", name="出欠をまとめて記録").click()
    expect_message(page, "出席1人、欠席0人")
    page.goto(f"/prep/cases/{case.pk}")
    expect(page.locator("#schedule")).to_contain_text("朝の生活リズム講座")
    expect(page.locator("#counts")).to_have_text("出席 1回、欠席 0回")
