#!/usr/bin/env bash
# varnish-stop.sh — stop the Varnish that varnish-start.sh started, by the pid it recorded, and only if that process's
# command line names our working directory (a reused pid is left alone). VARNISH_WIPE=1 also deletes $VARNISH_DIR.
set -uo pipefail
BASE=${VARNISH_DIR:-/tmp/traydrop-varnish}
NAME="$BASE/n"
# shellcheck source=lib/own-process.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/own-process.sh"
# SIGTERM: the manager stops its child (the cache process) too
stop_pid varnishd "$(cat "$BASE/varnishd.pid" 2>/dev/null || true)" "$NAME" TERM 50
rm -f "$BASE/varnishd.pid"
[ "${VARNISH_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
