// helpbook search client: the browser half of src/search/FORMAT.md.
//
// Two parts in one dependency-free ES module:
//   * the core (openIndex, bestSection, snippet, …) runs in Node and in the
//     browser; given a fetch function it loads a language's manifest, the
//     shards a query's terms fall in (and the typo dictionary when a word is
//     not in the index), plans the query with plan.js and ranks exactly like
//     `helpbook search` (f32 BM25 per clause as tantivy computes it, the same
//     plan, the same combination, ties by doc id); then it loads the
//     metadata of the results shown;
//   * the UI (the bottom of this file) only runs when there is a document: it
//     turns the server-rendered form #hb-search into a combobox with results
//     as you type, and fills the /<lang>/search/ results page.
import { analyze } from "./analyzer.js";
import { corrections, endsInWord, highlightTerms, parseDictionary, plan, planTerms, rank, sectionTerms, withCharacters } from "./plan.js";

// ---------------------------------------------------------------- core ----

const f = Math.fround; // every BM25 operation is rounded to f32, like tantivy
const K1 = f(1.2);
const B = f(0.75);
const K1P1 = f(1 + K1);

/** The static index format this client reads (FORMAT.md). */
const FORMAT = 3;

/** tantivy's FIELD_NORMS_TABLE: field-norm id → (quantized) field length. */
const FIELD_NORMS = Array.from({ length: 256 }, (_, id) => {
  if (id < 24) return id;
  const e = id - 24;
  const b = e & 7;
  const s = e >> 3;
  return 24 + (s ? (b | 8) * 2 ** (s - 1) : b);
});

/**
 * Compares two strings by Unicode code point (= UTF-8 byte order), not by
 * UTF-16 code unit as `<` does: the two differ only when one side has a
 * surrogate (U+10000 and up) and the other a code unit U+E000–U+FFFF.
 */
