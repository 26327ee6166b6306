# Klusmarkt: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEV_ENV := DEBUG=true SECURE_SSL_REDIRECT=false

.PHONY: run test test-fast chromium lint migrations-check messages bench bench-load backup restore clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

## Serve the demo on http://127.0.0.1:8000 (SQLite, eager tasks, emails printed here).
run: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Klusmarkt runs at http://127.0.0.1:8000 (stop with Ctrl+C)."
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## Debian's Chromium for the browser tests in tests/e2e/, installed with apt when it is missing (as .ci/run does).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@test -x /usr/bin/chromium || { echo "Installing Debian's Chromium for the browser tests: $(SUDO) apt-get install chromium"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## The whole suite. SQLite by default; PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
test: $(VENV)/.installed-dev chromium
	$(VENV)/bin/pytest

## The suite without the browser journeys.
test-fast: $(VENV)/.installed-dev
	$(VENV)/bin/pytest -m "not e2e"

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

## Extract new strings into locale/nl and compile the catalogue (needs GNU gettext).
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=bench --ignore=test-artifacts --ignore=locale-vendor
	$(PY) -m marketplace.lib.compile_messages

## Benchmark at full and one-tenth size against PostgreSQL (generates the data if missing); see docs/performance.md.
bench: $(VENV)/.installed-dev
	$(PY) -m bench.run

## 30 s of wrk at 16 connections per page against gunicorn (5 workers) on 127.0.0.1.
bench-load: $(VENV)/.installed-dev
	PY=$(PY) bash bench/load.sh

backup:
	bash scripts/backup.sh

restore:
	bash scripts/restore.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
