#!/usr/bin/env bash
# haproxy-stop.sh — stop the HAProxy that haproxy-start.sh started, by the pid it recorded, and only if that process's
# command line names our folder (a reused pid is left alone). HAPROXY_WIPE=1 also deletes $HAPROXY_DIR.
set -uo pipefail
BASE=${HAPROXY_DIR:-/tmp/traydrop-haproxy}
p=$(cat "$BASE/haproxy.pid" 2>/dev/null || true)
if [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF -- "$BASE/"; then
  kill -TERM "$p"
  for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then kill -KILL "$p"; echo "haproxy: pid $p killed (SIGKILL after 5 s)"; else echo "haproxy: pid $p stopped"; fi
else
  echo "haproxy: not running (or not ours)"
fi
rm -f "$BASE/haproxy.pid"
[ "${HAPROXY_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
