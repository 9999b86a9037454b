#!/usr/bin/env bash
# varnish-stop.sh — stop the Varnish that varnish-start.sh started, by the pid it recorded, and only if that process's
# command line names our working directory (a reused pid is left alone). VARNISH_WIPE=1 also deletes $VARNISH_DIR.
set -uo pipefail
BASE=${VARNISH_DIR:-/tmp/traydrop-varnish}
NAME="$BASE/n"
p=$(cat "$BASE/varnishd.pid" 2>/dev/null || true)
if [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF -- "$NAME"; then
  kill -TERM "$p" # the manager stops its child (the cache process) too
  for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then kill -KILL "$p"; echo "varnishd: pid $p killed (SIGKILL after 5 s)"; else echo "varnishd: pid $p stopped"; fi
else
  echo "varnishd: not running (or not ours)"
fi
rm -f "$BASE/varnishd.pid"
[ "${VARNISH_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
