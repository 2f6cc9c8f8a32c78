# Waypoint — the two promised commands are `make demo` and `make test` (README, contracts §1).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
ES_VERSION ?= 8.19.3
ES_HOME ?= $(CURDIR)/.es

.PHONY: demo test install migrate es es-stop clean

$(PY):
	$(PYTHON) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

# Sets up a fresh machine and serves the demo at http://127.0.0.1:8000/.
demo: migrate
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite; DATABASE_URL picks the database (SQLite when unset).
test: install
	$(PY) manage.py makemigrations --check --dry-run --settings=waypoint.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# A local Elasticsearch node for development (see ../shared/elasticsearch.md).
es:
	ES_VERSION=$(ES_VERSION) ES_HOME=$(ES_HOME) bash scripts/elasticsearch.sh start

es-stop:
	ES_HOME=$(ES_HOME) bash scripts/elasticsearch.sh stop

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