export function compareTerms(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Move surrogates above U+E000–U+FFFF.
        x += x < 0xe000 ? 0x2000 : -0x800;
        y += y < 0xe000 ? 0x2000 : -0x800;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** A query's tokens: the analyzer's output, duplicates removed, order kept. */
export function queryTokens(query) {
  return [...new Set(analyze(query))];
}

/**
 * Decodes a shard file (FORMAT.md "Shard files") into a sorted term list and
 * a Map term → per field `null` or `{df, p}` where `p` is a flat array of
 * (doc, tf, fieldnorm id) triples.
 */
function decodeShard(buffer, fieldCount) {
  const bytes = new Uint8Array(buffer);
  const utf8 = new TextDecoder();
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    let byte;
    do {
      byte = bytes[at++];
      if (byte === undefined) throw new Error("truncated shard");
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };
  const terms = [];
  const entries = new Map();
  for (let count = varint(); count > 0; count--) {
    const length = varint();
    const term = utf8.decode(bytes.subarray(at, (at += length)));
    const fields = [];
    for (let i = 0; i < fieldCount; i++) {
      const df = varint();
      if (!df) {
        fields.push(null);
        continue;
      }
      const p = [];
      let doc = 0;
      for (let n = varint(), k = 0; k < n; k++) {
        doc = k ? doc + varint() : varint();
        p.push(doc, varint(), bytes[at++]);
      }
      fields.push({ df, p });
    }
    terms.push(term);
    entries.set(term, fields);
  }
  return { terms, entries };
}

/** Postings of one term in this language, over all fields. */
const postingCount = (fields) => fields.reduce((sum, e) => sum + (e ? e.p.length / 3 : 0), 0);

/**
 * Opens the static index of one language. `manifestUrl` may be relative to
 * the page; `fetchFn(url, init)` must return a promise of an object with
 * `ok`, `status`, `json()` and `arrayBuffer()` (a fetch Response, or a
 * stand-in that reads local files).
 *
 * The manifest has a fixed URL and is revalidated (`cache: "no-cache"`),
 * so it is never older than the files it names: shards by their content
 * hash, the other files (fixed names) with `?v=<version>`.
 */
export async function openIndex(manifestUrl, fetchFn = fetch) {
  const base = new URL(manifestUrl, globalThis.location?.href);
  const get = async (path, init) => {
    const url = new URL(path, base).href;
    const response = await fetchFn(url, init);
    if (!response.ok) throw new Error(`search: ${response.status} for ${url}`);
    return response;
  };
  const manifest = await (await get(base.href, { cache: "no-cache" })).json();
  if (manifest.format !== FORMAT) throw new Error(`search: unknown format ${manifest.format}`);
  const versioned = (path) => `${path}?v=${encodeURIComponent(manifest.version)}`;

  const N = manifest.num_docs;
  const fieldCount = manifest.fields.length;
  const boosts = manifest.boosts.map(f);
  const rules = manifest.rules;
  const ranking = rules.ranking;
  // Per field: the BM25 length normalization of every field-norm id.
  const norms = manifest.total_tokens.map((total) => {
    const avg = f(f(total) / f(N)); // tantivy rounds both counts to f32 first
    return FIELD_NORMS.map((dl) => f(K1 * f(f(1 - B) + f(f(B * f(dl)) / avg))));
  });
  const idf = (df) => f(Math.log(f(1 + f(f(f(N - df) + 0.5) / f(f(df) + 0.5)))));

  const shardCache = new Map(); // shard number → promise of a decoded shard
  const docCache = new Map(); // doc id → promise of its metadata
  let dictionary; // promise of the parsed typo dictionary, loaded on first need

  // The shard holding `term`: the last one whose first term is <= term.
  const shardOf = (term) => {
    let lo = 0;
    let hi = manifest.shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compareTerms(manifest.shards[mid], term) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const shard = (i) => {
    let promise = shardCache.get(i);
    if (!promise) {
      promise = get(`shards/${manifest.shard_hashes[i]}.bin`)
        .then((r) => r.arrayBuffer())
        .then((buffer) => decodeShard(buffer, fieldCount));
      promise.catch(() => shardCache.delete(i)); // let a later query retry
      shardCache.set(i, promise);
    }
    return promise;
  };
  const loadDictionary = () => {
    dictionary ??= manifest.words
      ? get(versioned(manifest.words))
          .then((r) => r.arrayBuffer())
          .then((buffer) => parseDictionary(new TextDecoder().decode(buffer)))
      : Promise.resolve([]);
    dictionary.catch(() => (dictionary = undefined));
    return dictionary;
  };

  // The shards the as-you-type expansions of `prefix` come from: the one it
  // falls in and the following ones whose first term starts with it.
  const prefixShards = (prefix) => {
    const list = [];
    for (let i = shardOf(prefix); i < manifest.shards.length && list.length < ranking.prefix_shards; i++) {
      if (list.length && !manifest.shards[i].startsWith(prefix)) break;
      list.push(i);
    }
    return list;
  };

  // The kind of a document of this language (undefined for other docs): a
  // binary search in the runs, sorted by first doc id.
  const runs = [...manifest.kind_runs].sort((a, b) => a[0] - b[0]);
  const kindOf = (doc) => {
    let lo = 0;
    let hi = runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [first, count, kind] = runs[mid];
      if (doc < first) hi = mid - 1;
      else if (doc >= first + count) lo = mid + 1;
      else return manifest.kinds[kind];
    }
    return undefined;
  };

  /**
   * Ranks the documents of this language for `query`, per FORMAT.md, and
   * resolves to `[{doc, score}]`: pinned articles first, then by score
   * descending, then doc id. The array also carries `terms` (to highlight:
   * the words of the query, their synonyms, corrections and expansions),
   * `sectionTerms` (to choose each result's best section: the words typed,
   * their corrections and expansions),
   * `corrections` ([typed, corrected] pairs, for "did you mean"),
   * `contacts` (true when the official channels card should show) and
   * `total`, the number of matching documents before the limit.
   *
   * `prefix` (as-you-type): when the query ends in a letter, digit or mark,
   * its last word also matches the words it starts (weighted below exact
   * matches, which always come first).
   */
  async function search(query, { kind, limit = 10, prefix = false } = {}) {
    const tokens = analyze(query);
    const loaded = new Map();
    const load = (indexes) => Promise.all([...new Set(indexes)].filter((i) => !loaded.has(i)).map(async (i) => loaded.set(i, await shard(i))));
    const lookup = (term) => loaded.get(shardOf(term))?.entries.get(term);

    // One round trip: the shards of every word, synonym and bonus term, and
    // those the last word's expansions come from.
    const everything = { known: () => true, corrections: () => [], expansions: () => [] };
    const typing = prefix && tokens.length && endsInWord(query);
    const first = planTerms(plan(query, rules, everything)).map(shardOf);
    await load(typing ? [...first, ...prefixShards(tokens.at(-1))] : first);

    let words = [];
    let wantsDictionary = false;
    const lexicon = {
      known: (term) => !!lookup(term),
      corrections: (token) => {
        wantsDictionary = true;
        return corrections(words, token, ranking);
      },
      expansions: (last, typed) => {
        const found = [];
        for (const i of prefixShards(last)) {
          const { terms: list, entries } = loaded.get(i);
          for (const term of list) {
            if (term.startsWith(last) && !typed.includes(term)) {
              found.push({ term, count: postingCount(entries.get(term)) });
            }
          }
        }
        found.sort((a, b) => b.count - a.count || compareTerms(a.term, b.term));
        return found.slice(0, ranking.prefix_terms).map((c) => c.term);
      },
    };
    let planned = plan(query, rules, lexicon, typing);
    if (wantsDictionary && manifest.words) {
      // A word the index does not have: the dictionary, then the shards of
      // its corrections (two more round trips, only for such queries).
      words = await loadDictionary();
      planned = plan(query, rules, lexicon, typing);
      await load(planTerms(planned).map(shardOf));
    }

    // Each term's score in each document: its field clauses in field order.
    const scores = new Map();
    const scoreTerms = (p) => {
      for (const term of planTerms(p)) {
        const fields = lookup(term);
        if (!fields || scores.has(term)) continue;
        const perDoc = new Map();
        fields.forEach((entry, field) => {
          if (!entry || !boosts[field]) return;
          const weight = f(f(idf(entry.df) * K1P1) * boosts[field]);
          const norm = norms[field];
          const p = entry.p;
          for (let k = 0; k < p.length; k += 3) {
            const tf = p[k + 1];
            const score = f(weight * f(tf / f(tf + norm[p[k + 2]])));
            perDoc.set(p[k], f((perDoc.get(p[k]) ?? 0) + score));
          }
        });
        scores.set(term, perDoc);
      }
    };
    const keep = (doc) => kindOf(doc) !== undefined && (!kind || kindOf(doc) === kind);
    scoreTerms(planned);
    let hits = rank(planned, ranking, scores, keep);
    if (hits.length < ranking.characters_below && planned.characters.length) {
      // Too few results: the query's characters (one more round trip).
      planned = withCharacters(planned);
      await load(planTerms(planned).map(shardOf));
      scoreTerms(planned);
      hits = rank(planned, ranking, scores, keep);
    }
    const results = hits.slice(0, limit);
    results.terms = highlightTerms(planned);
    results.sectionTerms = sectionTerms(planned);
    results.corrections = planned.corrections;
    results.contacts = planned.contacts;
    results.total = hits.length;
    return results;
  }

  /** Resolves to the metadata (docs/<id>.json) of each id, fetched once. */
  function docs(ids) {
    return Promise.all(
      ids.map((id) => {
        let promise = docCache.get(id);
        if (!promise) {
          promise = get(versioned(`docs/${id}.json`)).then((r) => r.json());
          promise.catch(() => docCache.delete(id));
          docCache.set(id, promise);
        }
        return promise;
      }),
    );
  }

  return { manifest, search, docs, kindOf, bestSection, snippet, popular: rules.popular };
}

/**
 * The section that holds the most distinct `tokens` among the analyzer tokens
 * of `heading + "\n" + text` (the earliest on a tie), with that count; the
 * section is null when no section holds any.
 */
function topSection(meta, tokens) {
  const wanted = new Set(tokens);
  let best = null;
  let most = 0;
  for (const section of meta.sections ?? []) {
    const found = new Set(analyze(`${section.heading}\n${section.text}`).filter((t) => wanted.has(t)));
    if (found.size > most) {
      most = found.size;
      best = section;
    }
  }
  return best;
}

/**
 * FORMAT.md's best section: the winner of topSection, or null when nothing
 * matches or the winner has no anchor (then a result links to the article).
 */
export function bestSection(meta, tokens) {
  const section = topSection(meta, tokens);
  return section?.anchor ? section : null;
}

// Character classes of the analyzer, to find where its tokens come from.
const MARK = /\p{M}/u;
const WORD = /[\p{Alphabetic}\p{N}]/u;
const BIGRAM = /[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Bopo}]/u;

