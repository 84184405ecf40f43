#!/usr/bin/env bash
# Installs what Yandian needs from Debian's packages, only what is missing.
# Idempotent and quiet when everything is already there. Needs root or sudo for apt-get.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev
  libsqlite3-dev sqlite3 libargon2-dev libexpected-dev libssl-dev
  postgresql-15 libpq-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libfftw3-dev libmatio-dev libsndfile1-dev zlib1g-dev libzip-dev libexpat1-dev libxlsxwriter-dev
  mosquitto mosquitto-clients libpaho-mqtt-dev libmodbus-dev
  clang libclang-rt-14-dev
  chromium fonts-wqy-microhei curl ca-certificates faketime
  python3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# Node.js 20 may come from outside Debian's archive on developer machines; install Debian's only when none is present.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
