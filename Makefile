# Awaaz: `make help` lists the targets. Everything installs into .venv/ in this folder.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help install run setup test test-deps test-browser eval lint typecheck messages i18n-check bench ci clean browser-deps

help: ## Show this list of targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv/ and install Awaaz with its development tools

setup: install ## Migrate the SQLite database and load reference and demo data (idempotent)
	$(BIN)/awaaz setup

run: setup ## Install, set up and serve Awaaz at http://127.0.0.1:8000
	@echo
	@echo "  Awaaz is starting at http://$(HOST):$(PORT)/  (English: /en/, Urdu: /ur/)"
	@echo "  Stop it with Ctrl+C."
	@echo
	$(BIN)/awaaz runserver $(HOST):$(PORT)

test: install test-deps ## Run the whole test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

test-deps: ## Install the Debian tools some tests use (poppler-utils reads back generated PDFs)
	@command -v pdftoppm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq poppler-utils; fi; }

browser-deps: ## Install Debian's Chromium and Urdu fonts for the browser tests (needs root or sudo)
	@dpkg -s chromium fonts-noto-core >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium fonts-noto-core; fi; }

test-browser: install browser-deps ## Run the browser tests in Debian's Chromium (Playwright)
	$(BIN)/pytest -q -m browser

lint: install ## Check the code with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install ## Check types with mypy (strict, django-stubs)
	$(BIN)/mypy awaaz bench tests conftest.py

messages: install ## Extract new strings into every app's Urdu catalogue (needs GNU gettext)
	@for d in awaaz/*/locale; do (cd $$(dirname $$d) && ../../$(BIN)/python ../../manage.py makemessages -l ur --no-obsolete --no-location -v 0); done
	$(BIN)/awaaz i18n_compile

i18n-check: install ## Fail if any user-facing string lacks an Urdu translation
	$(BIN)/awaaz i18n_check

bench: install ## Page weight, requests per second, dashboard with 1M pledges (bench/README.md)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq wrk >/dev/null 2>&1; } || echo "wrk is not installed: using the Python load client"
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.pledges
	$(BIN)/python -m bench.movement
	$(BIN)/python -m bench.reports
	$(BIN)/python -m bench.extract
	$(BIN)/python -m bench.dedup
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.photos
	$(BIN)/python -m bench.events
	$(BIN)/python -m bench.stats

eval: setup ## Score the evidence extractor on its gold set, field by field (docs/codebook.md)
	$(BIN)/awaaz evidence_eval

ci: ## Run what CI runs (.ci/run)
	bash .ci/run

clean: ## Remove the virtual environment and local data (var/)
	rm -rf $(VENV) var
