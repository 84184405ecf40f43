#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) and runs each briefly from its seed corpus.
# FUZZ_SECONDS sets how long each target runs (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${FUZZ_SECONDS:-20}
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DYANDIAN_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
shopt -s nullglob
for src in tests/fuzz/*_fuzz.cpp; do
  name=$(basename "$src" .cpp)
  corpus=$(mktemp -d)
  seeds=tests/fuzz/corpus/${name%_fuzz}
  [ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
  artifacts=$(mktemp -d)
  echo "fuzz: $name for ${seconds}s"
  if ! "$build/tests/fuzz/$name" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=0 \
      -artifact_prefix="$artifacts/" "$corpus" >"$artifacts/log" 2>&1; then
    # The run's report and the failing input go to the log: on a CI machine nothing else survives.
    tail -60 "$artifacts/log"
    for input in "$artifacts"/crash-* "$artifacts"/oom-* "$artifacts"/timeout-* "$artifacts"/leak-*; do
      [ -f "$input" ] || continue
      echo "fuzz: failing input $(basename "$input") ($(stat -c %s "$input") bytes), base64:"
      head -c 65536 "$input" | base64
    done
    rm -rf "$corpus" "$artifacts"
    exit 1
  fi
  tail -1 "$artifacts/log"
  rm -rf "$corpus" "$artifacts"
done
