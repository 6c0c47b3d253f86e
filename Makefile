# Two commands on a fresh machine: `make run` and `make test`. Everything else is set up on the way.
# No npm: Leaflet is vendored under static/vendor/ and served by the app (.streamlit/config.toml).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: run test lint bench fuzz browser clean python-version

run: python-version $(VENV)/.runtime
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

test: $(VENV)/.dev browser
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(VENV)/.dev browser
	$(PY) bench/run.py

# The full mutation fuzzing of data files (make test runs a fixed-seed subset): 3,000 documents, two seeds.
fuzz: $(VENV)/.dev
	$(PY) -m tests.fuzzing --count 1500 --seed 20261129
	$(PY) -m tests.fuzzing --count 1500 --seed 1 --shipped-share 0.2

$(VENV)/bin/python: | python-version
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Python 3.11+ (pyproject.toml), checked before anything is made: the venv's once it exists, $(PYTHON) before.
python-version:
	@if [ -x $(PY) ]; then py=$(PY); fix="in $(VENV): make clean, then set PYTHON=python3.11"; \
	else py=$(PYTHON); fix="set PYTHON=python3.11"; fi; \
	$$py -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  v=$$($$py -c 'import platform; print(platform.python_version())' 2>/dev/null) && v="found $$v" || v="$$py not found"; \
	  echo "Frontline needs Python 3.11 or newer; $$v ($$fix)" >&2; exit 1; }

# Debian's chromium where apt is available; otherwise Playwright's own build of Chromium.
browser: $(VENV)/.dev
	@if [ -x /usr/bin/chromium ]; then echo "browser: /usr/bin/chromium"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
	  || ($(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium); \
	else $(PY) -m playwright install chromium; fi

clean:
	rm -rf $(VENV) .cache .pytest_cache
