"""The test suite's settings (pytest-django): the app as the demo runs it, plain HTTP and the built-in key.

Set before jiritsu.settings is read, which pytest-django does before any conftest runs. Child processes
started by tests inherit JIRITSU_ENV=demo unless they say otherwise (tests/core/test_environments.py
starts the app in production mode).

The test-only switches live here, never in jiritsu.settings: JIRITSU_FAST_TESTS (on unless set to 0) hashes
passwords with MD5 and keeps mail in memory. A child process that must read accounts the tests made (their
passwords MD5-hashed) names this module as its DJANGO_SETTINGS_MODULE (tests/ops/test_crash.py)."""
import os

os.environ.setdefault("JIRITSU_ENV", "demo")

from jiritsu.settings import *  # noqa: E402, F403

if os.environ.get("JIRITSU_FAST_TESTS", "1") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
