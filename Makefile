# Klusmarkt: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEV_ENV := DEBUG=true SECURE_SSL_REDIRECT=false

.PHONY: run test test-fast chromium scale-check k8s-check lint lint-api migrations-check messages bench bench-load bench-matching backup restore clean

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
	$(VENV)/bin/pytest -m "not scale"

## The suite without the browser journeys.
test-fast: $(VENV)/.installed-dev
	$(VENV)/bin/pytest -m "not e2e and not scale"

## Several instances on this machine: two gunicorn, two Celery workers and two beats against one
## PostgreSQL, one Redis and a moto S3 server (needs DATABASE_URL=postgres://... and REDIS_URL).
scale-check: $(VENV)/.installed-dev
	@test -n "$$REDIS_URL" && case "$$DATABASE_URL" in postgres*) ;; *) false ;; esac \
	  || { echo "scale-check needs DATABASE_URL (PostgreSQL) and REDIS_URL" >&2; exit 2; }
	$(VENV)/bin/pytest tests/scale -m scale

.venv-policy/.installed: deploy/kubernetes/requirements-policy.txt
	test -x .venv-policy/bin/python || $(PYTHON) -m venv .venv-policy
	.venv-policy/bin/pip install --disable-pip-version-check -q -r deploy/kubernetes/requirements-policy.txt
	touch $@

## Render every overlay of deploy/kubernetes, validate each object against the Kubernetes schemas,
## and run checkov's policy checks (exceptions with reasons in deploy/kubernetes/checkov.yaml).
k8s-check: $(VENV)/.installed-dev .venv-policy/.installed
	bash scripts/k8s_check.sh

## ruff, the layer contract (import-linter) and the types (mypy with django-stubs).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

## The generated OpenAPI document against the NL GOV API Design Rules: zero errors (docs/api.md).
## Spectral comes from npm into tools/node (installed there when missing); the ruleset is tools/adr.
SPECTRAL := tools/node/node_modules/.bin/spectral
lint-api: $(VENV)/.installed
	test -x $(SPECTRAL) || (cd tools/node && SCARF_ANALYTICS=false npm ci --no-audit --no-fund)
	mkdir -p build
	SITE_URL=https://klusmarkt.example $(PY) manage.py spectacular --format openapi-json --file build/openapi.json --validate --fail-on-warn
	$(SPECTRAL) lint --fail-severity error -r tools/adr/linter.yaml build/openapi.json

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

## Extract new strings into locale/nl and compile the catalogue (needs GNU gettext).
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=bench --ignore=test-artifacts --ignore=locale-vendor --ignore=tools --ignore=node_modules --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv --ignore=staticfiles --ignore=tools --ignore=node_modules

## Benchmark at 1,000,000 profiles beside 100,000, interleaved, against PostgreSQL (generates the data if
## missing; the earlier pair: make bench BENCH_PROFILES=200000 BENCH_ASSIGNMENTS=20000); see docs/performance.md.
bench: $(VENV)/.installed-dev
	$(PY) -m bench.run

## Relevance of matches, alerts and recommendations on generated data (PostgreSQL); see docs/matching.md.
bench-matching: $(VENV)/.installed-dev
	$(PY) bench/matching_eval.py

## 30 s of wrk at 16 connections per page (the directory too) against gunicorn (5 workers) on 127.0.0.1.
bench-load: $(VENV)/.installed-dev
	PY=$(PY) bash bench/load.sh

backup:
	PYTHON=$(PY) bash scripts/backup.sh

restore:
	PYTHON=$(PY) bash scripts/restore.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
