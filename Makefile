# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
# Both create .venv when needed and install the pinned dependencies (constraints.txt).

PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
PY := $(BIN)/python
# The console executable of the one-folder build (on Linux `liaison` is a console program too).
ifeq ($(OS),Windows_NT)
FROZEN := dist/liaison/liaison-cli.exe
else
FROZEN := dist/liaison/liaison
endif
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench demo clean-venv package

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Liaison needs Python 3.11 or newer (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m ui

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/store.py

# The one-folder app in dist/liaison/ (build.spec), then proof that the build works: a broken
# build (a missing module, font, migration or Qt plugin) fails here, not on a school PC.
package: $(STAMP)
	$(BIN)/pyinstaller build.spec --noconfirm --clean
	$(FROZEN) --version
	QT_QPA_PLATFORM=offscreen $(FROZEN) selftest

clean-venv:
	rm -rf $(VENV)
