# jiritsu: the two-command set-up is `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST := $(BIN)/pytest
# pytest exits 5 when a selection holds no test; an empty e2e selection is not a failure.
NO_TESTS_OK := || test $$? -eq 5
# Every target here is the demo, a test or a measurement: demo mode (the built-in secret key, plain HTTP).
# Production is the app's default everywhere else (settings.py).
export JIRITSU_ENV ?= demo

.PHONY: demo test test-unit test-e2e lint install bench

# The venv's jiritsu script doubles as the "installed" stamp; editing pyproject.toml reinstalls.
$(BIN)/jiritsu: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(BIN)/jiritsu

## make demo: venv, install, migrate, Ibaraki demo data, serve on http://127.0.0.1:8000 and print logins
demo: $(BIN)/jiritsu
	$(BIN)/jiritsu demo

## make test: the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set)
test: test-unit test-e2e

test-unit: $(BIN)/jiritsu
	$(PYTEST) -q -n 2 -m "not e2e"

# Browser tests (Playwright + Debian's /usr/bin/chromium) run on their own, one process.
test-e2e: $(BIN)/jiritsu
	$(PYTEST) -q -m e2e $(NO_TESTS_OK)

lint: $(BIN)/jiritsu
	$(BIN)/ruff check src tests
	$(BIN)/jiritsu makemigrations --check --dry-run

## make bench: what a worker at a desk feels (tests/bench/load.py): an open-loop load of the desk's mix (case page 60%,
## search 15%, work list 15%, writes 10%) at 50, 100 and 150 requests a second for 60 s on 100,000 cases, served by
## `jiritsu serve` (2 workers), beside baselines (a minimal Django view, the same signed in, plus one primary-key
## SELECT), with the workers' CPU ms per request; BENCH_BEFORE=<commit> adds that commit's case page and search.
## The seeded database is kept as a dump under var/bench/. Load comes from Debian's `hey` (installed here if
## missing: `apt-get install hey`), on loopback only. Then placement matching, shelter booking, the monthly survey
## and the ledger import, each in its own database. Results go to BENCHMARKS.md. Not part of `make test`.
bench: $(BIN)/jiritsu
	command -v hey >/dev/null || (apt-get update -qq && apt-get install -y -qq hey)
	pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect 15 main start
	$(BIN)/python -m tests.bench.load
	$(BIN)/python -m tests.bench.bench_matching
	$(BIN)/python -m tests.bench.bench_shelter
	$(BIN)/python -m tests.bench.bench_survey
