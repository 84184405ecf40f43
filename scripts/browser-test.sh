#!/usr/bin/env bash
# Runs the browser tests of tests/browser (playwright-core driving Debian's chromium, headless)
# against a real `yandian demo` on an ephemeral loopback port. Screenshots go to artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cd tests/browser
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
YANDIAN_BINARY="../../$build/yandian" node run.mjs
