# Waypoint — the two promised commands are `make demo` and `make test` (README, contracts §1).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
ES_VERSION ?= 8.19.3

.PHONY: demo test install migrate system es es-stop clean

$(PY):
	$(PYTHON) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

# axe-core for the browser tests' accessibility checks; only `make test` needs it, not `make demo`.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs npm: apt-get install npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

# Debian packages the browser, fault and load tests need; says what is missing before they fail on it.
system:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	command -v unzip >/dev/null || missing="$$missing unzip"; \
	[ -z "$$missing" ] || echo "make test: browser, fault and load tests will fail without:$$missing (apt-get install$$missing)" >&2

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

# Sets up a fresh machine and serves the demo at http://127.0.0.1:8000/.
demo: migrate
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite; DATABASE_URL picks the database (SQLite when unset), PYTEST_ARGS narrows it.
# Locally the test database is kept between runs (--reuse-db; PYTEST_ARGS=--create-db rebuilds it);
# in CI (CI set, as .ci/run does) every run makes a fresh one.
test: install $(NODE_STAMP) system
	$(VENV)/bin/lint-imports  # the import rules in .importlinter
	$(VENV)/bin/ruff check .  # lint rules in ruff.toml
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=waypoint.settings.test
	$(PY) -m pytest $(if $(CI),,--reuse-db) $(PYTEST_ARGS)

# A local Elasticsearch node for development (see ../shared/elasticsearch.md); the script picks
# ES_HOME (the clone's .es, or outside it as root) unless it is set.
es:
	ES_VERSION=$(ES_VERSION) bash scripts/elasticsearch.sh start

es-stop:
	bash scripts/elasticsearch.sh stop

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
