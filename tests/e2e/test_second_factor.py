"""Browser: signing in with the second factor, as production requires it of a support worker."""
import re
from urllib.parse import urlparse

import pyotp
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def production(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def test_a_worker_signs_in_with_the_code_from_the_authenticator_app(page, world, production):
    device = TOTPDevice.objects.create(user=world.worker_a, name="認証アプリ", confirmed=True)
    page.goto("/orgs/")
    page.get_by_label("ユーザー名").fill("worker_a")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="確認コードの入力")).to_be_visible()
    page.get_by_label("確認コード").fill("000000")
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_text("確認コードが正しくありません")).to_be_visible()
    page.wait_for_timeout(1100)  # django-otp makes the next try after a wrong code wait a second
    code = f"{totp(device.bin_key, t0=device.t0, step=device.step):06d}"
    page.get_by_label("確認コード").fill(code)
    page.get_by_role("button", name="確認する").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/orgs/")
    expect(page.get_by_text("日立 相談員（")).to_be_visible()


def test_a_worker_enrols_the_app_by_its_qr_code_and_keeps_the_recovery_codes(page, world, production):
    login(page, world.worker_a)  # lands on the enrolment: nothing else opens before it
    assert urlparse(page.url).path == "/accounts/two-factor/"
    qr = page.get_by_role("img", name="認証アプリに登録するための QR コード")
    expect(qr).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", qr.element_handle()) > 0  # drawn by the app (CSP: self)
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.get_by_label("確認コード").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", name="二要素認証を登録しました")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", c) for c in codes)
    page.get_by_role("link", name="控えたので続ける").click()
    expect(page.get_by_role("link", name="今日の業務").first).to_be_visible()


def test_the_demo_sign_in_page_says_the_second_factor_is_optional(page, world):
    page.goto("/accounts/login/")
    expect(page.get_by_text("このデモでは二要素認証（認証アプリの確認コード）は任意です")).to_be_visible()
