#!/usr/bin/env bash
# Save-to-reload latency of `helpbook serve` on the sample site and on a
# generated site (default 10,000 articles), with a release binary.
#
#   bench/serve_reload.sh [ARTICLES] [EDITS]
#
# A goal, not a test: under 300 ms from saving an article to the reload
# event on a 10,000-article site.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-10000}"
edits="${2:-20}"
work="${TMPDIR:-/tmp}/helpbook-bench-$articles"
if [ ! -f "$work/book.toml" ]; then
  python3 bench/gen_corpus.py --articles "$articles" --out "$work" --format helpbook --force >/dev/null
fi
cargo build --release --quiet
mkdir -p "${TMPDIR:-/tmp}/helpbook-bench-sample"
sample="${TMPDIR:-/tmp}/helpbook-bench-sample"
rm -rf "$sample" && mkdir -p "$sample" && cp -r book.toml content "$sample"/
[ -d themes ] && cp -r themes "$sample"/ || true
python3 bench/serve_reload.py --binary target/release/helpbook --site "$sample" --edits "$edits"
python3 bench/serve_reload.py --binary target/release/helpbook --site "$work" --edits "$edits" --gap 1.5
