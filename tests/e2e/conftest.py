"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Use the `page` fixture (a fresh browser context per test, its base URL the live server) and
`login(page, user)`; mark tests `@pytest.mark.e2e`. These machines cannot download Playwright's own
browser, so the system Chromium is launched by path. DJANGO_ALLOW_ASYNC_UNSAFE is set in
tests/conftest.py because Playwright's sync API runs an event loop in the test thread.
"""
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)  # assertions wait as long as actions: a busy machine is not a failure


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", timezone_id="Asia/Tokyo")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(browser, live_server):
    page = _new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def page_as(browser, live_server):
    """`page_as(user)`: another person's own browser (a separate context), already signed in."""
    pages = []

    def open_as(user):
        pages.append(_new_page(browser, live_server))
        login(pages[-1], user)
        return pages[-1]

    yield open_as
    for opened in pages:
        opened.context.close()


def login(page, user, password: str = PASSWORD) -> None:
    """Sign in through the login form as a person would; returns on the page the login leads to."""
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(lambda url: not urlparse(url).path.startswith("/accounts/login"))
