# Two commands set everything up on a machine with python3 and make:
#   make book   creates .venv from requirements.lock and builds _build/html
#   make test   same environment; lint, types, model tests, notebooks, browser
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PARAMS ?=
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: book scenarios pdf translations linkcheck test check lint unit notebooks nbval browser bench lock chromium clean

# pytest's processes: the suite runs on both cores of the reference machine (pytest-xdist).
TEST_JOBS ?= 2

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-input -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (.venv)" >/dev/null
	touch $@

# PARAMS reaches the build through the environment, never pasted into the command line, so a
# path with spaces works and nothing in it can run as a command. GNU make itself exits 2 on any
# failed recipe; the build's own status (2 refused, 1 failed, 130 interrupted) is printed last.
# SCENARIOS (a folder of scenario files) builds one more book per file, inside the same site.
override PARAMS := $(value PARAMS)
export PARAMS
override SCENARIOS := $(value SCENARIOS)
export SCENARIOS
book: $(STAMP)
	@status=0; $(PY) -m tools.build $${PARAMS:+"--params=$$PARAMS"} $${SCENARIOS:+"--scenarios=$$SCENARIOS"} || status=$$?; \
	  if [ $$status -ne 0 ]; then echo "make book: build exit status $$status" >&2; fi; exit $$status

# The default book and one book per file of scenarios/ (published at _build/html/scenarios/<name>/).
scenarios: $(STAMP)
	@status=0; $(PY) -m tools.build $${PARAMS:+"--params=$$PARAMS"} --scenarios="$${SCENARIOS:-scenarios}" || status=$$?; \
	  if [ $$status -ne 0 ]; then echo "make scenarios: build exit status $$status" >&2; fi; exit $$status

pdf: $(STAMP) chromium
	$(PY) -m tools.pdf

# After English text changed: rebuild, merge the new English into book/locales/zh_CN and count what is missing.
translations: book
	$(PY) -m tools.i18n update
	$(PY) -m tools.i18n check

# Needs a network, so not part of `make test`; offline it says so and exits 0.
linkcheck: $(STAMP)
	$(PY) -m tools.linkcheck

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest -m "not book and not browser" -n $(TEST_JOBS) --dist worksteal

# The quick check, a minute or less: lint, types and the model and unit tests (no build, no browser).
check: lint unit

notebooks: $(STAMP)
	$(PY) -m pytest -m book -n $(TEST_JOBS) --dist worksteal

# nbval's own run of each committed notebook in a fresh kernel (make test compares the build's execution with
# the committed outputs byte for byte instead: tests/test_portable.py).
nbval: $(STAMP)
	$(PY) -m pytest --nbval book

browser: $(STAMP) chromium
	$(PY) -m pytest -m browser -n $(TEST_JOBS) --dist worksteal

test: lint chromium
	$(PY) -m pytest -n $(TEST_JOBS) --dist worksteal

chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } || { \
	  echo "installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

bench: $(STAMP)
	$(PY) -m tools.bench

lock: $(STAMP)
	{ echo '# Exact versions of every package, for Python 3.11 on Linux. Regenerate with `make lock`.'; \
	  $(PY) -m pip freeze --all --exclude-editable | grep -v -E '^pip=='; } > requirements.lock

clean:
	rm -rf _build .pytest_cache .mypy_cache .ruff_cache .hypothesis
