# Bahth: the two quick-start commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
INDEX  ?= index
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run index test test-all lint clean bench-install bench-performance bench-relevance bench-reliability

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Build the sample index if there is none, then serve it.
run: install
	@test -f $(INDEX)/CURRENT || $(BIN)/bahth index build sample --index $(INDEX)
	$(BIN)/bahth serve --index $(INDEX) --host $(HOST) --port $(PORT)

# Rebuild the index from the sample corpus.
index: install
	$(BIN)/bahth index build sample --index $(INDEX)

# The tests but those marked slow (skipped with the reason shown).
test: install
	$(BIN)/python -m pytest -q

# Every test, the slow ones too (what CI runs).
test-all: install
	$(BIN)/python -m pytest -q --slow

# Style and import order (ruff: search/, web/, tests/, bench/) and types (mypy: search/, web/);
# both run, and either failing fails the target. Settings in pyproject.toml.
lint: install
	@status=0; \
	$(BIN)/ruff check || status=1; \
	$(BIN)/mypy || status=1; \
	exit $$status

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache

bench-install: $(VENV)/.bench-installed

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

# Speed and memory beside SQLite FTS5 and tantivy (writes docs/performance.md).
bench-performance: bench-install
	$(BIN)/python bench/performance.py

# Known-item relevance beside tantivy's Snowball Arabic, with ablations (writes docs/relevance.md).
bench-relevance: bench-install
	$(BIN)/python bench/relevance.py

# Sustained load on gunicorn while the index is rebuilt twice (figures for docs/reliability.md).
bench-reliability: bench-install
	$(BIN)/python bench/reliability.py
