#!/usr/bin/env bash
# Runs the benchmarks of bench/ (built with the project: make build). Every figure is printed beside a baseline
# measured in the same run; compare ratios, not absolute times (Debian's libbenchmark warns that it was built without
# NDEBUG, and these machines are noisy).
# Usage: scripts/bench.sh [BUILD_DIR] [BENCH...]   (default: build; every benchmark except the 10-million-row
# market import, which needs bench/duckdb's npm packages and several minutes: docs/market/benchmark.md)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
benches=("$@")
if [ ${#benches[@]} -eq 0 ]; then
  benches=(spc_bench catalog_bench market_bench ingest_bench monitor_bench)
fi
status=0
for b in "${benches[@]}"; do
  exe="$build/bench/$b"
  if [ ! -x "$exe" ]; then
    echo "bench.sh: $exe not found; build it first (make build)" >&2
    status=1
    continue
  fi
  echo "== $b"
  # Benchmarks with a PostgreSQL variant find the private cluster in YANDIAN_TEST_POSTGRES.
  scripts/postgres.sh run "$exe" || status=$?
done
exit "$status"
