# jiritsu: the two-command set-up is `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST := JIRITSU_FAST_TESTS=1 $(BIN)/pytest
# pytest exits 5 when a selection holds no test; an empty e2e selection is not a failure.
NO_TESTS_OK := || test $$? -eq 5

.PHONY: demo test test-unit test-e2e lint install

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
