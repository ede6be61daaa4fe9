#!/usr/bin/env bash
# Prove the README's two commands on a truly clean Debian 12: build a minimal bookworm root with
# mmdebstrap, put the committed state of this checkout in it, and inside it, as root, run
#   1. `make demo` until the server answers (then stop it),
#   2. `make setup-test`, then `scripts/bootstrap.sh check` to show every capability is there,
#   3. with --full (`make fresh-check FULL=1`) also `make test`.
#   scripts/fresh-check.sh [--full]      — needs root and mmdebstrap (apt-get install mmdebstrap)
# Our own machines have long had everything installed, so only a root that starts with nothing
# shows what `make demo` and `make test` really have to install. Not part of `make test` or CI:
# it downloads a Debian system and every package, and takes many minutes.
#
# The root is rebuilt on every run (the old one is deleted first) and left in place afterwards to
# look into; the logs of every step are kept beside it. Settings (environment):
#   TUTELA_FRESH_ROOT     the root, under /var/tmp   (default /var/tmp/tutela-fresh-root)
#   TUTELA_FRESH_LOGS     the logs                   (default /var/tmp/tutela-fresh-logs)
#   TUTELA_FRESH_SHARED   the demo data beside the checkout (default ../shared)
#   TUTELA_FRESH_TIMEOUT  seconds `make demo` may take to answer (default 2700)
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKOUT="$PWD"
ROOT="${TUTELA_FRESH_ROOT:-/var/tmp/tutela-fresh-root}"
LOGS="${TUTELA_FRESH_LOGS:-/var/tmp/tutela-fresh-logs}"
SHARED="${TUTELA_FRESH_SHARED:-$CHECKOUT/../shared}"
DEMO_TIMEOUT="${TUTELA_FRESH_TIMEOUT:-2700}"
SUITE=bookworm
FULL=""
case "${1:-}" in
  "") ;;
  --full) FULL=1 ;;
  *) echo "usage: scripts/fresh-check.sh [--full]" >&2; exit 2 ;;
esac

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mfresh-check: %s\033[0m\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run this as root: it builds a Debian system and mounts /proc in it."
command -v mmdebstrap >/dev/null 2>&1 || die "mmdebstrap is missing: apt-get install -y mmdebstrap"
for tool in unshare chroot git mount umount; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing."
done
# The old root and logs are deleted with rm -rf: only ever under /var/tmp, never a folder
# given by mistake.
case "$ROOT" in
  /var/tmp/?*) ;;
  *) die "TUTELA_FRESH_ROOT must be a folder under /var/tmp, not '$ROOT'." ;;
esac
case "$LOGS" in
  /var/tmp/?*) ;;
  *) die "TUTELA_FRESH_LOGS must be a folder under /var/tmp, not '$LOGS'." ;;
esac
[ -d "$SHARED" ] || die "the demo data folder $SHARED (../shared beside the checkout) is missing."
SHARED="$(cd "$SHARED" && pwd)"

