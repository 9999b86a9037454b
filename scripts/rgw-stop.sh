#!/usr/bin/env bash
# rgw-stop.sh — stop the daemons that rgw-start.sh started, by the PIDs in $RGW_DIR/run/*.pid,
# and only if the process's command line names our ceph.conf (guards against PID reuse).
# RGW_WIPE=1 also deletes $RGW_DIR afterwards.
set -uo pipefail
BASE=${RGW_DIR:-/tmp/traydrop-rgw}
CONF="$BASE/ceph.conf"
is_ours() { local p=$1; [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' < "/proc/$p/cmdline" | grep -qF -- "$CONF"; }
memstore=0; grep -q '^osd objectstore = memstore' "$CONF" 2>/dev/null && memstore=1

stop_one() { # name
  local n=$1 f="$BASE/run/$1.pid" p sig=TERM
  [ -f "$f" ] || return 0
  p=$(cat "$f")
  if ! is_ours "$p"; then echo "$n: pid $p not running (or not ours)"; rm -f "$f"; return 0; fi
  # memstore would serialise every stored object to disk on a clean shutdown; the data is throw-away
  [ "$n" = osd.0 ] && [ $memstore = 1 ] && sig=KILL
  # radosgw 16.2 sometimes hangs in shutdown after SIGTERM (it arms a 120 s alarm), hence the short grace
  local grace=${RGW_STOP_GRACE:-5}
  kill -s $sig "$p"
  for _ in $(seq 1 $((grace * 10))); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then
    kill -s KILL "$p"; for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    echo "$n: pid $p killed (SIGKILL after ${grace}s grace)"
  else echo "$n: pid $p stopped (SIG$sig)"; fi
  rm -f "$f"
}
for n in client.rgw.a osd.0 mon.a; do stop_one $n; done
[ "${RGW_WIPE:-0}" = 1 ] && rm -rf "$BASE" && echo "wiped $BASE"
exit 0
