# Maillage: two commands on a fresh machine.
#   make run   creates .venv, installs, migrates, loads the gazetteer and the demo,
#              and serves http://127.0.0.1:8000 over SQLite (var/maillage.sqlite3)
#   make test  runs the test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate demo serve test test-postgres oracle oracle-postgres lint format check smoke messages clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_communes
	$(PY) manage.py load_demo

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

run: demo serve

# Two workers, whole files each, heaviest first (tests/conftest.py); the 20 slowest
# steps are printed at the end, to see where the time goes.
test: install
	$(PY) -m pytest -n 2 --durations=20

# The browser journeys' server gets its own fresh PostgreSQL database too.
test-postgres: install
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
	MAILLAGE_E2E_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_e2e \
		$(PY) -m pytest -n 2 --durations=20

# The generative leak oracle (tests/access/test_leak_oracle.py) on 500 random graphs
# instead of the suite's default handful; it prints how many graphs were checked.
oracle: install
	ORACLE_EXAMPLES=500 $(PY) -m pytest tests/access/test_leak_oracle.py -q -p no:cacheprovider

oracle-postgres: install
	ORACLE_EXAMPLES=500 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
		$(PY) -m pytest tests/access/test_leak_oracle.py -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

smoke: install
	$(PY) .ci/smoke.py

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf var .pytest_cache .ruff_cache
