# Every target installs what it needs first; a second run with nothing changed only checks two timestamps.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test lint bench sandbox e2e-loop

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

sandbox: $(VENV)/.runtime
	$(PY) -m sandbox

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy services components sandbox

test: lint
	$(PY) -m pytest

# Runs the browser tests RUNS times (default 10), stopping at the first failure: proof that a fix holds.
RUNS ?= 10
E2E ?= tests/e2e
e2e-loop: $(VENV)/.dev
	@for n in $$(seq 1 $(RUNS)); do \
		if ! REQUIRE_E2E=1 $(PY) -m pytest $(E2E) -q -p no:cacheprovider; then \
			echo "e2e-loop: run $$n failed; $$((n - 1)) of $(RUNS) green before it"; exit 1; \
		fi; \
		echo "e2e-loop: $$n of $(RUNS) green"; \
	done; \
	echo "e2e-loop: $(RUNS)/$(RUNS) runs green"

bench: $(VENV)/.dev
	$(PY) -m bench
