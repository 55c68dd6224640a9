# pspteam: `make run` (embedded demo) and `make test` (whole suite) work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test install install-dev services lint format check-deploy compose-check bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## Run the app on the embedded default (SQLite, file broker) with demo data, web + Celery worker + beat.
run: install
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py seed_demo
	env -u DATABASE_URL -u REDIS_URL ./scripts/run-embedded.sh

## Run the whole test suite on PostgreSQL + Redis (started or installed when missing).
test: install-dev services
	$(PY) -m pytest

services:
	bash scripts/services.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/python scripts/check_function_imports.py
	$(VENV)/bin/mypy

format: install-dev
	$(VENV)/bin/ruff format .

## Production settings must pass Django's deployment checks with no warning.
check-deploy: install
	DJANGO_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=pspteam.example.org \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/pspteam REDIS_URL=redis://127.0.0.1:6379/0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

compose-check:
	SECRET_KEY=validation-only docker-compose -f docker-compose.yml config -q

bench: install-dev services
	$(PY) bench/run.py

clean:
	rm -rf var
