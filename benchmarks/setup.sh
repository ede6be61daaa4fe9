#!/usr/bin/env bash
# What the benchmarks need beyond `make setup-test`, each from its registry and pinned:
# wrk (Debian) as the load client, the generator's and profiler's packages in the project venv
# (benchmarks/requirements.txt), and pygeoapi, the baseline, in a venv of its own
# (benchmarks/.venv-pygeoapi, from benchmarks/requirements-pygeoapi.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${TUTELA_VENV:-.venv}"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q wrk >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1; } \
      || echo "bench: wrk could not be installed; using the Python load client." >&2
  else
    echo "bench: wrk is missing (apt-get install wrk); using the Python load client." >&2
  fi
fi

"$VENV/bin/pip" install -q --disable-pip-version-check -r benchmarks/requirements.txt

# pygeoapi's GeoPackage provider loads SpatiaLite, so its Python must load SQLite extensions:
# the one the project venv was made from can (scripts/bootstrap.sh checks that).
BASE_PYTHON="$("$VENV/bin/python" -c 'import sys; print(sys._base_executable)')"
BASELINE=benchmarks/.venv-pygeoapi
if ! cmp -s benchmarks/requirements-pygeoapi.txt "$BASELINE/.installed-requirements" 2>/dev/null; then
  rm -rf "$BASELINE"
  "$BASE_PYTHON" -m venv "$BASELINE"
  "$BASELINE/bin/pip" install -q --disable-pip-version-check -r benchmarks/requirements-pygeoapi.txt
  cp benchmarks/requirements-pygeoapi.txt "$BASELINE/.installed-requirements"
fi
