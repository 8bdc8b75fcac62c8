#!/usr/bin/env bash
# Build benchmark: generates a large realistic site (zh-CN + en) with the
# shared corpus generator, builds it with a release binary, and prints
# articles per second, peak memory, and the gzipped weight of an article page.
#
#   bench/build.sh [ARTICLES]        (default 10000)
#
# A goal, not a test: 10,000 articles in under 3 s on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-10000}"
work="${TMPDIR:-/tmp}/helpbook-bench-$articles"
generator="${GEN_CORPUS:-bench/gen_corpus.py}"

if [ ! -f "$work/book.toml" ]; then
  python3 "$generator" --articles "$articles" --out "$work" --format helpbook --force >/dev/null
fi
cargo build --release --quiet
bin=target/release/helpbook

# One warm-up build (file-system caches), then three timed ones. The
# outputs are removed first: one left by an older helpbook has no
# `.helpbook-output` marker, and helpbook would refuse to replace it.
rm -rf "$work/public" "$work/sample-public"
"$bin" build --root "$work" --out "$work/public" --quiet
best=""
for run in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" build --root "$work" --out "$work/public" > "$work/summary.txt"
  read -r seconds kbytes < "$work/time.txt"
  search=$(grep -o 'search index [0-9.]* s' "$work/summary.txt" | grep -o '[0-9.]*')
  echo "run $run: ${seconds} s in all (search index ${search} s), peak RSS $((kbytes / 1024)) MB"
  if [ -z "$best" ] || awk "BEGIN{exit !($seconds < $best)}"; then best=$seconds; best_kb=$kbytes; best_search=$search; fi
done
awk -v n="$articles" -v s="$best" -v kb="$best_kb" -v si="$best_search" \
  'BEGIN{printf "best: %d articles in %.2f s (%.2f s without the search index) = %.0f articles/s, peak RSS %.0f MB\n", n, s, s-si, n/(s-si), kb/1024}'

# Page weight of the sample site's heaviest article page (HTML + CSS, gzipped).
sample="$work/sample-public"
"$bin" build --out "$sample" --quiet
css=$(ls "$sample"/static/style.*.css)
heaviest=$(find "$sample" -name index.html -path '*/*/*/*/index.html' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
html_gz=$(gzip -9 -c "$heaviest" | wc -c)
css_gz=$(gzip -9 -c "$css" | wc -c)
echo "heaviest sample article: ${heaviest#$sample} = $html_gz B HTML + $css_gz B CSS gzipped = $(( (html_gz + css_gz) / 1024 )) KB"
