# Every target installs what it needs first; a second run with nothing changed only checks two timestamps.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test lint bench sandbox

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
	$(PY) -m mypy services sandbox

test: lint
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) -m bench
