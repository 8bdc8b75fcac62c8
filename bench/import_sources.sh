#!/usr/bin/env bash
# Imports every fixture of tests/fixtures/import/ with `helpbook import` and
# prints, per source format: articles imported (per language), internal
# links pointed at helpbook paths, links left broken (with the reason, from
# import-report.md), files copied, items not mapped and contacts found.
# Then checks each imported site once its suggested contacts are copied
# into book.toml (as a writer would) and counts broken-link diagnostics.
#
#   bench/import_sources.sh            # uses target/debug/helpbook (builds it)
#   HELPBOOK=path/to/helpbook bench/import_sources.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${HELPBOOK:-}" ]]; then
  cargo build --quiet
  HELPBOOK=target/debug/helpbook
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-11s %-34s %9s %7s %6s %9s %9s %14s\n' format articles rewritten broken files unmapped contacts check-broken
for format in gitbook docusaurus mdbook hugo zola zendesk; do
  site="$work/$format"
  "$HELPBOOK" import "tests/fixtures/import/$format" "$site" > "$work/$format.out"
  line=$(head -1 "$work/$format.out")
  articles=$(sed -n 's/^- \([0-9]* articles (.*)\)$/\1/p' "$site/import-report.md")
  rewritten=$(sed -n 's/^- \([0-9]*\) links rewritten.*/\1/p' "$site/import-report.md")
  broken=$(sed -n 's/^- \([0-9]*\) links left as written.*/\1/p' "$site/import-report.md")
  files=$(sed -n 's/^- \([0-9]*\) files copied.*/\1/p' "$site/import-report.md")
  unmapped=$(echo "$line" | sed -n 's/.* \([0-9]*\) not mapped.*/\1/p')
  contacts=$(echo "$line" | sed -n 's/.* \([0-9]*\) contacts to review.*/\1/p')
  cat "$site/suggested-contacts.toml" >> "$site/book.toml"
  check_broken=$("$HELPBOOK" check --root "$site" --format json | grep -c '"code":"broken-\(link\|anchor\)"\|"code":"missing-image"' || true)
  printf '%-11s %-34s %9s %7s %6s %9s %9s %14s\n' "$format" "$articles" "$rewritten" "$broken" "$files" "$unmapped" "$contacts" "$check_broken"
  sed -n '/links left as written/,/^$/p' "$site/import-report.md" | sed -n 's/^  - /    broken: /p'
done
