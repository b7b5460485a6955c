# Two commands do all set-up: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
ASSETS := portal/static/govuk/govuk-frontend.min.css

.DEFAULT_GOAL := help
.PHONY: help run test lint format assets migrate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

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
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(BIN)/activate assets ## Run every test (set TEST_DATABASE_URL to use PostgreSQL)
	$(BIN)/pytest

lint: $(BIN)/activate ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate ## Fix style with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, assets and the development database
	rm -rf $(VENV) node_modules portal/static/govuk instance
