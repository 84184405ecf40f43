#!/usr/bin/env bash
# A private Mosquitto broker on a loopback port, for tests and the demo: its own config file and data folder under a
# temporary folder, no system service.
#   scripts/mosquitto.sh start [PORT]   start (a free port when none is given); prints the port
#   scripts/mosquitto.sh stop PORT      stop the broker started on PORT and remove its folder
#   scripts/mosquitto.sh dir PORT       print the folder (mosquitto.conf, data/, mosquitto.log, mosquitto.pid)
set -euo pipefail

mosquitto_bin=${MOSQUITTO:-/usr/sbin/mosquitto}
root=${TMPDIR:-/tmp}

folder_of() { echo "$root/yandian-mosquitto-$1"; }

# shellcheck source=lib/ports.sh
. "$(dirname "$0")/lib/ports.sh"

# Starts a broker on $1; true once it listens.
start_on() {
  local port=$1 dir
  dir=$(folder_of "$port")
  mkdir -p "$dir/data"
  cat >"$dir/mosquitto.conf" <<CONF
# Written by scripts/mosquitto.sh: loopback only, anonymous, sessions and queued QoS 1 messages kept on disk.
listener $port 127.0.0.1
user $(id -un)
allow_anonymous true
persistence true
persistence_location $dir/data/
autosave_interval 1
max_queued_messages 100000
pid_file $dir/mosquitto.pid
log_dest file $dir/mosquitto.log
log_type error
log_type warning
log_type notice
CONF
  "$mosquitto_bin" -c "$dir/mosquitto.conf" -d || return 1
  for _ in $(seq 1 100); do
    port_listening "$port" && return 0
    sleep 0.1
  done
  return 1
}

start() {
  local port=${1:-}
  [ -x "$mosquitto_bin" ] || { echo "mosquitto.sh: $mosquitto_bin not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
  if [ -n "$port" ]; then
    start_on "$port" && { echo "$port"; return 0; }
    echo "mosquitto.sh: broker did not start on port $port; see $(folder_of "$port")/mosquitto.log" >&2
    exit 1
  fi
  # A port taken between the choice and the bind: stop that attempt and try another one.
  for _ in 1 2 3; do
    port=$(free_port) || exit 1
    start_on "$port" && { echo "$port"; return 0; }
    echo "mosquitto.sh: broker did not start on port $port ($(tail -n 2 "$(folder_of "$port")/mosquitto.log" 2>/dev/null | tr '\n' ' ')); trying another port" >&2
    stop "$port"
  done
  echo "mosquitto.sh: broker did not start on three ports" >&2
  exit 1
}

stop() {
  local port=${1:?usage: mosquitto.sh stop PORT}
  local dir
  dir=$(folder_of "$port")
  if [ -f "$dir/mosquitto.pid" ]; then
    local pid
    pid=$(cat "$dir/mosquitto.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  dir) folder_of "${2:?usage: mosquitto.sh dir PORT}" ;;
  *) echo "usage: $0 start [PORT] | stop PORT | dir PORT" >&2; exit 2 ;;
esac
