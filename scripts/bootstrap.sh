#!/usr/bin/env bash
# Install what Tutela needs on Debian/Ubuntu, then a virtual environment and front-end packages.
#   scripts/bootstrap.sh demo   — embedded database only
#   scripts/bootstrap.sh test   — also PostgreSQL + PostGIS, Chromium and the test tools
#   scripts/bootstrap.sh check  — only say which capabilities are missing (exit 1 if any)
# Idempotent: each step is skipped when what it makes is already there and up to date.
#
# What is missing is decided by trying each capability itself (SpatiaLite loads, a throwaway
# cluster creates PostGIS, Chromium renders a page headless, GDAL reads OGC API - Features), not by
# package names: a package can be installed while the capability is not (the PostGIS extension
# lives in postgresql-N-postgis-3, which the package `postgis` only recommends).
set -euo pipefail
cd "$(dirname "$0")/.."
PURPOSE="${1:-demo}"
VENV="${TUTELA_VENV:-.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mtutela setup: %s\033[0m\n' "$*" >&2; exit 1; }

# --- capabilities --------------------------------------------------------------------------------
# Each has a check (exit 0 when present), the Debian packages that provide it, and a sentence
# for when it is still missing after they were installed. A check may set PROBLEM to say more.
PYTHON=""
PROBLEM=""

# A Python >= 3.11 whose sqlite3 loads SpatiaLite. pyenv and some other builds lack loadable SQLite
# extensions; Debian's /usr/bin/python3 has them.
usable_python() {
  "$1" - <<'PY' 2>/dev/null
import sqlite3, sys
assert sys.version_info >= (3, 11), "too old"
connection = sqlite3.connect(":memory:")
connection.enable_load_extension(True)
connection.load_extension("mod_spatialite")
PY
}

check_python() {
  PYTHON=""
  local candidate path
  for candidate in ${TUTELA_PYTHON:-} /usr/bin/python3 python3.13 python3.12 python3.11 python3; do
    path="$(command -v "$candidate" 2>/dev/null || true)"
    [ -n "$path" ] || continue
    if usable_python "$path"; then PYTHON="$path"; break; fi
  done
  [ -n "$PYTHON" ] || return 1
  # Debian keeps ensurepip (which venv needs) in python3-venv.
  "$PYTHON" -c "import ensurepip, venv" 2>/dev/null
}

# GeoDjango loads GDAL and GEOS through ctypes; ogrinfo is GDAL's own command.
check_gdal() {
  command -v ogrinfo >/dev/null 2>&1 && ogrinfo --version >/dev/null 2>&1 || return 1
  ldconfig -p | grep -q 'libgdal\.so' && ldconfig -p | grep -q 'libgeos_c\.so'
}

check_msgfmt() { command -v msgfmt >/dev/null 2>&1 && msgfmt --version >/dev/null 2>&1; }

check_npm() { command -v npm >/dev/null 2>&1 && npm --version >/dev/null 2>&1; }

# The tests read our OGC API through GDAL's own client.
check_oapif() { check_gdal && ogrinfo --formats 2>/dev/null | grep -q 'OAPIF'; }

# A throwaway cluster (as the suite makes one) must start and create postgis and pg_trgm.
check_postgis() {
  local python="${PYTHON:-python3}" said
  said="$("$python" scripts/pg_throwaway.py --check 2>&1)" && return 0
  PROBLEM="$(printf '%s\n' "$said" | grep '^pg_throwaway:' | tail -1 | sed 's/^pg_throwaway: //')"
  return 1
}

# Debian's Chromium, started as the browser tests start it, must render a page headless.
check_chromium() {
  local browser profile rendered
  browser="${TUTELA_CHROMIUM:-$(command -v chromium || true)}"
  [ -n "$browser" ] || return 1
  profile="$(mktemp -d -t tutela-chromium.XXXXXX)"
  rendered="$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --disable-quic --user-data-dir="$profile" \
    --dump-dom 'data:text/html,<title>t</title><p>tutela-chromium-works</p>' 2>/dev/null || true)"
  rm -rf "$profile"
  grep -q 'tutela-chromium-works' <<<"$rendered"
}

# Site dossiers are PDFs drawn by WeasyPrint, which loads Pango (with its FreeType half) and
# HarfBuzz's subsetter, for the fonts it embeds, through cffi when it is imported. Without the
# subsetter WeasyPrint 70 falls back to fontTools (slower) and warns that it will be required.
check_weasyprint() {
  local cache library
  # Read once: under pipefail, grep -q closing the pipe early could fail ldconfig with SIGPIPE.
  cache="$(ldconfig -p)" || return 1
  for library in 'libpango-1\.0\.so\.0' 'libpangoft2-1\.0\.so\.0' 'libharfbuzz-subset\.so\.0'; do
    grep -q "$library" <<<"$cache" || return 1
  done
}

# Pages and PDFs show names in Georgian and Armenian: the browser and WeasyPrint need fonts
# that have those letters.
check_fonts() {
  command -v fc-list >/dev/null 2>&1 || return 1
  [ -n "$(fc-list ':charset=10d0' family)" ] && [ -n "$(fc-list ':charset=0531' family)" ]
}

postgres_major() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -t/ -k5 -n | tail -1)"
  [ -n "$initdb" ] && basename "$(dirname "$(dirname "$initdb")")"
}

