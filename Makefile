# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
BUILD := src/safeguarding/static/build
# Development defaults; production sets its own environment (docs/deployment.md).
DEV_ENV := DEBUG=true SECRET_KEY=$${SECRET_KEY:-insecure-development-key}
TEST_ENV := TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend DEBUG=false SECRET_KEY=test-only-secret-key ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: run install assets demo test lint pytest test-deps bench clean

run: install assets
	@mkdir -p var
	$(DEV_ENV) $(BIN)/safeguarding demo
	@echo "Serving the Hub on http://$(HOST):$(PORT)/ (Ctrl-C to stop); background tasks log to var/worker.log"
	@$(DEV_ENV) $(BIN)/safeguarding db_worker --queue-name '*' > var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEV_ENV) $(BIN)/safeguarding runserver $(HOST):$(PORT)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv sync --frozen --inexact --python $(BIN)/python
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: $(BUILD)/hub.css $(BUILD)/govuk-frontend.min.js

$(BUILD)/hub.css: node_modules/.installed src/safeguarding/static/scss/hub.scss
	npm run --silent build

$(BUILD)/govuk-frontend.min.js: node_modules/.installed
	@mkdir -p $(BUILD)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

demo: install
	@mkdir -p var
	$(DEV_ENV) $(BIN)/safeguarding demo

test: install assets test-deps lint pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(TEST_ENV) $(BIN)/mypy
	$(TEST_ENV) SAFEGUARDING_VAR_DIR=$$(mktemp -d) $(BIN)/safeguarding makemigrations --check --dry-run

pytest: install assets
	$(TEST_ENV) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The browser tests drive Debian's chromium (never `playwright install`).
test-deps:  # Debian's chromium for the browser tests, poppler-utils for reading PDFs back
	@missing=""; \
	  [ -x /usr/bin/chromium ] || missing="chromium chromium-driver"; \
	  command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian's $$missing for the tests"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  fi

bench: install assets
	$(TEST_ENV) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules $(BUILD) var .mypy_cache .ruff_cache .hypothesis
