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

.PHONY: help install assets demo serve test lint typecheck checks pytest browser-deps bench clean

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

bench: assets ## Generate the national population and time the hot paths on PostgreSQL; writes docs/benchmarks.md
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/saferelease bench --write docs/benchmarks.md

clean: ## Remove build output and the local database
	rm -rf static_build staticfiles var/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache
