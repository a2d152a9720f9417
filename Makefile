# Fangzhi: `make run` for a local site, `make test` for the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2
export FANGZHI_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint check-migrations test-sqlite test-postgres test-e2e system-deps messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/fangzhi migrate --noinput
	$(BIN)/fangzhi collectstatic --noinput --verbosity 0
	$(BIN)/fangzhi demo
	$(BIN)/fangzhi serve --addr 127.0.0.1:8000

system-deps:
	bash scripts/system-deps.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check fangzhi tests bench

check-migrations: $(VENV)/.installed-test
	FANGZHI_DATA_DIR=$$(mktemp -d) $(BIN)/fangzhi makemigrations --check --dry-run

test-sqlite: $(VENV)/.installed-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not e2e" -q

test-postgres: $(VENV)/.installed-test
	@url=$$($(BIN)/python scripts/pg-test-url.py); \
	if [ -z "$$url" ]; then echo "PostgreSQL not reachable: skipping the PostgreSQL run"; \
	else echo "Running the suite on PostgreSQL ($$url)"; \
	FANGZHI_TEST_DATABASE_URL=$$url $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not e2e" -q; fi

test-e2e: $(VENV)/.installed-test system-deps
	$(BIN)/pytest -m e2e -q

test: system-deps lint check-migrations test-sqlite test-postgres test-e2e

messages: $(VENV)/.installed-test
	$(BIN)/python scripts/compile-messages.py

clean:
	rm -rf $(VENV) var
