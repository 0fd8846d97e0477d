"""The TOTP second factor: required in production for the roles that see personal data, optional in the
demo, enrolled after the password, with single-use hashed recovery codes and a manager's reset."""
import re

import pyotp
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiritsu.audit.models import AccessLog
from jiritsu.orgs import second_factor
from jiritsu.orgs.models import RecoveryCode
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def enrolled_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)


def code_of(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


def enrol(client) -> list[str]:
    page = client.get(reverse("two_factor"))
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page.content.decode())[1].replace(" ", "")
    done = client.post(reverse("two_factor"), {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    return re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", done.content.decode())


def test_production_sends_a_worker_to_enrol_before_any_page(client, world, production):
    sign_in(client, "worker_a")
    response = client.get(reverse("today"))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor"))
    page = client.get(reverse("two_factor"))
    assert "二要素認証の登録" in page.content.decode() and "必要です" in page.content.decode()


@pytest.mark.parametrize("who", ["worker_a", "chief_a", "admin_a", "prep_staff", "developer", "auditor"])
def test_production_requires_it_of_every_role_that_sees_personal_data(client, world, production, who):
    sign_in(client, who)
    assert client.get(reverse("org_list")).status_code == 302


def test_production_lets_prefecture_policy_staff_in_without_it(client, world, production):
    sign_in(client, "policy")
    assert client.get(reverse("org_list")).status_code == 200


def test_the_api_treats_a_half_signed_in_session_as_signed_out(client, world, production):
    sign_in(client, "worker_a")
    response = client.get("/api/cases")
    assert response.status_code == 401


def test_enrolment_with_a_code_from_the_app_opens_the_pages_and_shows_ten_recovery_codes(
        client, world, production):
    sign_in(client, "worker_a")
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("today")).status_code == 200
    # Only hashes are stored: no code appears in the database.
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not any(c.replace("-", "") in h for c in codes for h in stored)
    assert AccessLog.objects.filter(username="worker_a", what__startswith="二要素認証の登録").exists()


def test_enrolment_refuses_a_wrong_code_at_the_field(client, world, production):
    sign_in(client, "worker_a")
    client.get(reverse("two_factor"))
    response = client.post(reverse("two_factor"), {"code": "000000"})
    assert response.status_code == 400
    assert "確認コードが正しくありません" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.worker_a, confirmed=True).exists()


def test_the_enrolment_qr_code_is_an_svg_drawn_by_the_app(client, world, production):
    sign_in(client, "worker_a")
    response = client.get(reverse("two_factor_qr"))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_an_enrolled_user_cannot_see_the_key_again(client, world, production):
    enrolled_device(world.worker_a)
    sign_in(client, "worker_a")
    assert client.get(reverse("two_factor_qr")).status_code == 404
    assert "otp-secret" not in client.get(reverse("two_factor")).content.decode()


def test_sign_in_takes_the_code_from_the_app(client, world, production):
    device = enrolled_device(world.worker_a)
    sign_in(client, "worker_a")
    assert "確認コードの入力" in client.get(reverse("two_factor")).content.decode()
    response = client.post(reverse("two_factor"), {"code": code_of(device), "next": "/orgs/"})
    assert response.status_code == 302 and response.url == "/orgs/"
    assert client.get(reverse("org_list")).status_code == 200


def test_a_wrong_code_is_refused_and_logged(client, world, production):
    enrolled_device(world.worker_a)
    sign_in(client, "worker_a")
    response = client.post(reverse("two_factor"), {"code": "123456"})
    assert response.status_code == 400 and "確認コードが正しくありません" in response.content.decode()
    assert client.get(reverse("org_list")).status_code == 302
    assert AccessLog.objects.filter(username="worker_a", action="denied", what__startswith="二要素認証").exists()


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, world, production):
    device = enrolled_device(world.worker_a)
    sign_in(client, "worker_a")
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        client.post(reverse("two_factor"), {"code": "111111"})
        response = client.post(reverse("two_factor"), {"code": code_of(device)})
    assert "時間をおいて" in response.content.decode()
    assert client.get(reverse("org_list")).status_code == 302


