# The two commands that matter: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## Serve the demo on http://127.0.0.1:5000 (loads the demo data when the store is empty)
run: $(STAMP)
	$(BIN)/tracker demo --if-empty
	$(BIN)/tracker serve

## The whole test suite (PostgreSQL tests skip with a notice when no server is reachable, unless REQUIRE_POSTGRES=1)
test: $(STAMP)
	$(BIN)/python -m pytest

## Benchmarks, with a baseline measured in the same run (not part of `make test`)
bench: $(STAMP)
	$(BIN)/python -m bench.bench_core

clean:
	rm -rf $(VENV) instance build *.egg-info
