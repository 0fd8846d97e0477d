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

## make bench: seed BENCH_CASES (default 100,000) cases on PostgreSQL and measure case search, case detail and the
## work list under concurrent load (wrk, loopback only) beside a bare endpoint; then placement matching (5,000 × 2,000)
## beside a greedy baseline; then shelter room search and booking (1,000 rooms, 10 years of stays, 16 clients, own
## database jiritsu_bench_shelter); then the monthly survey over 1,000,000 cases (own database jiritsu_bench_survey,
## seeded once) beside one hand-written SQL aggregate, and 100,000 ledger rows through `jiritsu import cases`.
## Results go to BENCHMARKS.md.
BENCH_DATABASE_URL ?= postgres://root@127.0.0.1:5432/jiritsu_bench
bench: $(BIN)/jiritsu
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect 15 main start
	psql -h 127.0.0.1 -U root -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'jiritsu_bench'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U root -d postgres -qc "CREATE DATABASE jiritsu_bench"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m tests.bench.run_bench
	$(BIN)/python -m tests.bench.bench_matching
	$(BIN)/python -m tests.bench.bench_shelter
	$(BIN)/python -m tests.bench.bench_survey
