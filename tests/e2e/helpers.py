"""Small steps the browser tests share: open a case, take its primary action, save a form, read its state.

Everything is found the way a person finds it (roles and Japanese labels); Playwright's `expect`
waits for each page, so no test sleeps.
"""
import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from jiritsu.core.wareki import format_wareki


def today() -> dt.date:
    return timezone.localdate()


def wareki(day: dt.date, *, short: bool = True) -> str:
    """A date as a worker types it: R7.6.1 (or 令和7年6月1日)."""
    return format_wareki(day, short=short)


def open_case(page: Page, case) -> None:
    page.goto(f"/cases/{getattr(case, 'pk', case)}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ケース")


def take_primary_action(page: Page, label: str) -> None:
    """The case page offers one primary button for the next step; it must be this one."""
    button = page.locator("#primary-action")
    expect(button).to_have_text(label)
    button.click()


def take_other_action(page: Page, label: str) -> None:
    """An allowed step that is not the next one sits under 「その他の操作」."""
    more = page.locator("details.more-actions")
    if more.get_attribute("open") is None:
        more.locator("summary").click()
    more.get_by_role("link", name=label, exact=True).click()


def submit(page: Page, button: str = "記録する") -> None:
    page.get_by_role("button", name=button, exact=True).click()


def expect_message(page: Page, text: str) -> None:
    """The success message shown on the page the form leads to."""
    expect(page.locator(".messages")).to_contain_text(text)


def expect_status(page: Page, label: str) -> None:
    expect(page.locator(".case-status")).to_contain_text(label)


def stepper(page: Page):
    return page.get_by_role("list", name="支援の流れ")
