#!/usr/bin/env bash
# Compares two helpbook binaries on the same generated site, taking turns,
# on tmpfs: a build into a new folder, and a rebuild over the previous
# output (which adds the swap and deleting the previous site). Prints the
# best wall time and the CPU time (user + sys) of each, and peak RSS.
#
#   bench/compare_builds.sh BIN_A BIN_B [ARTICLES] [RUNS]   (10000, 3)
#
# e.g. main against this branch:
#   git -C ../main build --release && cargo build --release
#   bench/compare_builds.sh ../main/target/release/helpbook target/release/helpbook
set -euo pipefail
cd "$(dirname "$0")/.."
a="$(realpath "$1")"
b="$(realpath "$2")"
articles="${3:-10000}"
runs="${4:-3}"
base="/dev/shm"
[ -d "$base" ] || base="${TMPDIR:-/tmp}"
work="$base/helpbook-compare-$articles"
if [ ! -f "$work/book.toml" ]; then
  python3 bench/gen_corpus.py --articles "$articles" --out "$work" --format helpbook --force >/dev/null
fi

# run LABEL BIN OUT: one build, appending "label wall cpu rss_kb" to results.
run() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$2" build --root "$work" --out "$3" --quiet 2>/dev/null
  read -r wall user sys kb < "$work/time.txt"
  echo "$1 $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $kb" >> "$work/results.txt"
}

: > "$work/results.txt"
for i in $(seq "$runs"); do
  for side in A B; do
    bin=$a; [ "$side" = B ] && bin=$b
    out="$work/out-$side"
    rm -rf "$out"
    run "$side-new" "$bin" "$out"
    run "$side-over-previous" "$bin" "$out"
  done
done
rm -rf "$work/out-A" "$work/out-B"
echo "A = $a"
echo "B = $b"
echo "$articles articles, $runs runs each (lowest wall s, lowest cpu s = user + sys, highest peak RSS MB):"
for label in A-new B-new A-over-previous B-over-previous; do
  awk -v l="$label" '$1 == l {
      if (n == 0 || $2 < w) w = $2; if (n == 0 || $3 < c) c = $3; if ($4 > r) r = $4; n++ }
    END { printf "  %-18s wall %6.2f  cpu %6.2f  rss %5.0f\n", l, w, c, r / 1024 }' "$work/results.txt"
done
