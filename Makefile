# The Reading Room. `make run` serves it; `make test` proves it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/reading_room

.PHONY: run test test-postgres test-browser lint format bench bench-two-servers backup restore export import-export install clean

$(INSTALLED): requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_starter_content
	@$(BIN)/python manage.py createeditor editor --editor --desk --if-missing --site http://$(HOST_PORT)
	@echo "Serving the Reading Room on http://$(HOST_PORT)/ (Ctrl-C to stop)"
	DJANGO_PUBLIC_ORIGIN=http://$(HOST_PORT) $(BIN)/python manage.py runserver $(HOST_PORT)

test: $(INSTALLED)
	$(BIN)/python -m pytest

test-postgres: $(INSTALLED)
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest

test-browser: $(INSTALLED)
	$(BIN)/python -m pytest -m browser

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The first run builds the 1,000- and 10,000-article databases (minutes); later runs reuse them.
SCALES ?= 5 1000 10000
BENCH_ARGS ?=
bench: $(INSTALLED)
	$(BIN)/python -m bench --scales "$(SCALES)" $(BENCH_ARGS)

# The same pages again on two servers sharing the database (each its own page cache).
bench-two-servers: $(INSTALLED)
	$(BIN)/python -m bench --scales "$(SCALES)" --two-servers $(BENCH_ARGS)

# Backups (README: "Backups, restores and moving a newsroom"); settings from the environment.
MANAGE := DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py
backup: $(INSTALLED)
	$(MANAGE) backup

restore: $(INSTALLED)
	@test -n "$(FILE)" || { echo "make restore FILE=backups/<file>"; exit 2; }
	$(MANAGE) restore "$(FILE)" --no-input

export: $(INSTALLED)
	@test -n "$(FILE)" || { echo "make export FILE=newsroom.json"; exit 2; }
	$(MANAGE) export_newsroom "$(FILE)"

import-export: $(INSTALLED)
	@test -n "$(FILE)" || { echo "make import-export FILE=newsroom.json"; exit 2; }
	$(MANAGE) migrate --no-input
	$(MANAGE) import_newsroom "$(FILE)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
