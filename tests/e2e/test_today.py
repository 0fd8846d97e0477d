"""今日の業務 in the browser: a long list shows its first rows with the total; the worker follows 「すべて…を見る」
to the whole list, comes back, and opens the cases waiting for one step from its count."""
import pytest
from playwright.sync_api import expect

from jiritsu.cases import worklists
from tests.e2e.conftest import login
from tests.factories import new_case

pytestmark = pytest.mark.e2e


def test_a_worker_goes_from_the_first_rows_of_a_list_to_the_whole_list(page, world, days_ago):
    n = worklists.LIMIT + 3
    cases = [new_case(world, given_name=f"多数{i}", phone=f"090-8000-{i:04d}", received_on=days_ago(200 - i))
             for i in range(n)]
    login(page, world.worker_a)
    awaiting = page.get_by_role("region", name="次の手続きを待っているケース")
    expect(awaiting.get_by_role("row")).to_have_count(worklists.LIMIT + 1)  # the header and the ten oldest
    expect(awaiting).not_to_contain_text(cases[-1].case_number)
    awaiting.get_by_role("link", name=f"すべて（{n}件）を見る").click()

    whole = page.get_by_role("region", name="次の手続きを待っているケース")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"次の手続きを待っているケース {n}件")
    expect(whole.get_by_role("row")).to_have_count(n + 1)
    expect(whole.get_by_role("row").last).to_contain_text(cases[-1].case_number)  # oldest first, the newest last
    page.get_by_role("link", name="今日の業務へ戻る").click()

    page.get_by_role("link", name="相談受付（振り分け待ち）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("相談受付（振り分け待ち）")
    page.get_by_role("link", name=cases[0].case_number).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("山田")
