# Two commands do all set-up: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
ASSETS := portal/static/govuk/govuk-frontend.min.css

.DEFAULT_GOAL := help
.PHONY: help run serve worker cron test test-suite test-load audit lint format assets migrate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/govuk-frontend/package.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(ASSETS): node_modules/govuk-frontend/package.json
	rm -rf portal/static/govuk
	mkdir -p portal/static/govuk
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css \
	   node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js portal/static/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets portal/static/govuk/assets

assets: $(ASSETS) ## Fetch GOV.UK Frontend from npm and copy its assets into portal/static

migrate: $(BIN)/activate ## Bring the database schema up to date
	mkdir -p instance
	$(FLASK) db upgrade

run: $(BIN)/activate assets migrate ## Serve the portal with demo data on http://127.0.0.1:5000
	$(FLASK) demo-data --if-empty
	@echo "Serving on http://127.0.0.1:5000 (the logs below hide addresses by design)"
	$(FLASK) run --host 127.0.0.1 --port 5000

# Production: settings come from the environment (see docs/deployment.md). Migrations are safe to
# run from every machine at once: PostgreSQL lets one through and the rest find nothing to do.
serve: $(BIN)/activate assets ## Migrate, then serve with gunicorn (PORTAL_ENV=production)
	PORTAL_ENV=production $(FLASK) db upgrade
	PORTAL_ENV=production exec $(BIN)/gunicorn --config gunicorn.conf.py

worker: $(BIN)/activate ## Run background jobs from REDIS_URL (rq worker --with-scheduler)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL: jobs run inline without Redis." >&2; exit 1; }
	PORTAL_ENV=production exec $(BIN)/rq worker --with-scheduler --config portal.rq_settings \
	  --url "$$REDIS_URL" "$${JOB_QUEUE:-portal}"

cron: $(BIN)/activate ## Enqueue scheduled jobs on time (run exactly one per deployment)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL, or use the system's cron (docs/deployment.md)." >&2; exit 1; }
	PORTAL_ENV=production exec $(BIN)/rq cron --config portal.rq_settings --url "$$REDIS_URL" portal.cron

test: test-suite test-load ## Run every test: the suite, then the load and outage tests

test-suite: $(BIN)/activate assets ## The suite without load tests (TEST_DATABASE_URL picks the database)
	$(BIN)/pytest

# Starts its own PostgreSQL cluster and gunicorn; LOAD_CLIENTS, LOAD_SECONDS, LOAD_REPORT tune it.
test-load: $(BIN)/activate ## Load and database-outage tests against gunicorn and PostgreSQL
	$(BIN)/pytest -m load tests/load

audit: $(BIN)/activate ## Check every pinned dependency for known vulnerabilities (pip-audit)
	.ci/audit

lint: $(BIN)/activate ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate ## Fix style with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, assets and the development database
	rm -rf $(VENV) node_modules portal/static/govuk instance
