// Runs the browser search client, as the built site serves it, under Node
// for tests/search_parity.rs.
// Usage: node search_parity.mjs SITE_DIR LANG QUERIES_FILE
//   SITE_DIR      a built site (the output of `helpbook build`)
//   LANG          a language code as in book.toml (e.g. zh-CN or en; case does not matter)
//   QUERIES_FILE  a JSON array of {"query": "...", "kind": "faq" | null, "prefix": bool}
// Prints one JSON array: [{query, kind, prefix, results: [{doc, score}],
// corrections, contacts}], each query run with limit 10, as FORMAT.md says.
import { readFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [siteDir, lang, queriesFile] = process.argv.slice(2);
if (!queriesFile) {
  console.error('usage: node search_parity.mjs SITE_DIR LANG QUERIES_FILE');
  process.exit(2);
}

/** A fetch stand-in that reads file: URLs from disk. */
async function fetchFile(url) {
  try {
    const bytes = await readFile(fileURLToPath(url));
    return {
      ok: true,
      status: 200,
      json: async () => JSON.parse(bytes.toString('utf8')),
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    };
  } catch {
    return { ok: false, status: 404 };
  }
}

// The client exactly as the site serves it (static/search.<hash>.js and
// the modules it imports, as `helpbook build` published them).
const script = readdirSync(join(siteDir, 'static')).find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
const { openIndex } = await import(pathToFileURL(join(siteDir, 'static', script)).href);

const site = JSON.parse(readFileSync(join(siteDir, 'search/index.json'), 'utf8'));
const code = Object.keys(site.languages).find((c) => c.toLowerCase() === lang.toLowerCase());
if (!code) {
  console.error(`no static index for language ${lang} (have: ${Object.keys(site.languages).join(', ')})`);
  process.exit(1);
}
const index = await openIndex(pathToFileURL(join(siteDir, site.languages[code])).href, fetchFile);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const out = [];
for (const { query, kind = null, prefix = false } of queries) {
  const hits = await index.search(query, { kind: kind ?? undefined, limit: 10, prefix });
  out.push({
    query,
    kind,
    prefix,
    results: hits.map(({ doc, score }) => ({ doc, score })),
    corrections: hits.corrections,
    contacts: hits.contacts,
  });
}
process.stdout.write(JSON.stringify(out));
