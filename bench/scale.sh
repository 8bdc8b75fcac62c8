#!/usr/bin/env bash
# Scale benchmark (issue 9's figures): full builds at several sizes, a
# rebuild after editing one article, and helpbook against Hugo on the same
# articles.
#
#   bench/scale.sh [SIZES...]          (default: 10000 30000 100000)
#   HUGO_RUNS=3 bench/scale.sh 10000   (pairs of helpbook/Hugo builds, taking turns)
#
# Corpora come from bench/gen_corpus.py (helpbook and Hugo formats of the same
# articles) and live in $BENCH_DIR (default /dev/shm: tmpfs, as the issue's
# figures were taken). Per size it prints wall time, CPU time (user + sys)
# and peak RSS of a cold build (no cache), of a warm build (cache, nothing
# changed), and of a rebuild after editing one article's text; then checks
# that the rebuild's output is byte-identical to a cold build of the edited
# site. Goals, not assertions: peak RSS at 100,000 articles under 2 GB,
# cost growing linearly, a one-article rebuild under 10% of the full build,
# the 10,000-article build (search index included) at most 0.6x Hugo's.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 30000 100000)
dir="${BENCH_DIR:-/dev/shm}"
cargo build --release --quiet
bin="$PWD/target/release/helpbook"

# wall cpu rss_mb of one command, from GNU time.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$dir/.time" "$@" >/dev/null 2>"$dir/.stderr" || {
    cat "$dir/.stderr" >&2
    return 1
  }
  awk '{printf "%6.2f s wall %7.2f s cpu %6.0f MB", $1, $2 + $3, $4 / 1024}' "$dir/.time"
}

# shellcheck source=bench/corpus.sh
. bench/corpus.sh

tree_hash() { (cd "$1" && find . -type f ! -name .helpbook-output | sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-16); }

for n in "${sizes[@]}"; do
  site=$(corpus "$n" helpbook)
  out="$dir/bench-out-$n"
  rm -rf "$site/.helpbook" "$out"
  echo "== $n articles"
  echo "cold build      $(measure "$bin" build --root "$site" --out "$out" --quiet)"
  echo "warm build      $(measure "$bin" build --root "$site" --out "$out" --quiet)"
  # Edit one article's body (a sentence appended), rebuild with the cache.
  article=$(find "$site/content" -name '*.md' | sort | sed -n "$((n / 2))p")
  cp "$article" "$dir/.article"
  printf '\nOne more sentence about withdrawal limits, added by the benchmark.\n' >>"$article"
  echo "one-article edit $(measure "$bin" build --root "$site" --out "$out" --quiet)"
  incremental=$(tree_hash "$out")
  rm -rf "$site/.helpbook/cache"
  "$bin" build --root "$site" --out "$dir/bench-cold-$n" --quiet --force 2>/dev/null
  cold=$(tree_hash "$dir/bench-cold-$n")
  if [ "$incremental" = "$cold" ]; then echo "rebuild output: byte-identical to a cold build"; else echo "rebuild output: DIFFERS from a cold build"; fi
  cp "$dir/.article" "$article"
  rm -rf "$dir/bench-cold-$n" "$out"
done

# helpbook (search index included, cold: no cache) against Hugo (no search)
# on the same 10,000 articles, taking turns.
if command -v hugo >/dev/null && [ "${HUGO_RUNS:-3}" -gt 0 ]; then
  site=$(corpus 10000 helpbook)
  hugo_site=$(corpus 10000 hugo)
  echo "== helpbook vs Hugo ($(hugo version | cut -d' ' -f2)), 10000 articles"
  # Only the builds are timed: deleting the previous output is not.
  ratios=()
  for run in $(seq "${HUGO_RUNS:-3}"); do
    rm -rf "$site/.helpbook" "$dir/bench-out-h"
    a=$(measure "$bin" build --root "$site" --out "$dir/bench-out-h" --quiet)
    rm -rf "$hugo_site/public"
    b=$(measure hugo --source "$hugo_site" --quiet)
    ratio=$(awk -v a="${a%% s wall*}" -v b="${b%% s wall*}" 'BEGIN{printf "%.3f", a / b}')
    ratios+=("$ratio")
    echo "run $run: helpbook $a | hugo $b | ratio $ratio"
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END{print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
  echo "helpbook / Hugo wall time, median of ${#ratios[@]} pairs: $median (goal: at most 0.6)"
fi
