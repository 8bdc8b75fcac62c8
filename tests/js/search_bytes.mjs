// What one cold query downloads, for the benchmark note.
// Usage: node search_bytes.mjs SITE_DIR LANG QUERY [LIMIT]
// Runs QUERY as the search box does (prefix on, LIMIT results, default 8,
// then their metadata) with a fresh client, and prints JSON: the files
// fetched in each sequential round trip, with raw and gzip -9 sizes, and
// the client's own size (analyzer.js + search.js, gzipped).
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openIndex } from '../../themes/default/static/search.js';

const [siteDir, lang, query, limit = '8'] = process.argv.slice(2);
if (!query) {
  console.error('usage: node search_bytes.mjs SITE_DIR LANG QUERY [LIMIT]');
  process.exit(2);
}
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const fetched = [];
let trip = 0; // incremented between the steps that must wait for each other
async function fetchFile(url) {
  const bytes = await readFile(fileURLToPath(url));
  fetched.push({ trip, file: url.slice(url.indexOf('/search/') + 1), bytes: bytes.length, gzip: gz(bytes) });
  return {
    ok: true,
    status: 200,
    json: async () => JSON.parse(bytes.toString('utf8')),
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  };
}

const site = JSON.parse(readFileSync(join(siteDir, 'search/index.json'), 'utf8'));
const code = Object.keys(site.languages).find((c) => c.toLowerCase() === lang.toLowerCase());
const started = performance.now();
const index = await openIndex(pathToFileURL(join(siteDir, site.languages[code])).href, fetchFile);
trip++;
const hits = await index.search(query, { limit: Number(limit), prefix: true });
trip++;
await index.docs(hits.map((h) => h.doc));
const elapsed = performance.now() - started;

const static_ = fileURLToPath(new URL('../../themes/default/static/', import.meta.url));
const client = Buffer.concat(['analyzer.js', 'search.js'].map((f) => readFileSync(join(static_, f))));
const sum = (key) => fetched.reduce((n, f) => n + f[key], 0);
console.log(
  JSON.stringify(
    {
      query,
      lang: code,
      results: hits.length,
      round_trips: trip + 1,
      files: fetched.length,
      bytes: sum('bytes'),
      gzip: sum('gzip'),
      client_gzip: gz(client),
      total_gzip_with_client: sum('gzip') + gz(client),
      ms_from_disk: Math.round(elapsed),
      fetched,
    },
    null,
    1,
  ),
);
