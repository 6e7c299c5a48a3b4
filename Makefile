# Set-up is two commands: `make demo` and `make test`. Both create .venv and install
# everything newsgraph needs into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= newsgraph.store

.PHONY: venv system-deps demo test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The bytecode cache, written here because this host sets PYTHONDONTWRITEBYTECODE: pip
# writes it for the packages it installs, but newsgraph is installed editable, so without
# this step every newsgraph command compiled its own ~60 modules again (~70 ms a build;
# `newsgraph --help` 0.13 -> 0.11 s). Up-to-date files are skipped in well under 0.1 s.
venv: $(STAMP)
	@$(BIN)/python -m compileall -q src/newsgraph

# Debian packages the exports need: Graphviz (`dot` renders the DOT export) and Chromium
# (the HTML viewer tests load the page headless). Skipped when both are on PATH.
system-deps:
	@if command -v dot >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1; then \
		echo "system-deps: dot and chromium already installed"; \
	else \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz chromium; \
	fi

demo: venv system-deps
	$(BIN)/newsgraph build examples/sample --store $(STORE)
	$(BIN)/newsgraph query dyads --store $(STORE)
	$(BIN)/newsgraph query top-actors --store $(STORE)

test: venv system-deps
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

format: venv
	$(BIN)/ruff format src tests scripts

clean:
	rm -rf $(STORE) .pytest_cache .ruff_cache

# Benchmarks of issue 5 (not part of `make test`; they need ../shared/corpus). Each script
# prints every figure with its baseline and the ratio, and saves JSON under BENCH_DIR.
# With FULL=1 (the sizes RESULTS.md records) report.py then copies them into
# benchmarks/results/ (committed) and rewrites the table in benchmarks/RESULTS.md from
# there; the smaller passes print the table and leave the committed results alone. On 2 cores:
#   make bench           ~25 min: the issue's sizes, but queries without the rdflib
#                        comparison (and killed at 10 s), memory on 10x the first 60
#                        articles, analysis --quick
#   make bench QUICK=1   ~10 min: smaller inputs, fewer repeats
#   make bench FULL=1    ~75 min: + rdflib on the 2 M-quad store, memory on 10x the whole
#                        corpus, analysis at full size (what RESULTS.md records)
# psutil (the `bench` extra) samples memory and the CPU time of --jobs workers.
BENCH_DIR ?= /tmp/newsgraph-bench
BENCH_OPTS = --workdir $(BENCH_DIR) $(if $(QUICK),--quick)

bench: venv
	@$(BIN)/python -c "import psutil" 2>/dev/null || $(BIN)/pip install --quiet -e '.[dev,bench]'
	@mkdir -p $(BENCH_DIR)/results
	$(BIN)/python benchmarks/startup.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/rebuild.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/queries.py $(BENCH_OPTS) $(if $(FULL),,--no-rdflib --ox-cap 10)
	$(BIN)/python benchmarks/query_floor.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/build_throughput.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/core_throughput.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/profile_build.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/store_effect.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/parallel.py $(BENCH_OPTS)
	$(BIN)/python benchmarks/memory.py $(BENCH_OPTS) $(if $(FULL),--full)
	$(BIN)/python benchmarks/analysis.py $(if $(FULL),,--quick) | tee $(BENCH_DIR)/results/analysis.txt
	$(BIN)/python benchmarks/report.py --workdir $(BENCH_DIR) $(if $(FULL),--write)
