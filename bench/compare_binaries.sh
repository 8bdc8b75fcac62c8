#!/usr/bin/env bash
# Two helpbook binaries side by side on the same corpus: a cold build (no
# cache, no previous output), a warm one (nothing changed) and a rebuild
# after appending a sentence to one article, each as wall and CPU time
# (GNU time). For before/after figures of a change to the build:
#
#   bench/compare_binaries.sh OLD_BINARY NEW_BINARY [ARTICLES]
#
# The corpus comes from bench/gen_corpus.py (helpbook format, seed 1) in
# $BENCH_DIR (default /dev/shm). The binaries take turns, twice each.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${3:-10000}"
dir="${BENCH_DIR:-/dev/shm}"
# shellcheck source=bench/corpus.sh
. bench/corpus.sh
site=$(corpus "$n" helpbook)
out="$dir/bench-compare-out"
article=$(find "$site/content" -name '*.md' | sort | sed -n "$((n / 2))p")
cp "$article" "$dir/.compare-article"
trap 'cp "$dir/.compare-article" "$article"' EXIT
measure() {
  /usr/bin/time -f "%e %U %S" -o "$dir/.compare-time" "$@" >/dev/null 2>&1
  awk '{printf "%6.2f s wall %6.2f s cpu", $1, $2 + $3}' "$dir/.compare-time"
}
for round in 1 2; do
  for bin in "$1" "$2"; do
    rm -rf "$site/.helpbook" "$out"
    cold=$(measure "$bin" build --root "$site" --out "$out" --quiet)
    warm=$(measure "$bin" build --root "$site" --out "$out" --quiet)
    printf '\nOne more sentence about withdrawal limits, added by the benchmark.\n' >>"$article"
    edit=$(measure "$bin" build --root "$site" --out "$out" --quiet)
    cp "$dir/.compare-article" "$article"
    echo "round $round $(basename "$(dirname "$(dirname "$(dirname "$bin")")")"): cold $cold | warm $warm | edit $edit"
  done
done
