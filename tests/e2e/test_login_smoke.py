"""Smoke test of the browser-test set-up: sign in through the form and land on the home page."""
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import new_case

pytestmark = pytest.mark.e2e


def test_it_signs_a_worker_in_to_the_home_page(page, world):
    new_case(world)  # the home page lists it, which also writes to the access log
    login(page, world.worker_a)
    assert urlparse(page.url).path == "/"
    expect(page.get_by_role("link", name="今日の業務").first).to_be_visible()
    expect(page.get_by_label("パスワード")).to_have_count(0)


def test_it_sends_a_visitor_without_login_to_the_login_page(page, world):
    page.goto("/")
    assert urlparse(page.url).path.startswith("/accounts/login")
    expect(page.get_by_role("button", name="ログイン")).to_be_visible()
