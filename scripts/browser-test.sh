#!/usr/bin/env bash
# Runs the browser tests of tests/browser (playwright-core driving Debian's chromium, headless)
# against a real `yandian demo` on an ephemeral loopback port. Screenshots go to artifacts/browser/.
# Usage: scripts/browser-test.sh [BUILD_DIR]   (default: build; the web front end must be built: make web)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
if [ ! -x "$build/yandian" ]; then
  echo "browser-test: $build/yandian not found; build it first" >&2
  exit 1
fi
if [ ! -f web/dist/index.html ]; then
  echo "browser-test: web/dist is not built; run scripts/build-web.sh first" >&2
  exit 1
fi
cd tests/browser
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
YANDIAN_BINARY="$build/yandian" node run.mjs
