# Set-up is two commands: `make demo` and `make test`. Both create .venv and install
# everything newsgraph needs into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= newsgraph.store

.PHONY: venv demo test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(BIN)/newsgraph build examples/sample --store $(STORE)
	$(BIN)/newsgraph query dyads --store $(STORE)
	$(BIN)/newsgraph query top-actors --store $(STORE)

test: venv
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

format: venv
	$(BIN)/ruff format src tests scripts

clean:
	rm -rf $(STORE) .pytest_cache .ruff_cache
