"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Use the `page` fixture (a fresh browser context per test, its base URL the live server) and
`login(page, user)`; mark tests `@pytest.mark.e2e`. These machines cannot download Playwright's own
browser, so the system Chromium is launched by path. DJANGO_ALLOW_ASYNC_UNSAFE is set in
tests/conftest.py because Playwright's sync API runs an event loop in the test thread.
"""
import importlib
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect, sync_playwright
from pytest_django.plugin import blocking_manager_key

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)  # assertions wait as long as actions: a busy machine is not a failure
_append_only = importlib.import_module("jiritsu.audit.migrations.0002_append_only")


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


def _audit_triggers(enable: bool) -> None:
    """Drop or restore the access log's append-only triggers (the SQL of the migration that made them)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        statements = _append_only.PG_UP if enable else _append_only.PG_DOWN
    else:
        statements = _append_only.SQLITE_UP if enable else _append_only.SQLITE_DOWN
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A live-server test runs in a transactional database that is emptied (flushed) after it; the access
    log's triggers refuse exactly that, so they are lifted for the flush and put back right after."""
    from django.db import connection

    # pytest-django's live server asks for transactional_db on the fly, so look for either name.
    flushed = bool({"transactional_db", "live_server"} & set(item.fixturenames))
    blocker = item.config.stash[blocking_manager_key]
    test_db = connection.settings_dict["NAME"]
    if flushed:
        with blocker.unblock():
            _audit_triggers(enable=False)
    yield
    # After the last test the test database is gone and the connection points at the real one again:
    # only a test database that is still in use gets its triggers back.
    if flushed and nextitem is not None and connection.settings_dict["NAME"] == test_db:
        with blocker.unblock():
            _audit_triggers(enable=True)