def test_a_code_from_the_app_works_once(client, world, production):
    device = enrolled_device(world.worker_a)
    code = code_of(device)
    sign_in(client, "worker_a")
    assert client.post(reverse("two_factor"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, "worker_a")
    assert client.post(reverse("two_factor"), {"code": code}).status_code == 400


def test_a_recovery_code_signs_in_once(client, world, production):
    sign_in(client, "worker_a")
    codes = enrol(client)
    client.post(reverse("logout"))
    sign_in(client, "worker_a")
    assert client.post(reverse("two_factor"), {"code": codes[0].lower()}).status_code == 302
    assert client.get(reverse("org_list")).status_code == 200
    assert second_factor.remaining_recovery_codes(world.worker_a) == 9
    client.post(reverse("logout"))
    sign_in(client, "worker_a")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5)):
        assert client.post(reverse("two_factor"), {"code": codes[0]}).status_code == 400
    assert AccessLog.objects.filter(username="worker_a", what__startswith="二要素認証：復旧コード").count() == 1


def test_renewed_recovery_codes_replace_the_old_ones(client, world, production):
    sign_in(client, "worker_a")
    old = enrol(client)
    response = client.post(reverse("two_factor_recovery_codes"))
    new = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    sign_in(client, "worker_a")
    assert client.post(reverse("two_factor"), {"code": old[1]}).status_code == 400


def test_a_managers_reset_forces_re_enrolment_and_is_logged(client, world, production):
    enrolled_device(world.worker_a)
    client.force_login(world.admin_a)
    enrolled = enrolled_device(world.admin_a)
    client.post(reverse("two_factor"), {"code": code_of(enrolled)})
    response = client.post(reverse("staff_reset_second_factor", args=[world.worker_a.staff.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.worker_a).exists()
    assert AccessLog.objects.filter(username="admin_a", what__startswith="二要素認証のリセット：worker_a").exists()
    other = client.__class__()
    sign_in(other, "worker_a")
    assert "二要素認証の登録" in other.get(reverse("two_factor")).content.decode()


def test_a_reset_ends_the_second_factor_of_a_session_already_signed_in(client, world, production):
    device = enrolled_device(world.worker_a)
    sign_in(client, "worker_a")
    client.post(reverse("two_factor"), {"code": code_of(device)})
    assert client.get(reverse("org_list")).status_code == 200
    second_factor.reset_for_staff(user=world.admin_a, staff=world.worker_a.staff)
    assert client.get(reverse("org_list")).status_code == 302


def test_a_manager_cannot_reset_another_bodys_staff(client, world):
    client.force_login(world.admin_a)
    response = client.post(reverse("staff_reset_second_factor", args=[world.worker_b.staff.pk]))
    assert response.status_code == 404


def test_the_demo_lets_a_worker_in_without_it_and_says_so_at_sign_in(client, world, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    page = client.get(reverse("login")).content.decode()
    assert "二要素認証（認証アプリの確認コード）は任意です" in page
    sign_in(client, "worker_a")
    assert client.get(reverse("today")).status_code == 200


def test_the_demo_still_asks_a_code_of_who_enrolled(client, world, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    enrolled_device(world.worker_a)
    sign_in(client, "worker_a")
    assert client.get(reverse("today")).status_code == 302


def test_production_sign_in_page_does_not_call_it_optional(client, world, production):
    assert "任意です" not in client.get(reverse("login")).content.decode()


def test_a_code_with_a_nul_byte_is_refused_without_error(client, world, production):
    enrolled_device(world.worker_a)
    sign_in(client, "worker_a")
    response = client.post(reverse("two_factor"), {"code": "12\x003456"})
    assert response.status_code == 400


def test_the_command_line_reset_works_for_any_account_and_is_logged(world, production):
    enrolled_device(world.worker_a)
    call_command("reset_second_factor", "worker_a")
    assert not second_factor.is_enrolled(world.worker_a)
    assert AccessLog.objects.filter(username="worker_a", what__contains="リセット（コマンドライン）：worker_a").exists()


def test_a_system_administrator_removes_an_app_on_the_admin_site_and_never_sees_its_key(client, world):
    device = enrolled_device(world.worker_a)
    sysadmin = get_user_model().objects.create_superuser("sysadmin", password="sys-admin-pass-9876")
    client.force_login(sysadmin)
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in change and "otpauth" not in change
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not second_factor.is_enrolled(world.worker_a)
    assert AccessLog.objects.filter(username="sysadmin", what="二要素認証のリセット（管理サイト）：worker_a").exists()
