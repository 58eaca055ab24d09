# The two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-slow test-all browser-deps lint bench bench-full bench-readme clean messages messages-extract messages-update messages-compile

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
browser-deps: $(STAMP)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "browser tests skipped; to run them: sudo apt-get install -y chromium chromium-driver"; fi
	@test -f $(AXE) || npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core || \
	  echo "accessibility test skipped; to run it: npm install --prefix $(VENV)/axe axe-core"

# Both cores; tests sharing an expensive fixture (the demo's run, a module's PDF) stay on one
# worker (--dist loadgroup; tests/conftest.py names the groups), and the slow modules start first
# (conftest.py's order, kept by --no-loadscope-reorder).
PYTEST := $(BIN)/python -m pytest -q -n auto --dist loadgroup --no-loadscope-reorder

# `make test` is the suite to run after every change: everything but the tests marked slow (each
# PDF render, the long browser walks, the wheel install and the killed processes take seconds).
# `make test-slow` runs those; CI runs both (.ci/run), `make test-all` runs both at once.
test: browser-deps
	$(PYTEST) -m "not slow"

test-slow: browser-deps
	$(PYTEST) -m slow

test-all: browser-deps
	$(PYTEST)

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

# Program messages (issue 17): Babel extracts them into the template catalog, merges it into each
# language's catalog, and compiles the .mo files shipped in the package. `make messages` runs all
# three; tests/test_i18n.py fails when the catalogs are behind the sources.
LOCALE := src/orgaudit/locale
POT := $(LOCALE)/orgaudit.pot
PYBABEL := $(BIN)/pybabel

messages-extract: $(STAMP)
	$(PYBABEL) -q extract -F babel.cfg -k N_ -k pgettext:1c,2 --no-location --sort-output -w 100 \
	  --project=orgaudit -o $(POT) .

messages-update: messages-extract
	$(PYBABEL) -q update -i $(POT) -d $(LOCALE) -D orgaudit -w 100 --ignore-pot-creation-date \
	  --ignore-obsolete --no-fuzzy-matching

messages-compile: $(STAMP)
	$(PYBABEL) -q compile -d $(LOCALE) -D orgaudit --statistics

messages: messages-update messages-compile

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
