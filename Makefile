# Engine Room — run `make help` for the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTEST := $(BIN)/pytest -p no:cacheprovider
export ENGINEROOM_VAR ?= $(CURDIR)/var
STAMP := $(VENV)/.installed
VENDOR := src/engineroom/web/static/vendor/.built

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# --- set-up -----------------------------------------------------------------------------------
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $@

.PHONY: install
install: $(STAMP) ## Create the virtual environment and install Engine Room with its tools

frontend/node_modules/.package-lock.json: frontend/package.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR): frontend/node_modules/.package-lock.json frontend/build.mjs
	cd frontend && node build.mjs
	touch $@

.PHONY: frontend
frontend: $(VENDOR) ## Build the NHS.UK frontend and htmx into static files

.PHONY: system-deps
system-deps: ## Install Debian packages the tests need (Chromium, PostgreSQL) if missing
	scripts/system-deps.sh

.PHONY: migrate
migrate: install frontend ## Create or update the local database
	ENGINEROOM_DEMO=1 $(BIN)/engineroom manage migrate -- --verbosity 0

.PHONY: demo-data
demo-data: migrate ## Generate the demo region, accounts and population (FULL=1: all ~1.2 M people)
	ENGINEROOM_DEMO=1 $(BIN)/engineroom demo $(if $(FULL),--population-scale 1.0,)

.PHONY: demo
demo: demo-data ## Set up everything and serve the demo at http://127.0.0.1:8000 (gunicorn)
	@echo "Serving http://127.0.0.1:8000 — demo accounts are listed on the sign-in page."
	ENGINEROOM_DEMO=1 $(BIN)/engineroom serve

.PHONY: serve-dev
serve-dev: migrate ## Serve the demo with Django's development server (one process, static files as edited)
	ENGINEROOM_DEMO=1 ENGINEROOM_DEBUG=1 $(BIN)/engineroom serve --dev

# --- checks and tests -------------------------------------------------------------------------
# Coverage of src is gathered by the unit, integration, spec and scenario tiers (each appends)
# and checked once by `make coverage`; the Spark and browser tiers add under 0.2% and skip it.
COV := --cov --cov-append --cov-report= --cov-fail-under=0

.PHONY: check
check: install frontend ## Lint: ruff, import contracts, thin views and sizes, migrations up to date, templates
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(PYTEST) -q tests/unit/web/test_layout.py
	ENGINEROOM_DEMO=1 ENGINEROOM_VAR=$$(mktemp -d) $(BIN)/engineroom manage makemigrations -- --check --dry-run
	$(BIN)/djlint src --lint --quiet

.PHONY: coverage-erase
coverage-erase: install ## Forget coverage from earlier runs (make test starts with it)
	$(BIN)/coverage erase

.PHONY: test-unit
test-unit: install frontend ## Unit tests (no database)
	$(PYTEST) -n 2 $(COV) tests/unit

.PHONY: test-integration
test-integration: install frontend ## Integration tests (SQLite database built by factories, files, engines)
	$(PYTEST) -n 2 $(COV) tests/integration -m "not spark"

.PHONY: test-spec
test-spec: install frontend ## The analytics engine's spec suite on DuckDB
	$(PYTEST) -n 2 $(COV) tests/spec -m "not spark"

.PHONY: test-scenarios
test-scenarios: install frontend ## The stories of SCENARIOS.md through the pages, over the demo region
	$(PYTEST) -n 2 $(COV) tests/scenarios

.PHONY: test-spark
test-spark: install ## The analytics spec suite on PySpark (one Spark session per worker; slow start-up)
	$(PYTEST) -n 2 -m spark tests

.PHONY: test-postgres
test-postgres: install frontend system-deps ## Database tests again on a throwaway PostgreSQL (lake-only tests skip it)
	scripts/with-postgres.sh $(PYTEST) -n 2 tests/integration -m "not spark and not e2e" \
	  --ignore tests/integration/population
	scripts/with-postgres.sh $(PYTEST) -n 2 tests/scenarios

.PHONY: test-e2e
test-e2e: install frontend system-deps ## Browser tests in headless Chromium with axe
	$(PYTEST) -n 2 tests/e2e -m e2e

.PHONY: coverage
coverage: install ## Report coverage gathered by the test tiers; fails under the floor in pyproject.toml
	$(BIN)/coverage report

.PHONY: test-fast
test-fast: check ## Lint, unit tests and the fast integration tests (about a minute)
	$(PYTEST) -n 2 tests/unit tests/integration -m "not spark and not slow"

.PHONY: test
test: system-deps check coverage-erase test-unit test-integration test-spec test-scenarios test-spark test-postgres test-e2e coverage ## Everything CI runs

.PHONY: bench
BENCH_PEOPLE ?= 150000
bench: install frontend system-deps ## Benchmarks (not part of make test; the load test needs PostgreSQL; BENCH_PEOPLE=1500000 for the pipeline at scale); results in benchmarks/results
	@echo "== benchmarks/pipeline/run.py --people $(BENCH_PEOPLE)"
	$(PY) benchmarks/pipeline/run.py --people $(BENCH_PEOPLE)
	@for b in benchmarks/board_pack/run.py benchmarks/oversight/region.py benchmarks/engagement/themes.py benchmarks/engagement/import_responses.py benchmarks/load/run.py; do echo "== $$b"; $(PY) $$b || exit 1; done
	@echo "== benchmarks/record/latency.py (the shared record on the pipeline's lake)"
	$(PY) benchmarks/record/latency.py --lake var/bench/$$(($(BENCH_PEOPLE) / 1000))k/duckdb

.PHONY: clean
clean: ## Remove local state (database, lake, generated feeds)
	rm -rf var
