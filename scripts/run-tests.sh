#!/usr/bin/env bash
# The whole suite: lint and type checks, then every test once on SpatiaLite and once on a
# throwaway PostGIS. The two halves run side by side, each with its own data folder: each is
# mostly one busy process, and CI's machine has two cores (the suite must stay well inside
# CI's 90 minutes).
set -uo pipefail
cd "$(dirname "$0")/.."
VENV="${TUTELA_VENV:-.venv}"
work="$(mktemp -d -t tutela-test-run.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/spatialite-home" "$work/postgis-home"
status=0
# The slowest tests of each half are listed, so the next one to make cheaper is plain to see.
SLOWEST="--durations=15"

echo "== ruff"
"$VENV/bin/ruff" check src tests scripts || status=1

echo "== mypy"
"$VENV/bin/mypy" || status=1

# Browser tests run once, on SpatiaLite: a page behaves the same whatever database its view
# read, and each view's queries are tested on both (each behaviour once, at the cheapest level
# that proves it; a browser test costs seconds).
echo "== tests on PostGIS (throwaway cluster on 127.0.0.1; browser tests on SpatiaLite only),"
echo "   started beside SpatiaLite's; shown when done"
TUTELA_HOME="$work/postgis-home" "$VENV/bin/python" scripts/pg_throwaway.py -- \
  "$VENV/bin/pytest" -p no:cacheprovider "$SLOWEST" -m "not browser" "$@" \
  > "$work/postgis.log" 2>&1 &
postgis=$!

echo "== tests on SpatiaLite"
TUTELA_HOME="$work/spatialite-home" "$VENV/bin/pytest" -p no:cacheprovider "$SLOWEST" "$@" \
  || status=1

echo "== benchmark harness, smoke run at 10,000 sites (no timing asserted)"
TUTELA_HOME="$work/spatialite-home" TUTELA_VENV="$VENV" benchmarks/smoke.sh || status=1

wait "$postgis" || status=1
echo "== tests on PostGIS: what they printed"
cat "$work/postgis.log"

if [ "$status" -ne 0 ]; then
  echo "FAILED: see the output above." >&2
fi
exit "$status"
