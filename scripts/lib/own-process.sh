# own-process.sh — sourced by the start/stop scripts of the throw-away services (Ceph, PostgreSQL, Varnish, HAProxy): a
# service is stopped only by the pid it recorded, and only while that process's command line still names our own
# folder, so a reused pid, or a system-wide instance, is never touched.

# pid_names PID MARK: PID is a running process whose command line contains MARK
pid_names() {
  local p=$1
  [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF -- "$2"
}

# stop_pid NAME PID MARK SIGNAL TENTHS: send SIGNAL to PID if it is ours, wait up to TENTHS tenths of a second for
# it to go, then SIGKILL it (and wait up to 5 s more, so its ports and files are free); says which happened
stop_pid() {
  local name=$1 p=$2 mark=$3 signal=$4 tenths=$5
  if ! pid_names "$p" "$mark"; then
    echo "$name: not running (or not ours)"
    return 0
  fi
  kill -s "$signal" "$p"
  for _ in $(seq 1 "$tenths"); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then
    kill -s KILL "$p"
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    echo "$name: pid $p killed (SIGKILL after $((tenths / 10)) s)"
  else
    echo "$name: pid $p stopped"
  fi
}
