# make demo: set up, build the graph from ../shared/corpus/seeds, run example queries.
# make test: set up, lint (ruff, mypy), run the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
SEEDS  ?= $(SHARED)/corpus/seeds
OUT    ?= build

.PHONY: setup demo test lint system-deps web-deps bench clean release

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

system-deps:
	bash scripts/install-system-deps.sh

# npm ci only when package.json or package-lock.json changed since the last install
# (node_modules/.package-lock.json is npm's own record of it; a rerun took 27 s).
WEB := orthokg/server/web
web-deps: $(if $(wildcard $(WEB)/package.json),$(WEB)/node_modules/.package-lock.json)

$(WEB)/node_modules/.package-lock.json: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed system-deps web-deps

demo: setup
	bash scripts/demo.sh "$(SEEDS)" "$(OUT)"

# make release: the release artefacts of the seed corpus (VERSION=... to name it).
release: $(VENV)/.installed
	$(BIN)/orthokg release "$(SEEDS)" --out "$(OUT)/release" \
	  --report-queries "$(SHARED)/robot-report" $(if $(VERSION),--version "$(VERSION)")

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup lint
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/queries.py

clean:
	rm -rf $(OUT) .pytest_cache
