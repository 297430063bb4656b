# The two commands a new user needs: `make demo` and `make test`. Both build what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint check bench install bytecode system-deps clean

# Everything: the client, the server and PostgreSQL extras, and the developer tools. The editable
# install is one .pth line (pyproject.toml says why), so `cockpit` starts as fast as installed.
$(STAMP): pyproject.toml
	@echo "cockpit: building $(VENV) with everything the demo and the tests need (first run: up to a minute)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The editable install leaves cockpit's own modules uncompiled, and with PYTHONDONTWRITEBYTECODE
# set (as on our CI machines) every start compiled them again: ~150 ms of each `cockpit`.
# compileall only rewrites what changed, so this is cheap to run every time.
bytecode: $(STAMP)
	@$(PY) -m compileall -q cockpit

# Real tmux and PostgreSQL for the end-to-end and server tests; installed when missing.
system-deps:
	@./.ci/system-deps

demo: bytecode
	@echo "cockpit: opening the demo incident (ctrl+q quits, F1 lists the keys)..."
	@$(VENV)/bin/cockpit demo

# The checks first (seconds), then the suite: `make test` is what CI runs, and any ruff, import
# contract, type or test error fails it.
test: check system-deps
	$(PY) -m pytest -q

# The quick target while developing: style and the import contracts.
lint: $(STAMP)
	$(VENV)/bin/ruff check cockpit tests bench
	$(VENV)/bin/ruff format --check cockpit tests bench
	$(VENV)/bin/lint-imports

# lint, and the types (strict on cockpit/core; see [tool.mypy] in pyproject.toml).
check: lint bytecode
	$(VENV)/bin/mypy

bench: bytecode
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
