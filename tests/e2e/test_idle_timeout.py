"""Browser: the idle timeout warns before it signs out, staying signed in works, and silence signs out."""
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


@pytest.fixture
def short_timeout(settings):
    settings.IDLE_TIMEOUT_SECONDS = 8
    settings.IDLE_WARNING_SECONDS = 5


def test_the_page_warns_before_the_idle_timeout_and_can_stay_signed_in(page, world, short_timeout):
    login(page, world.worker_a)
    dialog = page.get_by_role("dialog", name="まもなく自動的にログアウトします")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=8_000)  # about 3 seconds after the page
    dialog.get_by_role("button", name="ログインを続ける").click()
    expect(dialog).to_be_hidden()
    assert urlparse(page.url).path == "/"
    # Left alone now: the warning again, then the login page with the reason.
    page.wait_for_url(lambda url: urlparse(url).path.startswith("/accounts/login"), timeout=20_000)
    expect(page.get_by_text("一定時間操作がなかったため、自動的にログアウトしました")).to_be_visible()
    assert "next=%2F" in page.url
    page.goto("/orgs/")
    assert urlparse(page.url).path.startswith("/accounts/login")  # the server ended the session
