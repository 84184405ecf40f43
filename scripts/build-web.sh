#!/usr/bin/env bash
# Builds the web front end into web/dist with the committed lockfile; skips work that is up to date.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/index.html ] || [ -n "$(find src public index.html package.json package-lock.json tsconfig.json vite.config.* -newer dist/index.html 2>/dev/null | head -1)" ]; then
  npm run --silent build
fi
