# Two commands a new user needs: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test migrate demo lint format clean bench

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(PY)
	$(PIP) install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

# The Nu Html Checker (vnu.jar, npm's vnu-jar, run with Java) for the test that checks every page's HTML. Its
# postinstall script would fetch a Java runtime from elsewhere: skipped, the machine's Java runs it.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the HTML checker (apt-get install npm)."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test $(VNU_JAR)

# Local development: DEBUG on, SQLite unless DATABASE_URL is set. The web server, a Celery worker and beat run
# together (Procfile.dev): Redis when CELERY_BROKER_URL names it, otherwise the file-system broker in
# .celery-broker/ (no server needed). Emails are written to sent-emails/ unless EMAIL_* say otherwise.
run: export DJANGO_DEBUG ?= true
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo_school
	@mkdir -p .celery-broker
	@echo "Serving on http://$(HOST):$(PORT)/ with a Celery worker and beat (broker: $${CELERY_BROKER_URL:-filesystem://, in .celery-broker/}). Ctrl+C stops all three."
	HOST=$(HOST) $(VENV)/bin/honcho -f Procfile.dev start --port $(PORT)

migrate: install
	$(PY) manage.py migrate --no-input

demo: install
	$(PY) manage.py demo_school

test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SECRET_KEY=tests-only-secret-key $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n auto --dist loadfile $(PYTEST_ARGS)

$(VENV)/.installed-bench: requirements.txt requirements-test.txt requirements-bench.txt | $(PY)
	$(PIP) install --quiet -r requirements-bench.txt
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

# Benchmarks (bench/, docs/performance.md): a large school on the local PostgreSQL (127.0.0.1:5432, user postgres,
# databases senco_bench_*) and Redis (127.0.0.1:6379, database 9). Writes bench/results.md and prints it; fails,
# with a MISSED: line for each, when a target is missed (docs/performance.md).
bench: $(VENV)/.installed-bench
	$(PY) bench/run.py

lint: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .celery-broker
