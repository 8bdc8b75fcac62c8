#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests (which build real sites),
# the JavaScript tests under Node, and the browser tests in headless
# Chromium. Installs what the browser tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "error: the browser tests need Chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi

cargo test --locked
