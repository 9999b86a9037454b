#!/usr/bin/env bash
# nginx-stop.sh — stop the nginx that nginx-start.sh started, by the pid it recorded, and only if that process's command
# line names our folder (a reused pid, or a system-wide nginx, is left alone). NGINX_WIPE=1 also deletes $NGINX_DIR.
set -uo pipefail
BASE=${NGINX_DIR:-/tmp/traydrop-nginx}
# shellcheck source=lib/own-process.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/own-process.sh"
stop_pid nginx "$(cat "$BASE/logs/nginx.pid" 2>/dev/null || true)" "$BASE/" QUIT 50
rm -f "$BASE/logs/nginx.pid"
[ "${NGINX_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
