# The one entry point: `make run` grades the bundled reference, `make test` runs our own tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser node-deps run test test-fast test-slow lint format bench clean wrk

install: $(STAMP)

# Browser tests drive Debian's chromium headless; Playwright's own browser download is not used.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
		|| { echo "could not install chromium: install Debian's chromium package, then re-run"; exit 2; }; }

# The whatsapp-api-js target of the real-library tests needs its npm package, pinned in
# its package.json (no lock file: it has no dependencies); re-installed only when that
# changes. Without npm the tests run, and that one fails saying what to install.
JSAPI := tests/real_libraries/node
JSAPI_STAMP := $(JSAPI)/node_modules/.wa-harness-installed

node-deps: $(JSAPI_STAMP)

$(JSAPI_STAMP): $(JSAPI)/package.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(JSAPI) && npm install --loglevel=error && touch $(CURDIR)/$@; \
	else echo "npm not found: the whatsapp-api-js test will fail until Node.js 20+ and npm are installed"; fi

# Re-installs only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/wa-harness run --json reports/report.json --junit reports/junit.xml \
		--html reports/report.html --transcript reports/transcript.txt

# Two workers per core (pytest-xdist; tests/conftest.py says why); a file's tests stay on
# one worker, so a module's shared runs (the seeded defects) start once. Tests marked slow
# (whole graded runs: the conformance runs and seeded defects, the real libraries, Locust
# swarms, long explorations) are `make test-slow`; CI runs both.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: $(STAMP) browser node-deps
	$(BIN)/python -m pytest -q $(PYTEST_PARALLEL) -m "not slow"

# The fast loop while changing a module: its unit tests and the fuzzers, no whole runs.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_PARALLEL) -m "not slow" tests/unit tests/fuzz

test-slow: $(STAMP) browser node-deps
	$(BIN)/python -m pytest -q $(PYTEST_PARALLEL) -m slow

# mypy (strict, over harness/) and lint-imports (ARCHITECTURE.md's dependency rule)
# read their settings from pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Figures, never assertions: whole runs, load rates, the recording tap's added latency, and
# exploration's rates (the last two import the sample targets, hence PYTHONPATH).
bench: $(STAMP) wrk
	$(BIN)/python benchmarks/full_run.py
	$(BIN)/python benchmarks/load_rates.py
	PYTHONPATH=. $(BIN)/python benchmarks/record_tap.py
	PYTHONPATH=. $(BIN)/python benchmarks/explore_rates.py

# The load benchmarks compare with wrk, Debian's HTTP benchmarking tool.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "installing Debian's wrk for the load benchmarks"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null \
		|| { echo "could not install wrk: install Debian's wrk package, then re-run"; exit 2; }; }

clean:
	rm -rf $(VENV) reports .pytest_cache $(JSAPI)/node_modules
