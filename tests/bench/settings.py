"""Settings of the benchmark server only: the production settings with the bench-only URLconf (tests/bench/urls.py),
whose baseline views no production URL has. `jiritsu serve` loads them with DJANGO_SETTINGS_MODULE=tests.bench.settings
and the project root on PYTHONPATH (tests/bench/load.py does both)."""
from jiritsu.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