/**
 * The UTF-16 ranges [from, to) of `text` whose analyzer tokens are among
 * `terms`, sorted and merged (overlapping bigrams become one range). A word
 * is marked whole; a CJK run character pair by pair.
 */
export function matchRanges(text, terms) {
  const wanted = new Set(terms);
  const units = []; // one per character (with its marks): [start, end, class]
  let at = 0;
  for (const c of text) {
    const k = MARK.test(c) ? -1 : WORD.test(c) ? (BIGRAM.test(c) ? 1 : 2) : 0;
    if (k < 0 && units.length) units.at(-1)[1] += c.length;
    else units.push([at, at + c.length, Math.max(k, 0)]);
    at += c.length;
  }
  const ranges = [];
  const mark = (from, to) => {
    const lastRange = ranges.at(-1);
    if (lastRange && from <= lastRange[1]) lastRange[1] = Math.max(lastRange[1], to);
    else ranges.push([from, to]);
  };
  const hit = (from, to) => analyze(text.slice(from, to)).some((t) => wanted.has(t));
  for (let i = 0; i < units.length; ) {
    const k = units[i][2];
    let j = i + 1;
    while (j < units.length && units[j][2] === k) j++;
    if (k === 2 || (k === 1 && j - i === 1)) {
      if (hit(units[i][0], units[j - 1][1])) mark(units[i][0], units[j - 1][1]);
    } else if (k === 1) {
      for (let n = i; n + 1 < j; n++) {
        if (hit(units[n][0], units[n + 1][1])) mark(units[n][0], units[n + 1][1]);
      }
    }
    i = j;
  }
  return ranges;
}

