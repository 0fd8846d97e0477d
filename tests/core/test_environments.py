"""Production and demo modes (JIRITSU_ENV): production is HTTPS-only with HSTS, refuses to start without
its own secret key, and `jiritsu check --deploy` finds nothing; the demo (and this suite) runs on plain
HTTP with the built-in key. Each production case runs the app in a child process, as it would start."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

JIRITSU = str(Path(sys.executable).with_name("jiritsu"))
KEY = "k" * 20 + "-this-environment's-own-secret-key-0123456789"
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
print(json.dumps({
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "hsts": settings.SECURE_HSTS_SECONDS,
    "login": [client.get("/accounts/login/").status_code, client.get("/accounts/login/").get("Location", "")],
    "healthz_https": client.get("/healthz", secure=True).get("Strict-Transport-Security", ""),
    "login_https": client.get("/accounts/login/", secure=True).status_code,
}))
"""


def _env(**changes) -> dict:
    # As a server starts: none of the suite's own settings (JIRITSU_*, the live server's async switch).
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIRITSU_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="jiritsu.settings", JIRITSU_ALLOWED_HOSTS="jiritsu.example.lg.jp,testserver")
    env.update({k: v for k, v in changes.items() if v is not None})
    return env


def _run(args, **changes):
    return subprocess.run(args, env=_env(**changes), capture_output=True, text=True, timeout=120, check=False)


def test_it_refuses_to_start_in_production_without_its_own_secret_key():
    for key in (None, "dev-only-insecure-key-change-me-in-production", "short"):
        done = _run([JIRITSU, "check"], JIRITSU_SECRET_KEY=key)
        assert done.returncode != 0
        assert "JIRITSU_SECRET_KEY" in done.stderr and "50文字以上" in done.stderr


def test_it_makes_production_the_default_and_check_deploy_finds_nothing():
    done = _run([JIRITSU, "check", "--deploy", "--fail-level", "WARNING"], JIRITSU_SECRET_KEY=KEY)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (" in done.stdout


def test_it_runs_production_on_https_only():
    done = _run([sys.executable, "-c", PROBE], JIRITSU_SECRET_KEY=KEY, JIRITSU_ENV="production")
    result = json.loads(done.stdout)
    assert result["secure_cookies"] == [True, True] and result["hsts"] == 31536000
    assert result["login"] == [301, "https://testserver/accounts/login/"]
    assert result["healthz_https"] == "max-age=31536000; includeSubDomains; preload"
    assert result["login_https"] == 200


def test_it_trusts_the_proxy_s_https_header_only_behind_our_own_proxy():
    probe = ("import django; django.setup(); from django.test import Client; "
             "print(Client().get('/accounts/login/', headers={'X-Forwarded-Proto': 'https'}).status_code)")
    assert _run([sys.executable, "-c", probe], JIRITSU_SECRET_KEY=KEY).stdout.strip() == "301"
    assert _run([sys.executable, "-c", probe], JIRITSU_SECRET_KEY=KEY,
                JIRITSU_PROXY_COUNT="1").stdout.strip() == "200"


def test_it_runs_the_demo_on_plain_http_with_the_built_in_key():
    done = _run([sys.executable, "-c", PROBE], JIRITSU_ENV="demo")
    result = json.loads(done.stdout)
    assert result["secure_cookies"] == [False, False] and result["hsts"] == 0
    assert result["login"] == [200, ""]


def test_it_refuses_an_unknown_environment_name():
    done = _run([JIRITSU, "check"], JIRITSU_ENV="staging", JIRITSU_SECRET_KEY=KEY)
    assert done.returncode != 0 and "JIRITSU_ENV は demo か production です" in done.stderr


@pytest.mark.parametrize("command", ["setup-demo", "demo"])
def test_it_runs_the_demo_commands_in_demo_mode(command, monkeypatch):
    from jiritsu import cli

    monkeypatch.delenv("JIRITSU_ENV")
    ran = []
    monkeypatch.setattr("django.core.management.execute_from_command_line",
                        lambda argv: ran.append(os.environ.get("JIRITSU_ENV")))
    cli.main([command, "--help"])
    assert ran == ["demo"]


HASHERS = """
import django, json
django.setup()
from django.conf import settings
print(json.dumps([settings.PASSWORD_HASHERS[0], settings.EMAIL_BACKEND]))
"""


def test_the_test_switches_never_reach_the_running_app():
    # The fast hashing and in-memory mail are the tests' own settings (jiritsu.settings_test): the app's
    # settings ignore JIRITSU_FAST_TESTS, whatever the environment says.
    app = _run([sys.executable, "-c", HASHERS], JIRITSU_ENV="demo", JIRITSU_FAST_TESTS="1")
    assert json.loads(app.stdout) == ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                      "django.core.mail.backends.smtp.EmailBackend"], app.stderr
    suite = _run([sys.executable, "-c", HASHERS], DJANGO_SETTINGS_MODULE="jiritsu.settings_test")
    assert json.loads(suite.stdout) == ["django.contrib.auth.hashers.MD5PasswordHasher",
                                        "django.core.mail.backends.locmem.EmailBackend"], suite.stderr
