#!/usr/bin/env bash
# Two helpbook binaries stage by stage (HELPBOOK_TRACE=1): the median wall
# and CPU time of every stage of a warm build (nothing changed) or of a
# rebuild after appending a sentence to one article, the binaries taking
# turns, each with its own build cache and output. On a noisy machine the
# whole build's time varies by ±15% from run to run; a stage's median
# shows what a change did.
#
#   bench/compare_stages.sh OLD_BINARY NEW_BINARY [ROUNDS] [warm|edit] [ARTICLES]
#
# The corpus comes from bench/gen_corpus.py (helpbook format, seed 1) in
# $BENCH_DIR (default /dev/shm).
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1"
new="$2"
rounds="${3:-4}"
mode="${4:-edit}"
n="${5:-10000}"
dir="${BENCH_DIR:-/dev/shm}"
# shellcheck source=bench/corpus.sh
. bench/corpus.sh
site=$(corpus "$n" helpbook)
work="$dir/bench-stages"
rm -rf "$work" "$site/.helpbook"
mkdir -p "$work"
article=$(find "$site/content" -name '*.md' | sort | sed -n "$((n / 2))p")
cp "$article" "$work/article"
trap 'cp "$work/article" "$article"; rm -rf "$site/.helpbook"' EXIT
# Each binary's cache and output, made by a cold and a warm build.
for side in old new; do
  bin=$([ "$side" = old ] && echo "$old" || echo "$new")
  "$bin" build --root "$site" --out "$work/out-$side" --quiet 2>/dev/null
  "$bin" build --root "$site" --out "$work/out-$side" --quiet 2>/dev/null
  mv "$site/.helpbook" "$work/cache-$side"
done
for _ in $(seq "$rounds"); do
  for side in old new; do
    bin=$([ "$side" = old ] && echo "$old" || echo "$new")
    mv "$work/cache-$side" "$site/.helpbook"
    if [ "$mode" = edit ]; then
      printf '\nOne more sentence about withdrawal limits, added by the benchmark.\n' >>"$article"
    fi
    HELPBOOK_TRACE=1 /usr/bin/time -f "%e %U %S" -o "$work/time" \
      "$bin" build --root "$site" --out "$work/out-$side" --quiet 2>&1 |
      grep "ms wall" >>"$work/$side.log" || true
    awk '{printf "TOTAL %.1f ms wall %.1f ms cpu\n", $1 * 1000, ($2 + $3) * 1000}' "$work/time" >>"$work/$side.log"
    cp "$work/article" "$article"
    # Back to the unedited site, so the next round starts from the same state.
    "$bin" build --root "$site" --out "$work/out-$side" --quiet 2>/dev/null
    mv "$site/.helpbook" "$work/cache-$side"
  done
done
python3 - "$work/old.log" "$work/new.log" <<'PY'
import collections, re, statistics, sys

def read(path):
    times, order, seen = collections.defaultdict(list), [], collections.Counter()
    for line in open(path):
        m = re.match(r"(\s*.+?)\s+([\d.]+) ms wall\s+([\d.]+) ms cpu", line)
        if not m:
            continue
        name = m.group(1)
        if name.strip() == "TOTAL":
            seen.clear()
        seen[name] += 1
        # A stage met again in one build (one per language) gets a number.
        if seen[name] > 1:
            name = f"{name} #{seen[name]}"
        if name not in times:
            order.append(name)
        times[name].append((float(m.group(2)), float(m.group(3))))
    return times, order

old, order = read(sys.argv[1])
new, new_order = read(sys.argv[2])
order += [name for name in new_order if name not in old]
print(f"{'stage':45s} {'old wall':>9s} {'new wall':>9s} {'old cpu':>9s} {'new cpu':>9s}")
for name in order:
    cells = []
    for side in (old, new):
        runs = side.get(name)
        cells.append(runs)
    out = []
    for i in (0, 1):
        for runs in cells:
            out.append(f"{statistics.median(r[i] for r in runs):9.1f}" if runs else f"{'-':>9s}")
    print(f"{name:45s} {out[0]} {out[1]} {out[2]} {out[3]}")
PY