/**
 * A short window of `text` around its first match: `before` characters
 * before it, `width` characters in all, as `[{text, mark}]` segments with
 * the matched terms marked, `…` where the text was cut, newlines as spaces.
 */
export function snippet(text, terms, { before = 30, width = 120 } = {}) {
  text = String(text ?? "").replace(/\s+/g, " ").trim();
  const ranges = matchRanges(text, terms);
  // Code point boundaries, so that the window never splits a surrogate pair.
  const starts = [];
  for (let i = 0; i < text.length; i += text.codePointAt(i) > 0xffff ? 2 : 1) starts.push(i);
  starts.push(text.length);
  const first = ranges.length ? starts.findIndex((s) => s >= ranges[0][0]) : 0;
  const begin = Math.max(0, first - before);
  let from = starts[begin];
  const to = starts[Math.min(starts.length - 1, begin + width)];
  // Do not start in the middle of a word (text with spaces only).
  const space = from ? text.slice(from, starts[first]).indexOf(" ") : -1;
  if (space >= 0) from += space + 1;
  const out = [];
  const push = (s, isMark) => s && out.push({ text: s, mark: isMark });
  if (from > 0) push("…", false);
  let cursor = from;
  for (const [a, b] of ranges) {
    const x = Math.max(a, from);
    const y = Math.min(b, to);
    if (x >= y) continue;
    push(text.slice(cursor, x), false);
    push(text.slice(x, y), true);
    cursor = y;
  }
  push(text.slice(cursor, to), false);
  if (to < text.length) push("…", false);
  return out;
}

/**
 * What a result shows: title, the URL with the best section's anchor, that
 * section's heading, and a snippet of the text that matched best. The best
 * section is chosen with `sectionTerms` (the words the reader typed, and the
 * corrections and expansions that stand for them; default `terms`); the
 * snippet marks all of `terms` (synonyms too).
 */
export function describe(meta, terms, sectionTerms = terms) {
  const top = topSection(meta, sectionTerms);
  const best = top?.anchor ? top : null;
  const text = top ? top.text : meta.summary || meta.sections?.[0]?.text || "";
  return {
    title: meta.title,
    url: best ? `${meta.url}#${best.anchor}` : meta.url,
    kind: meta.kind,
    heading: best?.heading ?? "",
    snippet: snippet(text, terms),
  };
}

// ------------------------------------------------------------------ UI ----

/** Builds an element; `children` are nodes or strings (set as text). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === "class") el.className = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children.flat().filter((c) => c != null && c !== ""));
  return el;
}

/** Text with the ranges of `terms` inside <mark>. */
function marked(segments) {
  return segments.map((s) => (s.mark ? h("mark", {}, s.text) : s.text));
}

/** Only site-relative or http(s) URLs become links. */
const safeUrl = (url) => (/^(\/(?!\/)|https?:)/i.test(url) ? url : "#");

