#!/usr/bin/env bash
# The benchmark harness end to end at 10,000 sites with 2-second loads: every server, loader,
# load client, raw query and profile must work and every Tutela answer must be right. No timing
# is asserted. Used by `make bench-smoke` and scripts/run-tests.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${TUTELA_VENV:-.venv}"
benchmarks/setup.sh
out="$(mktemp -d -t tutela-bench-smoke.XXXXXX)"
trap 'rm -rf "$out"' EXIT
"$VENV/bin/python" -m benchmarks.run --sites 10000 --duration 2 --raw-seconds 0.5 \
  --profile-requests 10 --no-docs --out "$out" "$@"
test -s "$out/latest.json" && test -s "$out/latest.md"
# The import benchmark end to end at 2,000 sites: every import must store every site.
"$VENV/bin/python" -m benchmarks.imports --sites 2000 --no-docs --out "$out"
test -s "$out/imports.json" && test -s "$out/imports.md"
echo "bench-smoke: the harness ran end to end ($out/latest.md)."
# The search benchmarks end to end, tiny (issue 17): quality over 20 GeoNames places, then speed
# over 1,000 generated sites in the same database (the evaluation leaves no sites behind).
search_home="$out/search-home"
mkdir -p "$search_home"
TUTELA_HOME="$search_home" "$VENV/bin/python" -m benchmarks.search_quality --places 20 \
  --per-place 1 --markdown > "$out/search_quality.txt"
TUTELA_HOME="$search_home" "$VENV/bin/python" -m benchmarks.search_speed --sites 1000 \
  --queries 40 > "$out/search_speed.json"
grep -q '"recall@5"' "$out/search_quality.txt" && grep -q '"p99_ms"' "$out/search_speed.json"
echo "bench-smoke: the search benchmarks ran end to end."
