#!/usr/bin/env bash
# haproxy-stop.sh — stop the HAProxy that haproxy-start.sh started, by the pid it recorded, and only if that process's
# command line names our folder (a reused pid is left alone). HAPROXY_WIPE=1 also deletes $HAPROXY_DIR.
set -uo pipefail
BASE=${HAPROXY_DIR:-/tmp/traydrop-haproxy}
# shellcheck source=lib/own-process.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/own-process.sh"
stop_pid haproxy "$(cat "$BASE/haproxy.pid" 2>/dev/null || true)" "$BASE/" TERM 50
rm -f "$BASE/haproxy.pid"
[ "${HAPROXY_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
