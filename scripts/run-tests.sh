#!/usr/bin/env bash
# The whole suite: lint and type checks, then every test once on SpatiaLite and once on a
# throwaway PostGIS.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV="${TUTELA_VENV:-.venv}"
export TUTELA_HOME="$(mktemp -d -t tutela-test-home.XXXXXX)"
trap 'rm -rf "$TUTELA_HOME"' EXIT
status=0
# The slowest tests of each half are listed, so the next one to make cheaper is plain to see
# (the suite must stay well inside CI's 90 minutes).
SLOWEST="--durations=15"

echo "== ruff"
"$VENV/bin/ruff" check src tests scripts || status=1

echo "== mypy"
"$VENV/bin/mypy" || status=1

echo "== tests on SpatiaLite"
"$VENV/bin/pytest" -p no:cacheprovider "$SLOWEST" "$@" || status=1

echo "== tests on PostGIS (throwaway cluster on 127.0.0.1)"
"$VENV/bin/python" scripts/pg_throwaway.py -- "$VENV/bin/pytest" -p no:cacheprovider "$SLOWEST" "$@" \
  || status=1

echo "== benchmark harness, smoke run at 10,000 sites (no timing asserted)"
TUTELA_VENV="$VENV" benchmarks/smoke.sh || status=1

if [ "$status" -ne 0 ]; then
  echo "FAILED: see the output above." >&2
fi
exit "$status"
