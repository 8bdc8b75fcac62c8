#!/usr/bin/env bash
# Builds a generated site with more URLs than one sitemap may hold (50,000)
# and reports how the sitemap was split: the index, each part's URL count
# and size, and whether every page of the site is listed exactly once.
# Heavy (a release build of ~50,000 articles); run by hand, not in CI.
#
#   bench/sitemap_scale.sh [ARTICLES]     (default 50500)
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-50500}"
base="/dev/shm"
[ -d "$base" ] || base="${TMPDIR:-/tmp}"
work="$base/helpbook-sitemap-$articles"
if [ ! -f "$work/book.toml" ]; then
  python3 bench/gen_corpus.py --articles "$articles" --out "$work" --format helpbook --force >/dev/null
fi
cargo build --release --quiet
rm -rf "$work/public"
/usr/bin/time -f "%e s wall, %M KB peak RSS" target/release/helpbook build --root "$work" --out "$work/public" --quiet 2>&1 |
  grep -v -e '^warning\[' -e '^  ' -e '^ *[0-9]* |' -e '^ *|' -e '^$' || true

python3 - "$work/public" <<'EOF'
import os, re, sys
out = sys.argv[1]
index = open(os.path.join(out, "sitemap.xml"), encoding="utf-8").read()
robots = open(os.path.join(out, "robots.txt"), encoding="utf-8").read()
print("robots.txt:", [l for l in robots.splitlines() if l.startswith("Sitemap:")])
if "<sitemapindex" not in index:
    locs = re.findall(r"<loc>([^<]*)</loc>", index)
    print(f"one sitemap.xml: {len(locs)} URLs, {len(index)} bytes")
    sys.exit(0)
parts = re.findall(r"<loc>([^<]*)</loc>", index)
print(f"sitemap.xml is an index of {len(parts)} sitemaps")
seen = []
for url in parts:
    name = url.rsplit("/", 1)[1]
    xml = open(os.path.join(out, name), encoding="utf-8").read()
    locs = re.findall(r"<loc>([^<]*)</loc>", xml)
    print(f"  {name}: {len(locs)} URLs, {len(xml)} bytes")
    assert len(locs) <= 50000 and len(xml) <= 52428800, name
    seen.extend(locs)
pages = sum(
    1 for d, _, files in os.walk(out) for f in files
    if f == "index.html" and "/search" not in d and "/static" not in d
)
print(f"{len(seen)} URLs in all, {len(set(seen))} distinct, in order: {seen == sorted(seen)}; "
      f"{pages} index.html pages in the output (search pages and alias redirects are not in sitemaps)")
EOF
