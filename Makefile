# Order Desk: `make run` starts the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_WORKERS ?= 2

.PHONY: run test setup lint messages clean loadtest

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

static/vendor/.installed: scripts/assets.json scripts/fetch_assets.py
	$(PY) scripts/fetch_assets.py
	touch $@

setup: $(VENV)/.runtime static/vendor/.installed
	$(PY) scripts/compile_messages.py
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: setup
	@echo ""
	@echo "  Order Desk runs on http://127.0.0.1:8000  (log in as assistant, manager or accounting; password: demo)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.dev static/vendor/.installed
	./scripts/system-deps.sh
	$(PY) scripts/compile_messages.py
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: $(VENV)/.dev
	$(PY) manage.py makemessages --no-location --no-obsolete -l nl -l fr -l en -i ".venv/*" -i "var/*" -i "static/vendor/*"
	$(PY) scripts/compile_messages.py

# Not part of CI: gunicorn (production settings), PostgreSQL, Redis, a Celery worker and Locust on 127.0.0.1,
# on the large dataset; results in docs/performance.md (scripts/loadtest.sh says what it needs).
loadtest: $(VENV)/.dev static/vendor/.installed
	./scripts/loadtest.sh

clean:
	rm -rf var static/vendor test-artifacts
