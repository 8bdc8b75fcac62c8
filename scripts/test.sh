#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests (which build real sites),
# the JavaScript tests under Node, and the browser tests in headless
# Chromium. Installs what the browser tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "== installing Chromium for the browser tests (apt-get install chromium; takes a minute)"
    apt-get update
    apt-get install -y chromium
  else
    echo "error: the browser tests need Chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  echo "== installing the browser tests' npm packages (playwright-core, axe-core) into tests/browser/node_modules"
  npm ci --prefix tests/browser --no-audit --no-fund
fi

if ! command -v javac >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "== installing a JDK for the Lucene ranking test (apt-get install default-jdk-headless)"
    apt-get update
    apt-get install -y default-jdk-headless
  else
    echo "error: the Lucene ranking test needs a JDK: sudo apt-get install -y default-jdk-headless" >&2
    exit 1
  fi
fi
# Real Lucene for tests/lucene_parity.rs, cached in ~/.cache/helpbook/lucene.
bash scripts/fetch-lucene.sh >/dev/null

echo "== cargo test (the browser tests print each test by name as it finishes)"
cargo test --locked
