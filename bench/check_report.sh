#!/usr/bin/env bash
# How `helpbook check` reports a large site with a realistic share of
# problems (bench/problem_site.py): lines of the human report, records of
# the JSON report, and the time and peak memory of `check`.
#
#   bench/check_report.sh [ARTICLES]          (default 10000)
#   HELPBOOK=/path/to/helpbook bench/check_report.sh   (another binary, e.g. an older build)
#
# A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-10000}"
work="${TMPDIR:-/tmp}/helpbook-problems-$articles"

if [ ! -f "$work/book.toml" ]; then
  python3 bench/problem_site.py --articles "$articles" --out "$work"
fi
if [ -z "${HELPBOOK:-}" ]; then
  cargo build --release --quiet
  HELPBOOK=target/release/helpbook
fi
day=(--today 2026-11-24)

# A cold run (no .helpbook/cache: every article's Markdown is rendered),
# then three with the cache that run left (what a writer's second run
# costs); the best of those is reported (the machine may be shared).
rm -rf "$work/.helpbook"
/usr/bin/time -f "%e %U %M" -o "$work/time.txt" \
  "$HELPBOOK" check --root "$work" "${day[@]}" 2>/dev/null || true
read -r cold cold_user _ < <(tail -n 1 "$work/time.txt")
best=""
for run in 1 2 3; do
  /usr/bin/time -f "%e %U %M" -o "$work/time.txt" \
    "$HELPBOOK" check --root "$work" "${day[@]}" 2>"$work/human.txt" || true
  # (time writes "Command exited with non-zero status 1" first when check fails)
  read -r seconds user kbytes < <(tail -n 1 "$work/time.txt")
  if [ -z "$best" ] || awk "BEGIN{exit !($seconds < $best)}"; then
    best=$seconds best_user=$user best_kbytes=$kbytes
  fi
done
"$HELPBOOK" check --root "$work" "${day[@]}" --format json >"$work/report.jsonl" 2>/dev/null || true

echo "site:            $work ($articles articles)"
echo "binary:          $HELPBOOK"
echo "human report:    $(wc -l <"$work/human.txt") lines ($(tail -n 1 "$work/human.txt"))"
echo "json report:     $(wc -l <"$work/report.jsonl") records"
echo "check, cold:     ${cold} s wall, ${cold_user} s user CPU"
echo "check, cached:   ${best} s wall, ${best_user} s user CPU, peak memory $((best_kbytes / 1024)) MB (best of 3)"
echo "by code (json):"
python3 - "$work/report.jsonl" <<'EOF'
import collections, json, sys
counts = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    counts[(d["severity"], d["code"])] += 1
for (severity, code), n in sorted(counts.items()):
    print(f"  {n:6d}  {severity:8s} {code}")
EOF
