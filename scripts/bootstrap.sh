#!/usr/bin/env bash
# Install what Tutela needs on Debian/Ubuntu, then a virtual environment and front-end packages.
#   scripts/bootstrap.sh demo   — embedded database only
#   scripts/bootstrap.sh test   — also PostgreSQL + PostGIS, Chromium and the test tools
# Idempotent: each step is skipped when what it makes is already there and up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
PURPOSE="${1:-demo}"
VENV="${TUTELA_VENV:-.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mtutela setup: %s\033[0m\n' "$*" >&2; exit 1; }

# --- system packages --------------------------------------------------------------------------
PACKAGES=(python3 python3-venv gdal-bin libsqlite3-mod-spatialite gettext)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
if [ "$PURPOSE" = test ]; then
  PACKAGES+=(postgresql postgis chromium fonts-noto-core)
fi
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 \
    || die "missing system packages (${missing[*]}) and no apt-get here; install them by hand."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing system packages (${missing[*]}); run as root or install them."
    SUDO="sudo"
  fi
  say "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- a Python that can load SpatiaLite -----------------------------------------------------
# pyenv and some other builds lack loadable SQLite extensions; Debian's /usr/bin/python3 has them.
usable_python() {
  "$1" - <<'PY' 2>/dev/null
import sqlite3, sys
assert sys.version_info >= (3, 11), "too old"
connection = sqlite3.connect(":memory:")
connection.enable_load_extension(True)
connection.load_extension("mod_spatialite")
PY
}
PYTHON=""
rejected=()
for candidate in ${TUTELA_PYTHON:-} /usr/bin/python3 python3.13 python3.12 python3.11 python3; do
  path="$(command -v "$candidate" 2>/dev/null || true)"
  [ -n "$path" ] || continue
  if usable_python "$path"; then PYTHON="$path"; break; fi
  rejected+=("$path ($("$path" -V 2>&1))")
done
if [ -z "$PYTHON" ]; then
  die "no usable Python found. Tutela needs Python >= 3.11 whose sqlite3 can load extensions
(mod_spatialite). Tried: ${rejected[*]:-none}. A pyenv-built Python lacks this unless built with
PYTHON_CONFIGURE_OPTS=--enable-loadable-sqlite-extensions. On Debian/Ubuntu: apt-get install
python3 python3-venv libsqlite3-mod-spatialite, or set TUTELA_PYTHON to a suitable interpreter."
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
