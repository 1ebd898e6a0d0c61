# BKBK Jamsostek analytics. `make` (or `make help`) lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PERIOD ?= latest
JOBS ?=

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/bkbk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

.PHONY: setup
setup: system-deps $(BIN)/bkbk ## Create the virtual environment (.venv) and install the project

.PHONY: system-deps
system-deps: ## Install Debian libraries for PDF rendering (pango, fonts) when missing
	@bash scripts/system_deps.sh

data/demo/dataset.toml: | $(BIN)/bkbk
	$(BIN)/bkbk demo-data

.PHONY: demo-data
demo-data: $(BIN)/bkbk ## Write the synthetic demo dataset to data/demo
	$(BIN)/bkbk demo-data

.PHONY: report
report: setup data/demo/dataset.toml ## Render the latest quarter of the demo data into reports/
	$(BIN)/bkbk report --period $(PERIOD) $(if $(JOBS),--jobs $(JOBS))

.PHONY: validate
validate: $(BIN)/bkbk ## Validate a dataset (DATA=folder, default the demo)
	$(BIN)/bkbk validate $(or $(DATA),data/demo)

.PHONY: test
test: setup ## Run the whole test suite (unit, property, notebooks, end to end)
	$(BIN)/pytest --nbval-lax tests notebooks

.PHONY: lab
lab: setup data/demo/dataset.toml ## Start JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lint
lint: $(BIN)/bkbk ## Run ruff and check that notebooks carry no outputs
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/nbstripout --verify --keep-id notebooks/*/*.ipynb

.PHONY: bench
bench: $(BIN)/bkbk data/demo/dataset.toml ## Run the benchmarks (loading, metrics, reports, report sections, reconcile)
	$(BIN)/python benchmarks/bench_loading.py
	$(BIN)/python benchmarks/bench_metrics.py
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_sections.py
	$(BIN)/python benchmarks/bench_reconcile.py

.PHONY: clean
clean: ## Remove generated data, reports and caches, the dataset cache included (keeps .venv)
	if [ -x $(BIN)/bkbk ]; then $(BIN)/bkbk cache --clear; fi
	rm -rf data/demo/*.csv data/demo/dataset.toml data/processed/* reports/* reports/.cache .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV)
