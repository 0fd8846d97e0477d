"""The test suite's settings (pytest-django): the app as the demo runs it, plain HTTP and the built-in key.

Set before jiritsu.settings is read, which pytest-django does before any conftest runs. Child processes
started by tests inherit JIRITSU_ENV=demo unless they say otherwise (tests/core/test_environments.py
starts the app in production mode)."""
import os

os.environ.setdefault("JIRITSU_ENV", "demo")

from jiritsu.settings import *  # noqa: E402, F403
