#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# private-keyring.sh MODE PROGRAM [ARGS...]: runs PROGRAM on a D-Bus session and a gnome-keyring
# of its own, so that a test may lock the keyring (MODE "locked": an unlocked login keyring the
# test locks) or find none at all (MODE "no-login": the daemon runs, no keyring was ever made)
# without touching the keyring the other tests share. PROGRAM speaks TAP.
set -u
mode=$1
shift

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed"
    exit 0
  fi
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/runtime" "$scratch/data"
chmod 0700 "$scratch/runtime"

# No display: gnome-keyring's unlock prompter must fail at once rather than wait for a
# person in front of the virtual display (a dismissed prompt, as far as the app can tell).
env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    XDG_RUNTIME_DIR="$scratch/runtime" XDG_DATA_HOME="$scratch/data" \
    RD_TEST_PRIVATE_KEYRING="$mode" \
  dbus-run-session -- sh -c '
    mode=$1; shift
    if [ "$mode" = no-login ]; then
      gnome-keyring-daemon --start --components=secrets >/dev/null
    else
      printf %s release-desk-private | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    fi
    exec "$@"
  ' sh "$mode" "$@" 2>"$scratch/stderr"
status=$?
# dbus-daemon and the keyring chatter on stderr (fd limits, prompter activation); show the rest.
grep -v -e "Failed to set fd limit" -e "Activat" -e "gcr-prompter" -e "cannot open display" \
  -e "control socket" -e "discover_other_daemon" "$scratch/stderr" >&2
exit $status