/**
 * The query with each corrected word replaced ("did you mean"):
 * `corrections` are [typed token, correction] pairs from search().
 */
export function suggestion(query, corrections) {
  let out = query;
  for (const [typed, corrected] of corrections) {
    out = out.replace(/[\p{Alphabetic}\p{N}\p{M}]+/gu, (word) => (analyze(word)[0] === typed ? corrected : word));
  }
  return out;
}

function setup(form) {
  const input = form.querySelector("#hb-search-input");
  const panel = document.getElementById("hb-search-results");
  if (!input || !panel || !form.dataset.manifest) return;
  const page = document.getElementById("hb-search-page");
  const data = form.dataset;
  let kinds = [];
  try {
    kinds = JSON.parse(data.kinds || "[]");
  } catch {
    // Without kind names there is simply no filter.
  }
  const kindName = (kind) => kinds.find((k) => k.kind === kind)?.name ?? kind;
  const text = (name, fallback, vars = {}) =>
    (data[name] || fallback).replace(/\{(\w+)\}/g, (m, key) => (key in vars ? vars[key] : m));

  // A query that is, or contains, a phone number, email, link, handle or
  // app version gets the verification page's verdict first (verify.js, the
  // same rules as `helpbook check`, from the site's contacts.json); both
  // are loaded only then, so they cost nothing for ordinary searches.
  let registry;
  const loadRegistry = () =>
    (registry ??= fetch(data.contacts).then((r) => {
      if (!r.ok) throw new Error(`${data.contacts}: ${r.status}`);
      return r.json();
    }));
  let verifyModule;
  const maybeContact = (q) => {
    const t = q.normalize("NFKC").trim().toLowerCase();
    return /[\d@:.]/.test(t) || /(telegram|twitter|wechat|weixin|微信|qq|电报|推特|tg|vx|x)\s/.test(t);
  };
  async function contactVerdict(q) {
    if (!data.contacts || !maybeContact(q)) return null;
    const { contactsIn, verdict, card } = await (verifyModule ??= import("./verify.js"));
    const reg = await loadRegistry();
    const [found] = contactsIn(q, reg);
    if (!found) return null;
    const v = verdict(found, reg);
    const lang = data.lang || document.documentElement.lang;
    const box = card(found, v, reg, lang);
    box.classList.add("hb-contact", v.status === "official" ? "ok" : "bad");
    const check = new URL(data.verify, location.href);
    check.searchParams.set("q", found.trim());
    box.append(h("p", {}, h("a", { class: "hb-verify-link", href: safeUrl(check.pathname + check.search) }, text("textVerify", "Check a contact"))));
    return box;
  }

  // The official channels card, from the site's contacts.json (its
  // `official` entries for this language, their links as the contact page
  // has them): shown for contact-intent queries (pins with
  // `contacts = true`) and when nothing is found. Fields it does not know
  // are ignored.
  async function channelsCard() {
    if (!data.contacts) return null;
    const reg = await loadRegistry();
    const lang = data.lang || document.documentElement.lang;
    const inLang = (map) => (map && typeof map === "object" ? map[lang] ?? Object.values(map)[0] : map);
    const list = (Array.isArray(reg?.official) ? reg.official : []).filter(
      (c) => !Array.isArray(c.languages) || !c.languages.length || c.languages.includes(lang),
    );
    if (!list.length) return null;
    const page = reg.pages?.[lang]?.contact;
    const title = text("textChannels", "Official channels");
    return h(
      "section",
      { class: "hb-channels", "aria-label": title },
      h("p", { class: "hb-channels-title" }, title),
      h(
        "ul",
        {},
        list.map((c) => {
          const value = String(c.value ?? "");
          const href = /^(tel:|mailto:|https?:)/i.test(c.href ?? "") ? c.href : null;
          const label = inLang(c.label);
          const hours = inLang(c.hours);
          return h(
            "li",
            {},
            label ? h("span", { class: "hb-channel-label" }, String(label)) : null,
            href ? h("a", { href }, value) : h("span", {}, value),
            hours ? h("span", { class: "hb-channel-hours" }, String(hours)) : null,
          );
        }),
      ),
      page ? h("a", { href: safeUrl(page) }, text("textChannelsAll", "All official contact methods")) : null,
    );
  }

  // "Did you mean": the query with its unknown words corrected, as a link
  // to its results.
  function didYouMean(q, corrections) {
    if (!corrections?.length) return null;
    const fixed = suggestion(q.trim(), corrections);
    const [before, after = ""] = text("textDidYouMean", "Did you mean {query}?").split("{query}");
    return h("p", { class: "hb-did-you-mean" }, before, h("a", { href: searchUrl(fixed) }, fixed), after);
  }

  // The language's promoted articles, when a query finds nothing.
  async function popular(idx) {
    if (!idx.popular?.length) return null;
    const metas = await idx.docs(idx.popular.slice(0, 5));
    return h(
      "section",
      { class: "hb-popular", "aria-label": text("textPopular", "Popular articles") },
      h("p", { class: "hb-popular-title" }, text("textPopular", "Popular articles")),
      h("ul", {}, metas.map((m) => h("li", {}, h("a", { href: safeUrl(m.url) }, m.title)))),
    );
  }

  // The results page shows its results in the page, the other pages in the
  // panel under the form.
  const host = page ? h("div", { class: "hb-page" }) : panel;
  if (page) {
    const heading = page.querySelector("h1");
    if (heading) heading.after(host);
    else page.prepend(host);
  }
  const limit = page ? 50 : 6; // six fit a phone screen and keep a cold query small
  const listId = "hb-search-listbox";
  panel.removeAttribute("aria-live"); // the status line below speaks instead
  if (!page) {
    // A combobox only where results pop up under the box; the results page
    // lists them in the page, reached with Tab like any links.
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");
  }

  let index; // promise of the opened index, loaded on first use
  const open = () => (index ??= openIndex(data.manifest));
  let kind = "";
  let seq = 0; // the latest search; older ones are dropped when they finish
  let active = -1;
  let options = [];
  let timer;

  // A live region that exists before it changes, so screen readers announce
  // the number of results (the panel itself is not live: too verbose).
  const status = h("p", { class: "sr-only", role: "status" });
  panel.after(status);
  const searchUrl = (q) => {
    const url = new URL(form.action || location.href, location.href);
    url.search = "";
    if (q) url.searchParams.set("q", q);
    if (kind) url.searchParams.set("kind", kind);
    return url.href;
  };

  const setExpanded = (on) => {
    if (!page) input.setAttribute("aria-expanded", String(on));
    if (!on) setActive(-1);
  };
  const close = () => {
    if (page) return;
    host.replaceChildren();
    status.textContent = "";
    options = [];
    setExpanded(false);
  };

  function setActive(i) {
    options[active]?.setAttribute("aria-selected", "false");
    active = i;
    const option = options[i];
    if (option) {
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView?.({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  // The kind filter: one toggle button per kind this language has.
  function chips(available) {
    const list = [{ kind: "", name: text("textAll", "All") }, ...kinds.filter((k) => available.includes(k.kind))];
    if (list.length < 3) return null; // one kind only: nothing to filter
    return h(
      "div",
      { class: "hb-kinds", role: "group", "aria-label": text("textFilter", "Filter by topic") },
      list.map((k) => {
        const button = h("button", { type: "button", "aria-pressed": String(k.kind === kind) }, k.name);
        button.addEventListener("click", () => {
          kind = k.kind;
          input.focus();
          run(0);
        });
        return button;
      }),
    );
  }

  function render(q, idx, items, total, lead = null, extra = {}) {
    const nodes = [lead, extra.hint, extra.card, chips(idx.manifest.kinds)];
    // The panel is a listbox whose options are the links themselves (no
    // link nested in an option), reached with the arrow keys; the results
    // page is a plain list of links, reached with Tab.
    options = items.map((item, i) => {
      const body = [
        h("span", { class: "hb-title" }, marked(item.titleMarks)),
        item.heading ? h("span", { class: "hb-section" }, item.heading) : null,
        h("span", { class: "hb-snippet" }, marked(item.snippet)),
        h("span", { class: `hb-kind kind-${item.kind}` }, kindName(item.kind)),
      ];
      if (page) return h("li", { class: "hb-option" }, h("a", { href: safeUrl(item.url) }, body));
      const attrs = { id: `hb-option-${i}`, role: "option", "aria-selected": "false", class: "hb-option" };
      return h("a", { ...attrs, href: safeUrl(item.url), tabindex: "-1" }, body);
    });
    const label = text("textResults", "Search results");
    const none = text("textNone", "No results for “{query}”.", { query: q });
    // The number of results: read out on every page, shown on the results page.
    const count = text(total === 1 ? "textCountOne" : "textCount", "{count} results", { count: total });
    status.textContent = total ? count : lead ? lead.firstChild.textContent : none;
    if (page && total) nodes.push(h("p", { class: "hb-count" }, count));
    if (options.length) {
      nodes.push(
        page
          ? h("ol", { class: "hb-list", "aria-label": label }, options)
          : h("div", { id: listId, role: "listbox", "aria-label": label, class: "hb-list" }, options),
      );
      if (!page && total > limit) {
        nodes.push(h("a", { class: "hb-all", href: searchUrl(q) }, text("textMore", "See all results")));
      }
    } else if (!lead) {
      nodes.push(h("p", { class: "hb-none" }, none));
    }
    nodes.push(extra.popular);
    active = -1;
    host.replaceChildren(...nodes.filter(Boolean));
    input.removeAttribute("aria-activedescendant");
    if (!page) input.setAttribute("aria-expanded", String(options.length > 0));
  }

  // Runs the query in the box; `prefix` while typing.
  async function run(delay, prefix = true) {
    clearTimeout(timer);
    const mine = ++seq;
    if (delay) await new Promise((resolve) => (timer = setTimeout(resolve, delay)));
    if (mine !== seq) return;
    const q = input.value;
    if (page) history.replaceState(history.state, "", searchUrl(q.trim()));
    if (!q.trim()) {
      close();
      if (page) host.replaceChildren();
      return;
    }
    try {
      const idx = await open();
      const hits = await idx.search(q, { kind: kind || undefined, limit, prefix });
      const metas = await idx.docs(hits.map((hit) => hit.doc));
      const lead = await contactVerdict(q).catch((error) => {
        console.warn(error); // the results still show
        return null;
      });
      // Never an empty box: with no results, the official channels and
      // the popular articles; with contact intent, the channels first.
      const quiet = (promise) =>
        promise.catch((error) => {
          console.warn(error);
          return null;
        });
      const extra = {
        hint: didYouMean(q, hits.corrections),
        card: hits.contacts || !hits.length ? await quiet(channelsCard()) : null,
        popular: hits.length ? null : await quiet(popular(idx)),
      };
      if (mine !== seq) return;
      render(
        q,
        idx,
        metas.map((meta) => ({ ...describe(meta, hits.terms, hits.sectionTerms), titleMarks: snippet(meta.title, hits.terms, { before: 1e9, width: 1e9 }) })),
        hits.total,
        lead,
        extra,
      );
    } catch (error) {
      if (mine !== seq) return;
      index = undefined; // try again next time
      console.error(error);
      options = [];
      host.replaceChildren(h("p", { class: "hb-none" }, text("textError", "Search is not available right now.")));
      setExpanded(false);
    }
  }

  // While an input method composes (pinyin, kana…), wait for the result.
  input.addEventListener("input", (event) => event.isComposing || run(150));
  input.addEventListener("compositionend", () => run(150));
  // The manifest is fetched (revalidated) when it is useful: at once on
  // the results page, else when the box gets focus, while the reader types;
  // the first query then needs only its shards and the results' metadata.
  if (page) open().catch(() => (index = undefined));
  input.addEventListener("focus", () => {
    open().catch(() => (index = undefined));
    if (!page && input.value.trim() && !options.length) run(0);
  });
  input.addEventListener("keydown", (event) => {
    const n = page ? 0 : options.length; // the results page has no combobox
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!n) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      location.assign(options[active].href);
    } else if (event.key === "Escape") {
      // First close the list (or leave the option), then clear the box.
      event.preventDefault();
      if (!page && n) close();
      else if (active >= 0) setActive(-1);
      else if (input.value) {
        input.value = "";
        run(0);
      }
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (page) run(0, false);
    else if (input.value.trim()) location.assign(searchUrl(input.value.trim()));
  });
  // Close the panel when the reader moves elsewhere.
  const inside = (node) => node && (form.contains(node) || host.contains(node));
  document.addEventListener("pointerdown", (event) => inside(event.target) || close());
  form.addEventListener("focusout", (event) => inside(event.relatedTarget) || close());
  host.addEventListener("focusout", (event) => inside(event.relatedTarget) || close());

  if (page) {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") ?? "";
    kind = params.get("kind") ?? "";
    if (input.value.trim()) run(0, false);
  }
}

if (typeof document !== "undefined") {
  const form = document.getElementById("hb-search");
  if (form) setup(form);
}
