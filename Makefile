# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AKHBAR := $(BIN)/akhbar
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test system-deps lint format lock clean bench bench-import bench-search

run: install ## Install, migrate, load the demo site once and serve it on http://127.0.0.1:8000
	$(AKHBAR) migrate --noinput
	$(AKHBAR) demo
	@# The scheduler publishes and unpublishes on time; it stops with the server. granian is
	@# the production app server; WhiteNoise serves the static files from the apps' folders.
	$(AKHBAR) scheduler & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		DJANGO_SETTINGS_MODULE=akhbar.settings.dev $(BIN)/granian --interface wsgi \
		akhbar.wsgi:application --host $(HOST) --port $(PORT) --blocking-threads 4

test: install-test system-deps ## Install what the tests need and run the whole suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 --dist loadgroup || [ $$? -eq 5 ]
	@echo "--- again on the production stack: PostgreSQL 15 + Redis"
	scripts/with-services $(BIN)/pytest -n 2 --dist loadgroup -m "not browser and not servers" \
		|| [ $$? -eq 5 ]

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian's own python3 needs python3-venv for `-m venv`; install it when that is what's missing.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && apt-get update -qq \
		&& apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

system-deps: ## PostgreSQL, Redis, nginx, Chromium, linkchecker and wrk from Debian when missing
	scripts/install-system-deps

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## Re-pin every dependency after changing pyproject.toml
	$(BIN)/pip freeze --exclude-editable | grep -v '^pip==' > requirements.lock

clean:
	rm -rf $(VENV) data

bench: install-test system-deps ## Serving: nginx's static file vs published, page cache, floor, renders (100,000 articles)
	$(BIN)/python -m bench.serving

bench-import: install-test ## Import 100,000 generated articles from JSONL and from WXR into fresh sites: articles/s, peak memory
	$(BIN)/python bench/importers.py

bench-search: install-test ## Search layer: 100k and 1M synthetic articles on SQLite, 100k on PostgreSQL
	$(BIN)/python bench/search.py --sizes 100000 1000000
	scripts/with-services $(BIN)/python bench/search.py --sizes 100000
