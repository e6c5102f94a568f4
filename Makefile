# Two commands for a village IT volunteer:
#   make demo   – set everything up and chat with the bot in this terminal (SQLite, Indonesian)
#   make test   – run the whole test suite
# Both create their own virtualenv in .venv; nothing needs to be installed by hand but Python 3.11+.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test install lint typecheck check locales diagrams bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/pip install -q --no-deps --force-reinstall .
	$(BIN)/desmigratif chat --demo

# The end-to-end tests start the *installed* `desmigratif` command, so reinstall the package first.
test: install
	$(BIN)/pip install -q --no-deps --force-reinstall .
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check bot flows storage tests benchmarks

typecheck: install
	$(BIN)/mypy flows storage bot

check: lint typecheck

# Translations: extract marked strings, update the catalogs, then translate the new entries
# (empty msgstr) in locales/id/LC_MESSAGES/messages.po. `make test` fails until they are done.
locales: install
	$(BIN)/pybabel extract -F locales/babel.cfg -k N_ -k _ -k ngettext:1,2 --no-location \
		--sort-output --project desmigratif-bot -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

# Redraw the Mermaid diagram committed next to each flow module.
diagrams: install
	$(BIN)/python -m flows.registry

bench: install
	$(BIN)/pip install -q --no-deps --force-reinstall .
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/qa_accuracy.py
	$(BIN)/python benchmarks/qa_latency.py
	$(BIN)/python benchmarks/broadcast.py
	$(BIN)/python benchmarks/two_processes.py
	$(BIN)/python benchmarks/checklists.py
	$(BIN)/python benchmarks/office.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
