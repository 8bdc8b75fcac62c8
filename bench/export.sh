#!/usr/bin/env bash
# Export benchmark (issue 13): generates a large site (zh-CN + en) with the
# shared corpus generator, builds it, exports it, and prints
#   - the time and peak memory of `helpbook export` (ndjson and opensearch),
#   - the size of the NDJSON and of the OpenSearch _bulk body (raw, gzipped),
#   - the static index's largest shard per language (raw, gzipped): the
#     figure `[search] static_budget_kb` is compared with.
#
#   bench/export.sh [ARTICLES]        (default 10000)
#
# Measurements, not assertions. Publishing to OpenSearch and query latency
# need a running node and are not measured here.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-10000}"
work="${TMPDIR:-/tmp}/helpbook-export-bench-$articles"

if [ ! -f "$work/site/book.toml" ]; then
  mkdir -p "$work"
  python3 bench/gen_corpus.py --articles "$articles" --out "$work/site" --format helpbook --force 2>/dev/null
fi
cargo build --release --quiet
bin=target/release/helpbook

rm -rf "$work/public" "$work/opensearch"
"$bin" build --root "$work/site" --out "$work/public" --quiet 2>/dev/null
for format in ndjson opensearch; do
  out="$work/articles.ndjson"
  [ "$format" = opensearch ] && out="$work/opensearch"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" export --format "$format" --root "$work/site" --out "$out" 2>/dev/null
  read -r seconds kbytes < "$work/time.txt"
  echo "export --format $format: ${seconds} s, peak memory $((kbytes / 1024)) MiB"
done

python3 - "$work" <<'PY'
import glob, gzip, os, sys
work = sys.argv[1]
def sizes(path):
    data = open(path, "rb").read()
    return len(data), len(gzip.compress(data, 6))
for label, path in [("NDJSON", f"{work}/articles.ndjson"), ("OpenSearch _bulk body", f"{work}/opensearch/bulk.ndjson")]:
    raw, gz = sizes(path)
    print(f"{label}: {raw / 1e6:.1f} MB, {gz / 1e6:.1f} MB gzipped")
for language in sorted(os.listdir(f"{work}/public/search")):
    shards = glob.glob(f"{work}/public/search/{language}/shards/*.bin")
    if not shards:
        continue
    largest = max(shards, key=os.path.getsize)
    raw, gz = sizes(largest)
    print(f"largest static shard of {language}: {raw / 1024:.1f} KiB, {gz / 1024:.1f} KiB gzipped (ratio {gz / raw:.2f}) of {len(shards)} shards")
PY
