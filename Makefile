# Keyworker Family Portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app portal
PORT ?= 5000
# The PostgreSQL server the second test run uses (trust authentication).
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver

ASSET_SOURCES := $(shell find portal/assets scripts easyread/pictograms/svg -type f 2>/dev/null)

.PHONY: help demo test test-steps lint format translations assets browser install install-test lock clean serve bench load-tool

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

demo: install assets ## Install everything, create the SQLite database with demo data, and serve on http://127.0.0.1:$(PORT) (links in messages use that port)
	@mkdir -p instance
	$(FLASK) db-upgrade
	FLASK_RUN_PORT=$(PORT) $(FLASK) seed-demo
	@echo ""
	@echo "The portal is at http://127.0.0.1:$(PORT)/ (staff: http://127.0.0.1:$(PORT)/staff/sign-in)."
	@echo "Text messages: try them with simulate-sms, as shown above (docs/messaging.md)."
	@echo "Press Ctrl+C to stop it."
	FLASK_RUN_PORT=$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# The budget for `make test` from a clean clone, installs included, on a 2-core machine.
TEST_BUDGET_SECONDS := 720

test: ## Install what tests need, lint, then run the tests: database tests on SQLite and PostgreSQL, the rest once
	@start=$$(date +%s); status=0; \
	$(MAKE) --no-print-directory test-steps || status=$$?; \
	took=$$(( $$(date +%s) - start )); \
	echo "make test took $$took seconds, installs included (budget: $(TEST_BUDGET_SECONDS) seconds from a clean clone)."; \
	if [ $$status -eq 0 ] && [ $$took -gt $(TEST_BUDGET_SECONDS) ]; then echo "That is over the budget."; fi; \
	exit $$status

test-steps: install-test assets browser lint
	scripts/test-on-both-databases.sh $(PY) "$(TEST_POSTGRES_URL)"

lint: install-test ## Check code style (ruff) and types (mypy on all of portal and easyread)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install-test ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

translations: install-test ## Update translations/messages.pot from the code and templates
	$(VENV)/bin/pybabel --quiet extract --mapping-file=babel.cfg --omit-header --sort-by-file \
		--add-location=file --output-file=translations/messages.pot .

bench: install assets load-tool ## Run the benchmarks in bench/ (easy-read timings, page weight, risk triage, feedback collation, load, scale-out)
	$(PY) bench/easyread_check.py
	$(PY) bench/page_weight.py
	$(PY) bench/triage.py
	$(PY) bench/feedback_collation.py
	$(PY) bench/load.py
	$(PY) bench/scale_out.py

load-tool: ## Install wrk, the load generator bench/load.py uses, from Debian's packages, if missing
	@if command -v wrk >/dev/null; then \
		echo "wrk is installed."; \
	else \
		echo "Installing wrk from Debian's packages..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

serve: install assets ## Serve the portal on the existing database, without adding demo data
	$(FLASK) db-upgrade
	FLASK_RUN_PORT=$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: $(VENV)/bin/python requirements/runtime.txt pyproject.toml
	$(VENV)/bin/pip install --quiet -r requirements/runtime.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-runtime requirements/test.txt
	$(VENV)/bin/pip install --quiet -r requirements/test.txt
	@touch $@

install: $(VENV)/.installed-runtime ## Create .venv and install the Python packages the portal needs

install-test: $(VENV)/.installed-test ## Install the Python packages the tests need as well

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

portal/static/dist/manifest.json: node_modules/.installed $(ASSET_SOURCES)
	npm run --silent build

assets: portal/static/dist/manifest.json ## Build the front-end assets (NHS.UK frontend, own CSS and JS)

browser: ## Install Debian's Chromium and chromedriver for the accessibility tests, if missing
	@if [ -x "$(CHROMIUM)" ] && [ -x "$(CHROMEDRIVER)" ]; then \
		echo "Chromium and chromedriver are installed."; \
	else \
		echo "Installing Chromium and chromedriver from Debian's packages..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

lock: $(VENV)/bin/python ## Re-pin requirements/*.txt from the ranges in pyproject.toml
	rm -rf /tmp/portal-lock-venv && $(PYTHON) -m venv /tmp/portal-lock-venv
	/tmp/portal-lock-venv/bin/pip install --quiet .
	{ echo "# Packages the portal needs to run, pinned. Regenerate with \`make lock\`."; \
	  /tmp/portal-lock-venv/bin/pip freeze | grep -vi keyworker-family-portal; } > requirements/runtime.txt
	/tmp/portal-lock-venv/bin/pip install --quiet ".[test]"
	{ echo "# Every package the tests need, pinned. Regenerate with \`make lock\`."; \
	  /tmp/portal-lock-venv/bin/pip freeze | grep -vi keyworker-family-portal; } > requirements/test.txt

clean: ## Remove the virtual environment, node_modules, built assets and the demo database
	rm -rf $(VENV) node_modules portal/static/dist instance
