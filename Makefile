# The two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-full bench-readme clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@# An editable install compiles nothing; without bytecode every command recompiles the package.
	$(BIN)/python -m compileall -q src > /dev/null
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/orgaudit demo

AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

# The browser form's tests (tests/test_form_browser.py) need Debian's chromium and axe-core.
test: $(STAMP)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "browser tests skipped; to run them: sudo apt-get install -y chromium chromium-driver"; fi
	@test -f $(AXE) || npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core || \
	  echo "accessibility test skipped; to run it: npm install --prefix $(VENV)/axe axe-core"
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# Benchmarks, not tests: each target a median of paired ratios (bench/run.py). Exit 1 when one is missed.
bench: $(STAMP)
	$(BIN)/python bench/run.py --json bench/results.json

bench-full: $(STAMP)
	BENCH_FULL=1 $(BIN)/python bench/run.py --json bench/results.json

# README.md's table from the last results (and a 100,000-file run kept beside them, if any).
bench-readme:
	$(BIN)/python bench/readme_table.py $(wildcard bench/results*.json) --write

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