packages_for() {
  local major
  case "$1" in
    python) echo python3 python3-venv libsqlite3-mod-spatialite ;;
    gdal | oapif) echo gdal-bin ;;
    msgfmt) echo gettext ;;
    npm) echo npm ;;
    postgis)
      # The extension for the PostgreSQL that is installed; Debian's default when there is none.
      if major="$(postgres_major)"; then
        echo "postgresql-${major} postgresql-${major}-postgis-3"
      else
        echo postgresql postgresql-postgis
      fi
      ;;
    chromium) echo chromium ;;
    weasyprint) echo libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 ;;
    fonts) echo fontconfig fonts-noto-core ;;
  esac
}

describe() {
  case "$1" in
    python) echo "a Python >= 3.11 that can load SpatiaLite and make virtual environments" ;;
    gdal) echo "GDAL and GEOS (ogrinfo, libgdal, libgeos_c)" ;;
    msgfmt) echo "gettext's msgfmt" ;;
    npm) echo "Node's npm" ;;
    oapif) echo "GDAL's OGC API - Features driver (OAPIF in ogrinfo --formats)" ;;
    postgis) echo "a PostgreSQL server that can create the postgis and pg_trgm extensions" ;;
    chromium) echo "a Chromium that starts headless" ;;
    weasyprint) echo "Pango and HarfBuzz's subsetter, which WeasyPrint loads to draw PDFs" ;;
    fonts) echo "fonts with Georgian and Armenian letters" ;;
  esac
}

# npm is asked of Debian only when none runs: Debian's conflicts with a Node.js that bundles its own.
# Fonts for the demo too: dossiers and situation reports are PDFs the server draws, with names
# in Georgian and Armenian.
CAPABILITIES=(python gdal msgfmt npm weasyprint fonts)
case "$PURPOSE" in
  demo) ;;
  test | check) CAPABILITIES+=(oapif postgis chromium) ;;
  *) die "unknown purpose '$PURPOSE': use demo, test or check." ;;
esac

declare -A PROBLEMS
missing_capabilities() {
  local name
  MISSING=()
  for name in "${CAPABILITIES[@]}"; do
    PROBLEM=""
    "check_$name" || { MISSING+=("$name"); PROBLEMS[$name]="$PROBLEM"; }
  done
}

install_packages() {
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 \
      || die "these system packages are missing: $*; run this as root or install them."
    SUDO="sudo"
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  say "Installing system packages: $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get could not install $*; its message is above."
}

missing_capabilities
if [ "$PURPOSE" = check ]; then
  for name in "${MISSING[@]}"; do echo "missing: $(describe "$name") ($(packages_for "$name"))"; done
  [ "${#MISSING[@]}" -eq 0 ] && echo "Every capability the tests need is here."
  exit "$([ "${#MISSING[@]}" -eq 0 ] && echo 0 || echo 1)"
fi
# Two rounds: the PostGIS package to install depends on the PostgreSQL the first round installed.
for round in 1 2; do
  [ "${#MISSING[@]}" -gt 0 ] || break
  command -v apt-get >/dev/null 2>&1 || break
  packages=()
  for name in "${MISSING[@]}"; do
    read -ra provided <<<"$(packages_for "$name")"
    packages+=("${provided[@]}")
  done
  install_packages $(printf '%s\n' "${packages[@]}" | sort -u)
  missing_capabilities
done
if [ "${#MISSING[@]}" -gt 0 ]; then
  # A check that knows more (PostgreSQL names the extension and its package) says it itself.
  if [ "${#MISSING[@]}" -eq 1 ] && [ -n "${PROBLEMS[${MISSING[0]}]}" ]; then
    die "${PROBLEMS[${MISSING[0]}]}"
  fi
  wanted=""
  for name in "${MISSING[@]}"; do wanted+="$(describe "$name") (Debian: $(packages_for "$name")); "; done
  die "still missing after setup: ${wanted%; }. Install these, then run make again."
fi
# --- virtual environment ---------------------------------------------------------------------
if [ -x "$VENV/bin/python" ] && ! usable_python "$VENV/bin/python"; then
  say "Rebuilding $VENV: its Python cannot load SpatiaLite"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the virtual environment in $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi
EXTRAS="postgis"
[ "$PURPOSE" = test ] && EXTRAS="postgis,test"
stamp="$VENV/.tutela-installed"
wanted="$EXTRAS $(sha256sum pyproject.toml | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Installing Tutela and its Python packages ($EXTRAS)"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".[${EXTRAS}]"
  echo "$wanted" > "$stamp"
fi

# --- front-end packages (served as static files; no bundler) ------------------------------
npm_stamp="node_modules/.tutela-installed"
npm_wanted="$(sha256sum package.json | cut -c1-16)"
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_wanted" ]; then
  say "Installing front-end packages from npm"
  npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
  echo "$npm_wanted" > "$npm_stamp"
fi

# --- translations ------------------------------------------------------------------------
if compgen -G "src/tutela/locale/*/LC_MESSAGES/*.po" >/dev/null; then
  for po in src/tutela/locale/*/LC_MESSAGES/*.po; do
    mo="${po%.po}.mo"
    [ "$mo" -nt "$po" ] || msgfmt --check -o "$mo" "$po"
  done
fi