# --- cleaning up, whatever happens ---------------------------------------------------------------
# Every command in the root runs in its own mount and PID namespace (see in_root): its mounts
# vanish with the namespace, and when `unshare --kill-child` dies, the kernel kills every process
# in it (a demo server, a PostgreSQL cluster, Chromium). So killing that one process is enough,
# and it must be SIGKILL: `unshare --fork` ignores SIGTERM and SIGINT (it leaves them to the
# namespace's first process, and a namespace's PID 1 ignores signals it has no handler for).
# mmdebstrap runs in such a namespace too: on SIGTERM it would first finish installing packages.
# A mount under the root seen from here can then only be one someone else made; it is undone
# before the root is deleted, or the deletion refused.
WAITED_PID=""
mounts_under_root() {
  # The mount point is field 5 of mountinfo; deepest first, so nested mounts go before parents.
  awk -v root="$ROOT" '$5 == root || index($5, root "/") == 1 { print $5 }' /proc/self/mountinfo \
    | sort -r
}
unmount_root() {
  local point
  for point in $(mounts_under_root); do umount "$point" 2>/dev/null || umount -l "$point" || true; done
}
cleanup() {
  if [ -n "$WAITED_PID" ] && kill -0 "$WAITED_PID" 2>/dev/null; then
    kill -KILL "$WAITED_PID" 2>/dev/null || true
    wait "$WAITED_PID" 2>/dev/null || true
  fi
  WAITED_PID=""
  unmount_root
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- commands in the root ------------------------------------------------------------------------
# Mounts made in a private mount namespace, then chroot. PostgreSQL needs /proc and POSIX shared
# memory (/dev/shm); Chromium needs /proc, /sys, /dev and /dev/shm; both need loopback, which is
# the host's (no network namespace), so the demo server is reached from here too. The demo data
# is bind-mounted read-only where the project expects it: ../shared beside the checkout.
# `env -i`: nothing of this machine's environment leaks in (the outer make exports TUTELA_HOME,
# MAKEFLAGS; our shell has PIP_* settings); a root login has just these variables.
read -r -d '' ENTER_ROOT <<'SH' || true
set -e
root="$1" shared="$2"
shift 2
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
# A devpts of our own (not the host's ptys), and /dev/ptmx pointing at it.
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$root/dev/pts"
mount --bind "$root/dev/pts/ptmx" "$root/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
mount --bind "$shared" "$root/tutela/shared"
mount -o remount,bind,ro "$root/tutela/shared"
exec chroot "$root" /usr/bin/env -i \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  TERM=dumb "$@"
SH

# isolated LOG COMMAND...: run COMMAND in a mount and PID namespace of its own, its output
# appended to LOG; in the background and waited for, because bash runs a trap only after a
# foreground command ends, and a stopped check must stop what it started at once (cleanup).
# A background job of a script starts with SIGINT and SIGQUIT ignored, which no shell in it
# could undo, and the suite stops processes with SIGINT (pg_ctl): env gives them back their
# default handling.
isolated() {
  local log="$1" status=0
  shift
  env --default-signal=INT,QUIT unshare --mount --pid --fork --kill-child --propagation private \
    -- "$@" </dev/null >>"$log" 2>&1 &
  WAITED_PID=$!
  wait "$WAITED_PID" || status=$?
  WAITED_PID=""
  return "$status"
}

# in_root LOG COMMAND...: run COMMAND in the root, its output appended to LOG.
in_root() {
  local log="$1"
  shift
  isolated "$log" bash -c "$ENTER_ROOT" enter-root "$ROOT" "$SHARED" "$@"
}

# A step failed: say so with the end of its log, and where the whole log is.
failed() {
  printf '\n--- the last 40 lines of %s ---\n' "$1" >&2
  tail -n 40 "$1" >&2
  die "$2 (the whole log: $1; the root is kept in $ROOT)"
}

# --- a port for the demo server ------------------------------------------------------------------
# The server in the root listens on the host's loopback: another server on 8000 (a developer's
# `make demo`) would answer in its place. TUTELA_BIND moves ours to the first free port from 8000.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=8000
while port_in_use "$PORT"; do
  PORT=$((PORT + 1))
  [ "$PORT" -lt 8100 ] || die "no free port between 8000 and 8099 for the demo server."
done
BIND="127.0.0.1:$PORT"

# --- a clean root --------------------------------------------------------------------------------
rm -rf "$LOGS"
mkdir -p "$LOGS"
if [ -e "$ROOT" ]; then
  say "Deleting the previous root $ROOT"
  unmount_root
  # Never rm -rf through a mount (the read-only demo data, /dev): refuse if one is still there.
  [ -z "$(mounts_under_root)" ] || die "something is still mounted under $ROOT: $(mounts_under_root)"
  rm -rf --one-file-system "$ROOT"
fi

# This machine's apt configuration goes into the root, so apt there reaches the same registry:
#  - the active sources (sources.list, sources.list.d/*.list and *.sources; apt ignores other
#    names) are mmdebstrap's mirrors, which it writes into the root;
#  - the files in apt.conf.d that no package owns are the machine's own settings (a proxy,
#    Check-Valid-Until for a snapshot mirror): copied in before mmdebstrap's first apt update.
#    Files that packages own arrive with the packages when they are installed.
sources=()
if [ -f /etc/apt/sources.list ] && grep -qE '^[[:space:]]*deb' /etc/apt/sources.list; then
  sources+=(/etc/apt/sources.list)
fi
for file in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$file" ] && sources+=("$file")
done
[ "${#sources[@]}" -gt 0 ] || die "this machine has no apt sources to give the root."
hooks=()
for file in /etc/apt/apt.conf.d/*; do
  [ -f "$file" ] || continue
  dpkg -S "$file" >/dev/null 2>&1 && continue
  hooks+=("--setup-hook=copy-in $file /etc/apt/apt.conf.d/")
done

# What a fresh machine has before anyone runs our commands: a minimal Debian (minbase: the
# essential packages and apt) with ca-certificates, git, make and curl — what a user needs to
# fetch this repository and type `make`. Everything else must come from `make demo` and
# `make setup-test` themselves: that is what this check proves.
say "Building a minimal Debian $SUITE in $ROOT (log: $LOGS/mmdebstrap.log)"
started=$SECONDS
isolated "$LOGS/mmdebstrap.log" \
  mmdebstrap --mode=root --variant=minbase --include=ca-certificates,git,make,curl \
  "${hooks[@]}" "$SUITE" "$ROOT" "${sources[@]}" \
  || failed "$LOGS/mmdebstrap.log" "mmdebstrap could not build the root."
TIME_MMDEBSTRAP=$((SECONDS - started))

# A keyring an active source names (Signed-By) must be in the root for apt there to trust it.
for keyring in $(grep -hoiE '(signed-by[:=][[:space:]]*)[^] ,]+' "${sources[@]}" \
  | sed -E 's/^signed-by[:=][[:space:]]*//I' | sort -u || true); do
  if [ -f "$keyring" ] && [ ! -e "$ROOT$keyring" ]; then
    mkdir -p "$ROOT$(dirname "$keyring")"
    cp "$keyring" "$ROOT$keyring"
  fi
done

# The rest of this machine's network configuration, which any machine on its network has: how
# names resolve (/etc/hosts, resolv.conf), the certificate authorities it trusts (a TLS-inspecting
# proxy's CA lives in /usr/local/share/ca-certificates), and the pip and npm settings that point
# them at the system's CA bundle. Nothing of the project, and no account or token (~/.npmrc,
# ~/.config/pip stay out): only what apt, pip and npm need to reach the same registries.
cp /etc/hosts /etc/resolv.conf "$ROOT/etc/"
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
  cp -a /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
  chroot "$ROOT" update-ca-certificates >>"$LOGS/mmdebstrap.log" 2>&1 \
    || failed "$LOGS/mmdebstrap.log" "update-ca-certificates failed in the root."
fi
for file in /etc/pip.conf /etc/npmrc /usr/etc/npmrc /usr/local/etc/npmrc; do
  if [ -f "$file" ]; then
    mkdir -p "$ROOT$(dirname "$file")"
    cp "$file" "$ROOT$file"
  fi
done

# The committed state of this checkout, as a user would clone it: uncommitted changes in the
# working tree stay out, which is the point (the commit is what others get).
say "Cloning $CHECKOUT ($(git -C "$CHECKOUT" rev-parse --short HEAD)) into $ROOT/tutela/main"
git clone --quiet "$CHECKOUT" "$ROOT/tutela/main"
mkdir -p "$ROOT/tutela/shared"

# --- 1. make demo, until the server answers ------------------------------------------------------
# In the root: `make demo` in a session of its own (so it can be stopped with all it started),
# curl until the map page answers with Tutela's page, then SIGTERM the session (`tutela serve`
# stops gunicorn and its worker gracefully). The marker line tells us how long it took.
read -r -d '' DEMO_STEP <<'SH' || true
cd /tutela/main
started=$(date +%s)
setsid make demo &
demo=$!
until curl -fsS --max-time 10 "http://$TUTELA_BIND/" 2>/dev/null | grep -q Tutela; do
  if ! kill -0 "$demo" 2>/dev/null; then
    wait "$demo" && code=0 || code=$?
    echo "fresh-check: make demo ended (exit $code) before the server answered"
    exit 1
  fi
  if [ $(($(date +%s) - started)) -ge "$DEMO_TIMEOUT" ]; then
    echo "fresh-check: the server did not answer within $DEMO_TIMEOUT s"
    kill -TERM -- "-$demo"
    exit 1
  fi
  sleep 2
done
echo "fresh-check: the server answered on http://$TUTELA_BIND/ after $(($(date +%s) - started)) s"
kill -TERM -- "-$demo"
wait "$demo" || true
# gunicorn may outlive make by its graceful timeout (10 s); nothing may listen after 30 s.
for _ in $(seq 30); do
  curl -fsS --max-time 5 "http://$TUTELA_BIND/" >/dev/null 2>&1 || exit 0
  sleep 1
done
echo "fresh-check: the server still answers 30 s after SIGTERM"
exit 1
SH

log="$LOGS/make-demo.log"
say "make demo in the root, until it answers on http://$BIND/ (log: $log)"
in_root "$log" TUTELA_BIND="$BIND" DEMO_TIMEOUT="$DEMO_TIMEOUT" bash -c "$DEMO_STEP" \
  || failed "$log" "make demo did not bring the server up in the clean root."
TIME_DEMO="$(sed -n 's/^fresh-check: the server answered .* after \([0-9]*\) s$/\1/p' "$log")"

# --- 2. make setup-test, then the capability check -----------------------------------------------
# `make TARGET` in the root, logged to $LOGS/make-TARGET.log; its seconds in ELAPSED (a global:
# `failed` must exit the script, which it cannot from inside a command substitution).
timed_make() {
  local target="$1" log="$LOGS/make-$1.log" started=$SECONDS
  say "make $target in the root (log: $log)"
  in_root "$log" bash -c "cd /tutela/main && make $target" \
    || failed "$log" "make $target failed in the clean root."
  ELAPSED=$((SECONDS - started))
}

timed_make setup-test
TIME_SETUP_TEST=$ELAPSED

log="$LOGS/bootstrap-check.log"
in_root "$log" bash -c 'cd /tutela/main && scripts/bootstrap.sh check' \
  || failed "$log" "scripts/bootstrap.sh check still finds capabilities missing after setup-test."
CHECK_SAID="$(cat "$log")"

# --- 3. optionally, the whole suite --------------------------------------------------------------
TIME_TEST=""
if [ -n "$FULL" ]; then
  timed_make test
  TIME_TEST=$ELAPSED
fi

# --- report --------------------------------------------------------------------------------------
{
  echo
  echo "A clean Debian $SUITE ran the README's commands (commit $(git -C "$ROOT/tutela/main" rev-parse --short HEAD)):"
  printf '  %-38s %6s s\n' "mmdebstrap (minimal root)" "$TIME_MMDEBSTRAP" \
    "make demo until the server answered" "${TIME_DEMO:-?}" \
    "make setup-test" "$TIME_SETUP_TEST"
  [ -z "$TIME_TEST" ] || printf '  %-38s %6s s\n' "make test" "$TIME_TEST"
  echo "The capability check in the root (scripts/bootstrap.sh check) said: $CHECK_SAID"
  echo "Logs: $LOGS/"
  echo "The root, kept until the next run: $ROOT ($(du -sh --one-file-system "$ROOT" | cut -f1))"
} | tee "$LOGS/summary.txt"
