#!/usr/bin/env bash
# A private PostgreSQL 15 cluster on a loopback port, for tests: initdb into a temporary folder, trust
# authentication on 127.0.0.1 and on its own Unix socket folder, no system service. PostgreSQL refuses to run as
# root: as root the cluster belongs to the `postgres` user of Debian's package and is run through runuser.
#   scripts/postgres.sh start [PORT]   start (a free port when none is given); prints the URL of its `postgres` DB
#   scripts/postgres.sh stop PORT      stop the cluster started on PORT and remove its folder
#   scripts/postgres.sh dir PORT       print the folder (data/, postgres.log)
#   scripts/postgres.sh run CMD...     start a cluster, run CMD with YANDIAN_TEST_POSTGRES set to its URL, stop it
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
root=${TMPDIR:-/tmp}

folder_of() { echo "$root/yandian-postgres-$1"; }

# shellcheck source=lib/ports.sh
. "$(dirname "$0")/lib/ports.sh"

# Runs a command as the cluster's owner: the postgres user when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local port=${1:-}
  [ -x "$bin/initdb" ] || { echo "postgres.sh: $bin/initdb not found (scripts/install-deps.sh installs postgresql-15)" >&2; exit 1; }
  [ -n "$port" ] || port=$(free_port) || exit 1
  local dir
  dir=$(folder_of "$port")
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { echo "postgres.sh: initdb failed; see $dir/initdb.log" >&2; cat "$dir/initdb.log" >&2; exit 1; }
  # Durable like production (fsync, synchronous_commit on); small, so several clusters fit on a test machine.
  cat >>"$dir/data/postgresql.conf" <<CONF
# Written by scripts/postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 60
shared_buffers = 64MB
fsync = on
synchronous_commit = on
wal_level = replica
max_wal_senders = 4
logging_collector = off
CONF
  echo "host replication all 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
    || { echo "postgres.sh: the server did not start on port $port; see $dir/postgres.log" >&2; cat "$dir/postgres.log" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local port=${1:?usage: postgres.sh stop PORT}
  local dir
  dir=$(folder_of "$port")
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

run() {
  [ $# -gt 0 ] || { echo "usage: $0 run CMD..." >&2; exit 2; }
  local url status=0
  url=$(start)
  run_port=${url##*:}
  run_port=${run_port%%/*}
  trap 'stop "$run_port"' EXIT
  YANDIAN_TEST_POSTGRES="$url" "$@" || status=$?
  return "$status"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  dir) folder_of "${2:?usage: postgres.sh dir PORT}" ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 start [PORT] | stop PORT | dir PORT | run CMD..." >&2; exit 2 ;;
esac
