"""Under the strict Content-Security-Policy the browser refuses nothing the app sends, and the app's
scripts (static files) still work: the print button, a filter that applies when chosen, the API docs."""
import pytest
from playwright.sync_api import expect

from jiritsu.training.models import Course
from tests.e2e.conftest import login
from tests.factories import new_case

pytestmark = pytest.mark.e2e


def _violations(page) -> list[str]:
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def test_it_runs_the_pages_scripts_with_no_policy_violation(page, world):
    violations = _violations(page)
    case = new_case(world)
    login(page, world.worker_a)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"/print/cases/{case.pk}/intake/")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="印刷").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    Course.objects.create(prefecture=world.pref, fiscal_year=2020, title="令和2年度 人材養成研修")
    login(page, world.policy)
    page.goto("/training/")  # this year's courses; 2020 to choose from
    page.get_by_label("年度").select_option("2020")
    page.wait_for_url("**/training/?fy=2020")
    expect(page.get_by_role("link", name="令和2年度 人材養成研修")).to_be_visible()
    page.goto("/api/docs")
    expect(page.get_by_text("jiritsu API").first).to_be_visible()
    assert violations == []
