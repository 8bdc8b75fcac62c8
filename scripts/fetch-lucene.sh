#!/usr/bin/env bash
# Fetches real Lucene for tests/lucene_parity.rs (ranking agreement of the
# OpenSearch export with helpbook's tantivy ranking) and caches it.
#
# OpenSearch itself is published only to Maven Central and its own artifact
# host, neither of which this project's machines and CI reach; PyPI is
# reachable, and the `pyserini` source distribution ships Anserini's fat jar,
# which contains Lucene 9.9.1 with its analysis-common module: the same
# Lucene classes OpenSearch 2.x builds its analyzers and BM25 from.
#
#   scripts/fetch-lucene.sh        prints the jar's path (fetching it once)
#
# Cache: ${HELPBOOK_CACHE:-~/.cache/helpbook}/lucene/ (about 170 MB).
set -euo pipefail
version=1.6.0
jar_name=anserini-1.7.1-fatjar.jar
cache="${HELPBOOK_CACHE:-$HOME/.cache/helpbook}/lucene"
jar="$cache/$jar_name"
if [ -s "$jar" ]; then
  echo "$jar"
  exit 0
fi
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== fetching Lucene (pyserini $version from PyPI, about 165 MB) into $cache" >&2
python3 -m pip download --quiet --no-deps --no-binary :all: -d "$work" "pyserini==$version" >&2
tar -xzf "$work/pyserini-$version.tar.gz" -C "$work" "pyserini-$version/pyserini/resources/jars/$jar_name"
mv "$work/pyserini-$version/pyserini/resources/jars/$jar_name" "$jar.tmp"
mv "$jar.tmp" "$jar"
echo "$jar"
