# Loopback ports for the private services of the scripts (sourced, not run).
# Ports are drawn below the kernel's ephemeral range (net.ipv4.ip_local_port_range, 32768-60999 by default), so an
# outgoing connection of a busy test run cannot be holding the port a server is about to bind.

# True when any TCP socket (listening or connected, IPv4 or IPv6) has local port $1.
port_in_use() {
  local hex
  hex=$(printf '%04X' "$1")
  grep -qiE "^ *[0-9]+: [0-9A-F]+:$hex " /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# True when a socket listens on local port $1.
port_listening() {
  local hex
  hex=$(printf '%04X' "$1")
  grep -qi ":$hex 00000000:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null ||
    grep -qi ":$hex 00000000000000000000000000000000:0000 0A" /proc/net/tcp6 2>/dev/null
}

# Prints a port no socket uses, from 20000-32767.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 12768 ))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  echo "no free loopback port found in 20000-32767" >&2
  return 1
}
