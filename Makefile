# The two commands of the README:
#   make run    set up and serve the site with demo data on the embedded default (SQLite)
#   make test   install what the tests need and run the whole suite
# Both create .venv when missing and can be run again at any time.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test setup lint system-packages clean bench-scale serve-production load-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed-runtime: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[test]"
	touch $@ $(VENV)/.installed-runtime

setup: $(VENV)/.installed-runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) load_regions
	$(MANAGE) load_site_pages
	$(MANAGE) load_demo_data

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

system-packages:
	./scripts/system-packages.sh

lint: $(VENV)/.installed-test
	$(PY) -m ruff check site tests bench
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# The suite on TEST_WORKERS processes (pytest-xdist; default one per CPU core; 0: in this process), a
# test file per process at a time, each process with a database of its own: first the tests that roll
# back, then the transactional ones (browser tests, which commit for the live server and empty their
# database when they end, so they never share a process's database with the others).
TEST_WORKERS ?= auto
test: system-packages $(VENV)/.installed-test lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not transactional"
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m transactional

# The scale benchmark (bench/scale.py): builds a register of ELDERS elders in BENCH_DATABASE_URL
# (dropped and recreated; never the database named tanfang) and prints the hot paths beside their goals.
ELDERS ?= 1000000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tanfang_bench
bench-scale: $(VENV)/.installed-test
	ELDERS=$(ELDERS) BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/scale.py

# Production on this machine (gunicorn + rqworker, PostgreSQL, Redis, plain HTTP on 127.0.0.1:PORT):
# see scripts/serve-production.sh. The load test starts it itself and runs locust against it.
serve-production: $(VENV)/.installed-runtime
	PYTHON=$(PY) PORT=$(or $(SERVE_PORT),8001) ./scripts/serve-production.sh

USERS ?= 50
DURATION ?= 5m
$(VENV)/.installed-bench: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[test,bench]"
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-runtime

load-test: $(VENV)/.installed-bench
	USERS=$(USERS) DURATION=$(DURATION) $(PY) bench/load_test.py

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
