#!/usr/bin/env bash
# rgw-stop.sh — stop the daemons that rgw-start.sh started, by the PIDs in $RGW_DIR/run/*.pid,
# and only if the process's command line names our ceph.conf (guards against PID reuse).
# RGW_WIPE=1 also deletes $RGW_DIR afterwards.
set -uo pipefail
BASE=${RGW_DIR:-/tmp/traydrop-rgw}
CONF="$BASE/ceph.conf"
# shellcheck source=lib/own-process.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/own-process.sh"
memstore=0; grep -q '^osd objectstore = memstore' "$CONF" 2>/dev/null && memstore=1

stop_one() { # name
  local n=$1 f="$BASE/run/$1.pid" sig=TERM
  [ -f "$f" ] || return 0
  # memstore would serialise every stored object to disk on a clean shutdown; the data is throw-away
  [ "$n" = osd.0 ] && [ $memstore = 1 ] && sig=KILL
  # radosgw 16.2 sometimes hangs in shutdown after SIGTERM (it arms a 120 s alarm), hence the short grace
  stop_pid "$n" "$(cat "$f")" "$CONF" "$sig" $(( ${RGW_STOP_GRACE:-5} * 10 ))
  rm -f "$f"
}
for n in client.rgw.a osd.0 mon.a; do stop_one $n; done
[ "${RGW_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
