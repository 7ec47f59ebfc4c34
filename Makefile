# Thin entry points. Each target creates .venv on first use (Python 3.11+ and make are all you need).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test check bench lint format setup extras

run: $(STAMP) node_modules/.installed  ## serve the whole course on embedded defaults
	$(PY) -m course serve

test: $(STAMP) extras    ## run every test (what CI runs)
	$(PY) -m pytest -n auto

check: $(STAMP)          ## start every lesson and prove it answers
	$(PY) -m course check

bench: $(STAMP)          ## run every lesson's benchmark
	$(PY) -m course bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

setup: $(STAMP) extras

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ is needed (set PYTHON=python3.11)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]' --config-settings editable_mode=compat
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# What the tests need from outside PyPI: npm tools (newman, the Socket.IO browser client) and,
# for the browser tests, Debian's Chromium (installed when we are root, as in CI).
extras: node_modules/.installed
	@test -x /usr/lib/chromium/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests (about 30 s)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
	      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; \
	  else echo "note: Chromium is not installed; browser tests will say so (sudo apt-get install chromium)"; fi; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
