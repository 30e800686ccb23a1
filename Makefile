# The README's quick start calls `make demo` and `make test`; both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The tests that start no external program and run no real crawl: unit, golden, property tests.
FAST := not e2e and not requires_redis and not requires_chromium and not requires_scrapyd

.PHONY: setup system-deps lint check test demo bench clean

# The project in .venv with its dev extras; nothing is installed outside .venv. Re-installs only
# when the project's dependencies change.
setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The programs the full suite starts: headless Chromium (and a font with Persian glyphs) for the
# report's render test (requires_chromium) and redis-server for the distributed tests
# (requires_redis). Each is installed only when missing and apt-get exists (Debian-like systems);
# elsewhere install them yourself. Needs root, or sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core \
			>/dev/null; \
	fi
	@if ! command -v redis-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
		echo "installing redis-server with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# For daily work: lint, types and the fast tests (well under 90 s on 2 cores).
check: lint
	$(BIN)/python -m pytest -q -m "$(FAST)"

# The full suite: what CI runs (.ci/run).
test: system-deps lint
	$(BIN)/python -m pytest

demo: setup
	$(BIN)/python -m newscrawl.ops.demo

# The benchmark (bench/README.md): a 20,000-article mirror crawled against `scrapy bench`, and
# extraction against trafilatura; writes bench/results.json.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: setup $(BENCH_STAMP)
	$(BIN)/python bench/crawl_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
