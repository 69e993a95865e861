# The two commands that matter: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := web/static/app.css
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: run test bench eval venv assets clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# GOV.UK Frontend, pinned in package-lock.json, compiled with Arial instead of the GOV.UK typeface.
$(ASSETS): package-lock.json web/assets/app.scss web/assets/app.js web/assets/js-enabled.js
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p web/static
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map web/assets/app.scss $(ASSETS)
	cp $(GOVUK)/govuk-frontend.min.js web/assets/app.js web/assets/js-enabled.js web/static/

assets: $(ASSETS)

## Serve the demo on http://127.0.0.1:5000 (loads the demo data when the store is empty)
run: $(STAMP) $(ASSETS)
	$(BIN)/tracker demo --if-empty
	$(BIN)/tracker serve

## The whole test suite (PostgreSQL tests skip with a notice when no server is reachable, unless REQUIRE_POSTGRES=1)
test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest

## Benchmarks, with a baseline measured in the same run (not part of `make test`)
bench: $(STAMP) $(ASSETS)
	@command -v wrk >/dev/null 2>&1 || { S=""; [ "$$(id -u)" -eq 0 ] || S="sudo -n"; \
	  $$S env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk || { $$S apt-get update -q && \
	  $$S env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }; }
	$(BIN)/python -m bench.bench_core
	$(BIN)/python -m bench.bench_extract
	$(BIN)/python -m bench.bench_import
	$(BIN)/python -m bench.bench_chase
	$(BIN)/python -m bench.bench_web

## Precision and recall of the minutes extractor on the labelled development and held-out minutes
eval: $(STAMP)
	$(BIN)/python -m tests.eval.run_eval

clean:
	rm -rf $(VENV) instance build *.egg-info node_modules web/static
