# The README's quick start calls `make demo` and `make test`; both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps test lint demo bench clean

setup: system-deps $(STAMP)

# Headless Chromium (and a font with Persian glyphs) for the report's render test, and redis-server
# for the distributed tests. Each is installed only when missing and apt-get exists (Debian-like
# systems); elsewhere install them yourself. Needs root, or sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core \
			>/dev/null; \
	fi
	@# redis-server for the distributed tests (each test session starts its own on a free port)
	@if ! command -v redis-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
		echo "installing redis-server with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

# Re-install only when the project's dependencies change (idempotent).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

demo: setup
	$(BIN)/python -m newscrawl.ops.demo

# The benchmark (README, Benchmark): a 20,000-article mirror crawled against `scrapy bench`, and
# extraction against trafilatura; writes bench/results.json. About 5 minutes on 2 cores.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: setup $(BENCH_STAMP)
	$(BIN)/python bench/crawl_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
