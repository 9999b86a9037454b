#!/usr/bin/env bash
# pg-start.sh — bring up a throw-away PostgreSQL 15 cluster for the server's tests and benchmarks, the way
# rgw-start.sh brings up Ceph: data in $PG_DIR, a port and a socket folder of its own, started by pg_ctl and
# known by the pid it recorded. Never touches (or relies on) a system-wide PostgreSQL. Idempotent: if our
# cluster is already up and answering, it only prints the env line again.
#
# Prints (and writes to $PG_DIR/env):
#   DATABASE_URL=postgres://postgres@127.0.0.1:15432/traydrop_test
#
# Knobs (env):
#   PG_DIR=/tmp/traydrop-pg   data, socket, log and env live here (wiped on a fresh bring-up)
#   PG_PORT=15432             127.0.0.1 only
#   PG_DB=traydrop_test       a database created for the tests
#   PG_NO_INSTALL=1           never run apt-get
#   PG_RESTART=1              start the cluster already in $PG_DIR again, on its data as pg-stop.sh left it (same
#                             port, same databases): a test of the server riding out a database restart
set -euo pipefail

BASE=${PG_DIR:-/tmp/traydrop-pg}
PORT=${PG_PORT:-15432}
DB=${PG_DB:-traydrop_test}
BIN=/usr/lib/postgresql/15/bin
DATA="$BASE/data"
SOCK="$BASE/socket"
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"

die() { echo "[pg-start] ERROR: $*" >&2; [ -f "$BASE/postgres.log" ] && tail -n 20 "$BASE/postgres.log" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "pg-start.sh must run as root (it runs PostgreSQL as the postgres user)" >&2; exit 1; }

# one start at a time per $PG_DIR
mkdir -p "$(dirname "$BASE")"
exec 9>"$BASE.lock"
flock -w 300 9 || die "another pg-start.sh holds $BASE.lock"

# ---------------------------------------------------------------- packages
if [ ! -x "$BIN/postgres" ]; then
  [ "${PG_NO_INSTALL:-0}" = 1 ] && die "postgresql-15 is not installed"
  echo "[pg-start] installing postgresql-15" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  # Debian may try to start its own cluster here (no systemd: usually not); we never use or stop it
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql-15 >&2
fi

as_pg() { runuser -u postgres -- "$@"; }
pid_of() { head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true; }
# a pid is "ours" only if it is alive AND its command line names our data directory
# shellcheck source=lib/own-process.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/own-process.sh"
is_ours() { pid_names "$1" "$DATA"; }
answers() { as_pg "$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -d "$DB" -Atqc 'select 1' 2>/dev/null | grep -q '^1$'; }
print_env() { echo "DATABASE_URL=$URL" > "$BASE/env"; cat "$BASE/env"; }

start_cluster() {
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$BASE/postgres.log" -w -t 60 \
    -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 9>&- || die "pg_ctl start failed" # 9>&-: the server must not inherit our flock
}

if is_ours "$(pid_of)" && answers; then print_env; exit 0; fi

# ---------------------------------------------------------------- the same cluster again
if [ "${PG_RESTART:-0}" = 1 ]; then
  [ -f "$DATA/PG_VERSION" ] || die "PG_RESTART=1: no cluster in $DATA to start again"
  is_ours "$(pid_of)" && die "PG_RESTART=1: the cluster in $DATA runs but does not answer"
  start_cluster
  answers || die "the cluster does not answer"
  echo "[pg-start] up again: pid $(pid_of), port $PORT, data $DATA" >&2
  print_env
  exit 0
fi

# ---------------------------------------------------------------- fresh cluster
p=$(pid_of); if is_ours "$p"; then kill -s TERM "$p"; for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; fi
rm -rf "$BASE"
mkdir -p "$DATA" "$SOCK"
chown -R postgres: "$BASE"
chmod 700 "$DATA"
# C collation: text sorts by code point, as SQLite's BINARY does (the file list's keyset order is the same on both)
as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$BASE/initdb.log" 2>&1 \
  || { cat "$BASE/initdb.log" >&2; die "initdb failed"; }
start_cluster
as_pg "$BIN/createdb" -h "$SOCK" -p "$PORT" -U postgres "$DB" || die "createdb failed"
answers || die "the cluster does not answer"
echo "[pg-start] up: pid $(pid_of), port $PORT, data $DATA" >&2
print_env
