#!/usr/bin/env bash
# pg-stop.sh — stop the PostgreSQL cluster pg-start.sh started, by the pid it recorded ($PG_DIR/data/postmaster.pid),
# and only if that process's command line names our data directory (guards against pid reuse; a system-wide
# PostgreSQL is never touched). PG_WIPE=1 also deletes $PG_DIR afterwards.
set -uo pipefail
BASE=${PG_DIR:-/tmp/traydrop-pg}
DATA="$BASE/data"
p=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)
if [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' < "/proc/$p/cmdline" | grep -qF -- "$DATA"; then
  kill -s INT "$p" # fast shutdown: the data is throw-away
  for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then kill -s KILL "$p"; echo "postgres: pid $p killed (SIGKILL after 10s)"
  else echo "postgres: pid $p stopped"; fi
else echo "postgres: not running (or not ours)"; fi
[ "${PG_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
