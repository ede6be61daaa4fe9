# Two commands on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
VENV ?= .venv
export TUTELA_HOME ?= $(CURDIR)/var

.PHONY: demo test test-spatialite test-postgis test-browser lint setup setup-test serve clean

demo: setup
	$(VENV)/bin/tutela demo

serve: setup
	$(VENV)/bin/tutela serve

setup:
	scripts/bootstrap.sh demo

setup-test:
	scripts/bootstrap.sh test

test: setup-test
	scripts/run-tests.sh

lint: setup-test
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy

test-spatialite: setup-test
	$(VENV)/bin/pytest

test-postgis: setup-test
	$(VENV)/bin/python scripts/pg_throwaway.py -- $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache

# Benchmarks (benchmarks/, results in docs/performance.md): `make bench` at a million sites,
# `make bench N=10000` for a quick look; `make bench-smoke` checks the harness, no timing.
.PHONY: bench bench-smoke
bench: setup-test
	benchmarks/setup.sh
	$(VENV)/bin/python -m benchmarks.run --sites $(or $(N),1000000) --out benchmarks/results/

bench-smoke: setup-test
	benchmarks/smoke.sh

# Imports at scale (issue 6): `tutela import` of N sites from CSV and GeoPackage into both
# databases against the raw insert of the same rows; results in docs/performance.md.
.PHONY: bench-import
bench-import: setup-test
	benchmarks/setup.sh
	$(VENV)/bin/python -m benchmarks.imports --sites $(or $(N),1000000) --out benchmarks/results/

# Proof that `make demo` and `make setup-test` work on a truly clean Debian 12 (docs/operations.md):
# builds a minimal bookworm root with mmdebstrap under /var/tmp and runs them inside it, as root.
# `make fresh-check FULL=1` also runs `make test` there. Not part of `make test` or CI.
.PHONY: fresh-check
fresh-check:
	scripts/fresh-check.sh $(if $(FULL),--full)
