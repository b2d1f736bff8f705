# Lantoa — `make run` runs the platform, `make test` passes the tests. `make help` lists the rest.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# The CI machine and a developer's laptop: PostgreSQL on 127.0.0.1:5432 with trust authentication.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/lantoa
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install install-dev run test test-sqlite test-postgres lint format bench bench-scale messages lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

install: $(VENV)/.installed ## create .venv and install Lantoa with its pinned dependencies

install-dev: $(VENV)/.installed-dev ## install also the test and lint tools

run: install ## run the platform: migrations, reference data, web server, worker, scheduler (Ctrl-C stops)
	$(BIN)/lantoa up

test: install-dev lint test-sqlite test-postgres ## lint, then the whole suite on SQLite and on PostgreSQL

test-sqlite: install-dev ## the suite on SQLite
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest $(PYTEST_ARGS)

# Mandatory in CI (CI=true); on a laptop without PostgreSQL it says so and skips.
test-postgres: install-dev ## the suite on PostgreSQL ($(PG_TEST_URL))
	@if [ -n "$$CI" ] || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		echo "== PostgreSQL: $(PG_TEST_URL)"; \
		env -u REDIS_URL DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS); \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipping the PostgreSQL run (CI runs it)"; fi

lint: install-dev ## ruff, ruff format, mypy, migrations and message catalogues up to date
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy lantoa
	env -u DATABASE_URL LANTOA_VAR_DIR=$$(mktemp -d) $(BIN)/lantoa makemigrations --check --dry-run
	msgfmt --check -o /dev/null lantoa/locale/en/LC_MESSAGES/django.po

format: install-dev ## format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev ## run the benchmarks in bench/ and print their figures
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

bench-scale: install-dev ## a million items into PostgreSQL by 1/2/4 workers, then search/dashboard p95 (about an hour; doc/scaling.md)
	$(BIN)/python bench/scale/run.py all

messages: install-dev ## update the English catalogue after changing user-facing strings, then compile it
	cd lantoa && ../$(BIN)/lantoa makemessages -l en --no-obsolete --no-location
	cd lantoa && ../$(BIN)/lantoa compilemessages -l en

lock: install-dev ## rewrite requirements.lock from the installed environment
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean: ## remove the virtual environment and caches (keeps ./var, your data)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
