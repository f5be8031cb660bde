# Two commands matter: `make lab` (open the course) and `make test` (run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888

.PHONY: lab test test-fast lint exercises bench bench-speed bench-accuracy bench-grading browser clean help venv

help:
	@echo "make lab        create .venv if needed and open the course in JupyterLab"
	@echo "make test       create .venv if needed and run every test (lint, unit, notebooks, nbgrader, browser)"
	@echo "make test-fast  unit and CLI tests only"
	@echo "make exercises  regenerate exercises/ from solutions/ with nbgrader"
	@echo "make bench      accuracy, engine speed and cohort-grading speed benchmarks"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --port=$(PORT) --ServerApp.root_dir="$(CURDIR)" \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS) lessons/00-start-here.ipynb

# Browser tests need Debian's chromium; install it when we can (root, apt), else the tests say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || true

lint: $(STAMP)
	$(BIN)/ruff check kit tests benchmarks

test: $(STAMP) browser lint
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

exercises: $(STAMP)
	$(BIN)/python -m kit.grading.release

bench: bench-accuracy bench-speed bench-grading

bench-accuracy: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py

bench-speed: $(STAMP)
	$(BIN)/python benchmarks/speed.py

bench-grading: $(STAMP)
	$(BIN)/python benchmarks/grading.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
