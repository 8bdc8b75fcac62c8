// What one cold query downloads, and in how many sequential round trips.
// Usage: node search_bytes.mjs SITE_DIR LANG QUERY [LIMIT]
// Runs QUERY as the search box does (prefix on, LIMIT results, default 6 as the search box,
// then their metadata) with a fresh client, and prints JSON: the files
// fetched in each round trip with raw and gzip -9 sizes.
//
// Round trips are measured, not assumed: every fetch answers after a
// simulated 20 ms of latency, so a fetch that starts a full latency after
// the current round trip began waited for it and opens the next one. The
// first round trip is the manifest, which the client fetches (revalidates)
// when the reader focuses the search box; the client's modules, which every
// page already loads (`<link rel="modulepreload">`), are counted in it
// with their gzipped sizes.
import { readFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const [siteDir, lang, query, limit = '6'] = process.argv.slice(2);
if (!query) {
  console.error('usage: node search_bytes.mjs SITE_DIR LANG QUERY [LIMIT]');
  process.exit(2);
}
const LATENCY = 20;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
let started = 0; // set when the page would have its client: just before openIndex
const fetched = [];
async function fetchFile(url) {
  const at = performance.now() - started;
  const bytes = await readFile(fileURLToPath(url));
  await new Promise((ok) => setTimeout(ok, LATENCY));
  fetched.push({ at, file: url.slice(url.indexOf('/search/') + 1), bytes: bytes.length, gzip: gz(bytes) });
  return {
    ok: true,
    status: 200,
    json: async () => JSON.parse(bytes.toString('utf8')),
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  };
}

// The client as the site serves it: search.<hash>.js and what it imports.
const staticDir = join(siteDir, 'static');
const script = readdirSync(staticDir).find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
const { openIndex } = await import(pathToFileURL(join(staticDir, script)).href);
const imported = [...readFileSync(join(staticDir, script), 'utf8').matchAll(/from "\.\/([^"]+)"/g)].map((m) => m[1]);

const site = JSON.parse(readFileSync(join(siteDir, 'search/index.json'), 'utf8'));
const code = Object.keys(site.languages).find((c) => c.toLowerCase() === lang.toLowerCase());
started = performance.now();
const index = await openIndex(pathToFileURL(join(siteDir, site.languages[code])).href, fetchFile);
const hits = await index.search(query, { limit: Number(limit), prefix: true });
await index.docs(hits.map((h) => h.doc));

// The client: search.js and the modules it imports (what base.html preloads).
const modules = [script, ...imported].map((file) => {
  const bytes = readFileSync(join(staticDir, file));
  return { at: 0, file: `static/${file}`, bytes: bytes.length, gzip: gz(bytes) };
});
const all = [...modules, ...fetched].sort((a, b) => a.at - b.at);
// A fetch that starts a full latency after the current round trip began
// must have waited for it: it opens the next round trip.
let trip = 0;
let tripStart = -Infinity;
for (const f of all) {
  if (f.at - tripStart >= LATENCY) {
    trip++;
    tripStart = f.at;
  }
  f.trip = trip;
}
const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
console.log(
  JSON.stringify(
    {
      query,
      lang: code,
      results: hits.length,
      corrections: hits.corrections,
      round_trips: trip,
      files: all.length,
      bytes: sum(all, 'bytes'),
      gzip: sum(all, 'gzip'),
      client_gzip: sum(modules, 'gzip'),
      per_trip_gzip: Array.from({ length: trip }, (_, i) => sum(all.filter((f) => f.trip === i + 1), 'gzip')),
      fetched: all.map(({ trip: t, at, file, bytes, gzip }) => ({ trip: t, at: Math.round(at), file, bytes, gzip })),
    },
    null,
    1,
  ),
);
