# The two commands a new user needs: `make demo` and `make test`. Both build what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench install bytecode system-deps clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --config-settings editable_mode=compat -e '.[dev]'
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
	$(VENV)/bin/cockpit demo

test: bytecode system-deps
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check cockpit tests bench
	$(VENV)/bin/ruff format --check cockpit tests bench
	$(VENV)/bin/lint-imports

bench: bytecode
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
