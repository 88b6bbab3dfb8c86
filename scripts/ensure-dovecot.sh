#!/usr/bin/env bash
# Make sure Dovecot's IMAP server is installed (used by the integration/e2e
# test harness in harness/dovecot.ts, which runs its own private
# instance; the system instance is never configured or started by us).
#
# Idempotent and quiet: does nothing when the binary is already there.
# Needs root (or passwordless sudo) only when it actually has to install.
#
# Env overrides (mainly for testing this script):
#   DOVECOT_BIN   path of the binary to look for (default /usr/sbin/dovecot)
set -uo pipefail

DOVECOT_BIN="${DOVECOT_BIN:-/usr/sbin/dovecot}"

if [ -x "$DOVECOT_BIN" ]; then
  exit 0
fi

fail() {
  echo "ensure-dovecot: $*" >&2
  exit 1
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    fail "$DOVECOT_BIN is missing and we are not root (and have no passwordless sudo); install it with: apt-get install dovecot-imapd"
  fi
fi

command -v apt-get >/dev/null 2>&1 || fail "$DOVECOT_BIN is missing and apt-get is not available; install Dovecot (dovecot-imapd) by hand"

log="$(mktemp -t ensure-dovecot.XXXXXX)"
trap 'rm -f "$log"' EXIT

echo "ensure-dovecot: installing dovecot-imapd (needed by the integration tests)..." >&2

# Serialise concurrent runs (several jest workers may start at once).
# apt itself also locks, but would fail instead of waiting.
exec 9>/tmp/ensure-dovecot.lock
if command -v flock >/dev/null 2>&1; then
  flock -w 600 9 || fail "timed out waiting for another ensure-dovecot run"
fi
# Another run may have finished the install while we waited for the lock.
if [ -x "$DOVECOT_BIN" ]; then
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "apt-get update failed"
fi
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      -o DPkg::Lock::Timeout=300 \
      dovecot-imapd >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  fail "apt-get install dovecot-imapd failed"
fi

[ -x "$DOVECOT_BIN" ] || fail "dovecot-imapd was installed but $DOVECOT_BIN is still missing"

# The package's postinst starts the *system* instance (listening on all
# interfaces, ports 143/993) unless a policy-rc.d forbids it, as in most
# containers. The tests never use it, so stop it again if it came up.
if [ -s /run/dovecot/master.pid ] && kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null; then
  if command -v invoke-rc.d >/dev/null 2>&1; then
    $SUDO invoke-rc.d dovecot stop >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1; then
    $SUDO service dovecot stop >/dev/null 2>&1 || true
  fi
fi
echo "ensure-dovecot: installed $("$DOVECOT_BIN" --version 2>/dev/null || echo dovecot)" >&2
exit 0
