#!/usr/bin/env bash
# pg-stop.sh — stop the PostgreSQL cluster pg-start.sh started, by the pid it recorded ($PG_DIR/data/postmaster.pid),
# and only if that process's command line names our data directory (guards against pid reuse; a system-wide
# PostgreSQL is never touched). PG_WIPE=1 also deletes $PG_DIR afterwards.
set -uo pipefail
BASE=${PG_DIR:-/tmp/traydrop-pg}
DATA="$BASE/data"
# shellcheck source=lib/own-process.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/own-process.sh"
# SIGINT: PostgreSQL's fast shutdown, since the data is throw-away
stop_pid postgres "$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)" "$DATA" INT 100
[ "${PG_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
