# Safe Release. Two commands: `make demo` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# make pytest runs the tests in parallel, one worker per core (pytest-xdist; each worker has
# its own test database), and keeps PostgreSQL's test databases between runs (pytest-django
# --reuse-db: new migrations are applied; PYTEST_PARALLEL="-n auto --create-db" rebuilds
# them, PYTEST_PARALLEL="-n 0" runs in one process). SQLite's test database is in memory.
PYTEST_PARALLEL ?= -n auto --reuse-db
# make bench measures on PostgreSQL (the targets are for it); BENCH_DATABASE_URL= (empty) uses a throwaway SQLite file.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/saferelease_bench

.PHONY: help install assets demo serve test lint typecheck checks pytest browser-deps bench clean worker beat loadtest

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static_build/application.css: node_modules/.installed $(shell find frontend -type f 2>/dev/null)
	npm run build

install: $(VENV)/.installed node_modules/.installed ## Create the virtual environment, install Python and npm dependencies

assets: install static_build/application.css ## Build the front-end assets into static_build/

demo: assets ## Install everything, migrate SQLite, load demo data, print sign-ins, serve on 127.0.0.1:$(PORT) (DEBUG off)
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/saferelease demo --port $(PORT)

browser-deps: ## Install Debian's chromium for the browser tests when it is missing
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

lint: install ## ruff format check and lint
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install ## mypy
	$(BIN)/mypy saferelease config tests

checks: install ## Django system checks, deploy checks and makemigrations --check
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
	  DJANGO_ALLOWED_HOSTS=saferelease.example DATABASE_URL=$${DATABASE_URL:-sqlite:///var/check.sqlite3} \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

pytest: assets browser-deps ## Run the test suite in parallel (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test: assets browser-deps lint typecheck checks pytest ## Install what tests need and run every check

# make serve: production settings on the local PostgreSQL (SERVE_DATABASE_URL), plain HTTP on
# 127.0.0.1 (no TLS here, so no redirect to HTTPS); a throwaway secret key unless one is set.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/saferelease
SERVE_ENV = DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=$(SERVE_DATABASE_URL) \
  DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-serve-local-$$(hostname)-0123456789abcdefghijklmnopqrstuvwxyz} \
  DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} DJANGO_SECURE_SSL_REDIRECT=false PORT=$(PORT)

serve: assets ## gunicorn with the production settings on the local PostgreSQL (workers from the CPU count; whitenoise)
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput >/dev/null
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput >/dev/null
	$(SERVE_ENV) $(BIN)/gunicorn config.wsgi -c config/gunicorn.conf.py

LOADTEST_USERS ?= 50
LOADTEST_TIME ?= 2m
# The same settings and secret key as `make serve`: the simulated users' sessions are made here.
loadtest: install ## Locust (headless) against `make serve`: LOADTEST_USERS users for LOADTEST_TIME; writes docs/loadtest.md
	$(SERVE_ENV) $(BIN)/saferelease loadtest --host http://127.0.0.1:$(PORT) \
	  --users $(LOADTEST_USERS) --run-time $(LOADTEST_TIME) --write docs/loadtest.md

worker: install ## A Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install ## Celery beat: sends the schedule kept in the database (django-celery-beat)
	$(BIN)/celery -A config beat --loglevel=INFO

bench: assets ## Generate the national population and time the hot paths on PostgreSQL; writes docs/benchmarks.md
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/saferelease bench --write docs/benchmarks.md

clean: ## Remove build output and the local database
	rm -rf static_build staticfiles var/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache
