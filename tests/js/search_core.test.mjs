// Unit tests of the search client's core (themes/default/static/search.js)
// on a small static index written here by hand, per src/search/FORMAT.md.
// Run: node --test tests/js/
// (Ranking parity with tantivy on real builds is tests/search_parity.rs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openIndex, compareTerms, bestSection, snippet, matchRanges, describe } from '../../themes/default/static/search.js';

const f = Math.fround;

// ---- a tiny exporter: manifest, shards and docs in memory ----------------

function varint(out, n) {
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
}

/** terms: {term: [per field: null | {df, postings: [[doc, tf, fieldnormId]]}]} */
function shardBytes(terms) {
  const out = [];
  const names = Object.keys(terms).sort(compareTerms);
  varint(out, names.length);
  for (const name of names) {
    const bytes = new TextEncoder().encode(name);
    varint(out, bytes.length);
    out.push(...bytes);
    for (const field of terms[name]) {
      if (!field) {
        varint(out, 0);
        continue;
      }
      varint(out, field.df);
      varint(out, field.postings.length);
      let previous = 0;
      field.postings.forEach(([doc, tf, norm], i) => {
        varint(out, i ? doc - previous : doc);
        varint(out, tf);
        out.push(norm);
        previous = doc;
      });
    }
  }
  return new Uint8Array(out);
}

const one = (df, postings) => ({ df, postings });
const TERMS = {
  // shard 0: ["", "m")
  account: [one(3, [[10, 1, 3]]), null, null, one(5, [[10, 2, 40], [11, 1, 30], [13, 4, 60]])],
  'apple': [null, null, null, one(1, [[12, 1, 20]])],
  // shard 1: ["m", "提")
  money: [null, one(2, [[11, 1, 5]]), null, one(4, [[10, 1, 40], [12, 3, 20]])],
  pass: [null, null, null, one(1, [[13, 1, 60]])],
  passport: [null, null, null, one(1, [[12, 1, 20]])],
  password: [one(2, [[11, 1, 4]]), null, one(1, [[11, 1, 2]]), one(3, [[10, 1, 40], [11, 2, 30]])],
  passwords: [null, null, null, one(1, [[13, 1, 60]])],
  tiea: [null, null, null, one(1, [[13, 1, 20]])],
  tieb: [null, null, null, one(1, [[12, 1, 20]])],
  // shard 2: ["提", "\u{FA0E}")
  提现: [one(2, [[12, 1, 6]]), null, null, one(3, [[12, 2, 20], [13, 1, 60]])],
  // shard 3: ["\u{FA0E}", …). U+20000 sorts after U+FA0E by code point, but
  // before it in UTF-16 (a surrogate, U+D840, comes first): a client that
  // compared with `<` would look for it in shard 2.
  '\u{FA0E}': [null, null, null, one(1, [[12, 1, 20]])],
  '\u{20000}': [null, null, null, one(1, [[13, 1, 60]])],
};
const SHARDS = ['', 'm', '提', '\u{FA0E}'];
const RANKING = {
  coord: 1,
  characters_below: 10,
  synonym: 0.9,
  typo: [0.7, 0.5],
  typo_length: [4, 8],
  typo_terms: 3,
  prefix: 0.6,
  prefix_terms: 20,
  prefix_shards: 3,
};
const MANIFEST = {
  format: 3,
  lang: 'en',
  num_docs: 20,
  fields: ['title', 'headings', 'tags', 'body'],
  boosts: [4.0, 2.0, 2.0, 1.0],
  total_tokens: [100, 200, 40, 5000],
  kinds: ['contact', 'faq', 'security', 'release'],
  kind_runs: [[10, 2, 1], [12, 2, 2]],
  version: 'v7',
  shards: SHARDS,
  shard_hashes: SHARDS.map((_, i) => `h${i}`),
  words: 'words.txt',
  rules: {
    ranking: RANKING,
    // Already analyzed, as the build writes them.
    synonyms: [[['cash'], ['money']]],
    pins: [{ exact: [['pin', 'me']], contains: [['call', 'us']], docs: [13, 11], contacts: true }],
    popular: [11],
  },
};
const WORDS = 'account 3\npassport 1\npassword 3\n';
const DOCS = {
  10: { title: 'Account', url: '/en/a/', kind: 'faq', category: '', summary: 's', sections: [{ anchor: '', heading: '', text: 'about the account' }] },
  11: { title: 'Password', url: '/en/p/', kind: 'faq', category: '', summary: '', sections: [] },
  12: { title: '提现', url: '/en/w/', kind: 'security', category: '', summary: '', sections: [] },
  13: { title: 'x', url: '/en/x/', kind: 'security', category: '', summary: '', sections: [] },
};

function files() {
  const map = new Map([['http://h/s/manifest.json', JSON.stringify(MANIFEST)]]);
  SHARDS.forEach((first, i) => {
    const next = SHARDS[i + 1];
    const mine = Object.fromEntries(
      Object.entries(TERMS).filter(([t]) => compareTerms(first, t) <= 0 && (next === undefined || compareTerms(t, next) < 0)),
    );
    map.set(`http://h/s/shards/h${i}.bin`, shardBytes(mine));
  });
  for (const [id, meta] of Object.entries(DOCS)) map.set(`http://h/s/docs/${id}.json?v=v7`, JSON.stringify(meta));
  map.set('http://h/s/words.txt?v=v7', new TextEncoder().encode(WORDS));
  return map;
}

async function open() {
  const map = files();
  const fetched = [];
  const fetchFn = async (url, init) => {
    // Recorded without the version (`?v=v7`, which the map requires).
    fetched.push(url.replace('http://h/s/', '').replace(/\?v=v7$/, ''));
    // The manifest has a fixed URL: always revalidated.
    assert.equal(init?.cache, url.endsWith('manifest.json') ? 'no-cache' : undefined, url);
    const body = map.get(url);
    if (body === undefined) return { ok: false, status: 404 };
    return {
      ok: true,
      status: 200,
      json: async () => JSON.parse(body),
      arrayBuffer: async () => (typeof body === 'string' ? new TextEncoder().encode(body) : body).buffer,
    };
  };
  const index = await openIndex('http://h/s/manifest.json', fetchFn);
  return { index, fetched };
}

// The formula of FORMAT.md, written out once more for one clause.
function clause(df, tf, fieldnormId, field) {
  const N = MANIFEST.num_docs;
  const table = (id) => (id < 24 ? id : 24 + ((id - 24) >> 3 ? (((id - 24) & 7) | 8) * 2 ** (((id - 24) >> 3) - 1) : (id - 24) & 7));
  const idf = f(Math.log(f(1 + f(f(N - df + 0.5) / f(df + 0.5)))));
  const avg = f(f(MANIFEST.total_tokens[field]) / f(N));
  const norm = f(f(1.2) * f(f(1 - f(0.75)) + f(f(f(0.75) * table(fieldnormId)) / avg)));
  const weight = f(f(idf * f(1 + f(1.2))) * f(MANIFEST.boosts[field]));
  return f(weight * f(tf / f(tf + norm)));
}

// ---- tests -----------------------------------------------------------------

test('terms compare by code point, like UTF-8 bytes', () => {
  const samples = ['', 'a', 'ab', 'b', '\u{FF21}', '\u{E000}', '\u{D7FF}', '\u{20000}', '\u{20000}a', '\u{10FFFF}', '提', '提现', 'z'];
  for (const a of samples) {
    for (const b of samples) {
      const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.equal(Math.sign(compareTerms(a, b)), bytes, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
});

test('one shard per term range is fetched, and only once', async () => {
  const { index, fetched } = await open();
  await index.search('password');
  assert.deepEqual(fetched, ['manifest.json', 'shards/h1.bin']);
  await index.search('account 提现');
  await index.search('password money');
  assert.deepEqual(fetched.sort(), ['manifest.json', 'shards/h0.bin', 'shards/h1.bin', 'shards/h2.bin']);
});

test('scores: each term sums its fields in order, units add up, coordination scales', async () => {
  const { index } = await open();
  const hits = await index.search('password account');
  const sum = (...xs) => xs.reduce((s, x) => f(s + x), 0);
  // A term's score: its field clauses in field order.
  const pw11 = sum(clause(2, 1, 4, 0), clause(1, 1, 2, 2), clause(3, 2, 30, 3));
  const ac11 = clause(5, 1, 30, 3);
  const pw10 = clause(3, 1, 40, 3);
  const ac10 = sum(clause(3, 1, 3, 0), clause(5, 2, 40, 3));
  // Both units matched: coordination 2/2; doc 13 has one of two: ×0.5.
  const d11 = sum(pw11, ac11);
  const d10 = sum(pw10, ac10);
  const d13 = f(clause(5, 4, 60, 3) * f(f(1) / f(2)));
  assert.deepEqual(hits.map((h) => h.doc), [11, 10, 13]);
  assert.equal(hits.find((h) => h.doc === 11).score, d11);
  assert.equal(hits.find((h) => h.doc === 10).score, d10);
  assert.equal(hits.find((h) => h.doc === 13).score, d13);
  assert.equal(hits.total, 3);
  assert.deepEqual(hits.corrections, []);
  assert.equal(hits.contacts, false);
});

test('duplicate tokens count once; ties go to the lower doc id; limit', async () => {
  const { index } = await open();
  const once = await index.search('money');
  const twice = await index.search('money Money moneys');
  assert.deepEqual([...twice], [...once]);
  // Equal scores (doc 13 scored first): ordered by doc id.
  const tie = await index.search('tiea tieb');
  assert.deepEqual(tie.map((h) => h.doc), [12, 13]);
  assert.equal(tie[0].score, tie[1].score);
  const limited = await index.search('account money', { limit: 2 });
  assert.equal(limited.length, 2);
  assert.equal(limited.total, 4);
});

test('a synonym finds what the other word finds, a little below it', async () => {
  const { index } = await open();
  const money = await index.search('money');
  const cash = await index.search('cash');
  assert.deepEqual(cash.map((h) => h.doc), money.map((h) => h.doc));
  cash.forEach((h, i) => assert.equal(h.score, f(money[i].score * f(0.9))));
  assert.deepEqual(cash.terms, ['cash', 'money']);
});

test('an unknown word is corrected from the dictionary, loaded only then', async () => {
  const { index, fetched } = await open();
  await index.search('password');
  assert.ok(!fetched.includes('words.txt'), 'known words need no dictionary');
  const exact = await index.search('password');
  const typo = await index.search('pasword');
  assert.ok(fetched.includes('words.txt'));
  assert.deepEqual(typo.corrections, [['pasword', 'password']]);
  // One edit: weight 0.7, same order as the word spelt right.
  assert.deepEqual(typo.map((h) => h.doc), exact.map((h) => h.doc));
  typo.forEach((h, i) => assert.equal(h.score, f(exact[i].score * f(0.7))));
  // Too short to correct, or not letters: nothing.
  assert.deepEqual([...(await index.search('pas'))], []);
  assert.deepEqual((await index.search('passw0rd')).corrections, []);
});

test('pins come first, in order, with the contact card', async () => {
  const { index } = await open();
  const pinned = await index.search('pin me');
  assert.deepEqual(pinned.map((h) => h.doc), [13, 11]);
  assert.equal(pinned.contacts, true);
  assert.equal(pinned[0].score, 0, 'a pinned article need not match');
  const inside = await index.search('please call us about password');
  assert.deepEqual(inside.slice(0, 2).map((h) => h.doc), [13, 11]);
  assert.ok(inside.slice(2).every((h) => h.doc !== 11 && h.doc !== 13));
  // `exact` needs the whole query; the kind filter applies to pins too.
  assert.deepEqual((await index.search('pin me now')).contacts, false);
  assert.deepEqual((await index.search('pin me', { kind: 'faq' })).map((h) => h.doc), [11]);
  assert.deepEqual(index.popular, [11]);
});

test('the kind filter uses kind_runs and does not change scores', async () => {
  const { index } = await open();
  const all = await index.search('account');
  const security = await index.search('account', { kind: 'security' });
  assert.deepEqual([...security], all.filter((h) => h.doc >= 12));
  assert.deepEqual([...(await index.search('account', { kind: 'release' }))], []);
  assert.equal(index.kindOf(11), 'faq');
  assert.equal(index.kindOf(3), undefined);
});

test('terms above U+FFFF are found in the right shard', async () => {
  const { index } = await open();
  const { index: other, fetched } = await open();
  assert.deepEqual((await other.search('\u{20000}')).map((h) => h.doc), [13]);
  assert.deepEqual((await other.search('\u{FA0E}')).map((h) => h.doc), [12]);
  // A lone Han character is also looked up as a `#` character term (shard 0).
  assert.deepEqual(fetched.sort(), ['manifest.json', 'shards/h0.bin', 'shards/h3.bin']);
  assert.deepEqual((await index.search('提现')).map((h) => h.doc), [12, 13]);
});

test('prefix mode expands the last token, most postings first, below exact matches', async () => {
  const { index } = await open();
  const exact = await index.search('pas', { prefix: false });
  assert.deepEqual([...exact], []);
  const typed = await index.search('pas', { prefix: true });
  // "pas" stems to "pa"; expansions: password (5 postings), then pass, passport, passwords (1 each, term order).
  assert.deepEqual(typed.terms, ['pa', 'password', 'pass', 'passport', 'passwords']);
  assert.deepEqual(typed.map((h) => h.doc).sort(), [10, 11, 12, 13]);
  // Not after a space or punctuation: the word is finished.
  assert.deepEqual((await index.search('pas ', { prefix: true })).terms, ['pa']);
  assert.deepEqual((await index.search('pas.', { prefix: true })).terms, ['pa']);
  // A finished word: documents that have it score exactly as in the
  // submitted query (expansions only count for documents without it).
  const whole = await index.search('account password', { prefix: true });
  assert.deepEqual(whole.terms, ['account', 'password', 'passwords']);
  const submitted = await index.search('account password');
  for (const doc of [10, 11]) {
    assert.equal(whole.find((h) => h.doc === doc).score, submitted.find((h) => h.doc === doc).score);
  }
  // Doc 13 has `account` and only the expansion `passwords`: it now covers
  // both words, at the expansion's weight.
  assert.ok(whole.find((h) => h.doc === 13).score > submitted.find((h) => h.doc === 13).score);
});

test('docs are fetched once each, in parallel', async () => {
  const { index, fetched } = await open();
  const [a, b] = await index.docs([10, 11]);
  assert.equal(a.title, 'Account');
  assert.equal(b.url, '/en/p/');
  await index.docs([11, 10]);
  assert.equal(fetched.filter((u) => u.startsWith('docs/')).length, 2);
  await assert.rejects(index.docs([99]));
});

test('best section: most distinct tokens, earliest on a tie, anchors only', () => {
  const meta = {
    title: 't',
    url: '/u/',
    sections: [
      { anchor: '', heading: '', text: 'reset your password here' },
      { anchor: 'steps', heading: 'Steps', text: 'password password' },
      { anchor: 'more', heading: 'Reset', text: 'the password' },
      { anchor: 'last', heading: 'Reset password', text: 'reset' },
    ],
  };
  assert.equal(bestSection(meta, ['password']), null); // the first section wins, and has no anchor
  assert.equal(bestSection(meta, ['step'])?.anchor, 'steps');
  assert.equal(bestSection({ ...meta, sections: meta.sections.slice(1) }, ['reset', 'password'])?.anchor, 'more');
  assert.equal(bestSection(meta, ['nothing']), null);
  assert.equal(describe(meta, ['step']).url, '/u/#steps');
  assert.equal(describe(meta, ['password']).url, '/u/');
});

test('snippets mark matched words and merged bigrams, cut on whole characters', () => {
  const joined = (segments) => segments.map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');
  assert.equal(joined(snippet('Reset your Passwords now', ['password'])), 'Reset your [Passwords] now');
  assert.equal(joined(snippet('如何提现失败了', ['提现', '现失'])), '如何[提现失]败了');
  assert.deepEqual(matchRanges('USDT提现', ['usdt', '提现']), [[0, 6]]);
  const long = `${'word '.repeat(40)}target ${'tail '.repeat(40)}`;
  const cut = joined(snippet(long, ['target'], { before: 12, width: 30 }));
  assert.match(cut, /^…word word \[target\] tail/);
  assert.ok(cut.endsWith('…'));
  // An astral character is never split.
  const astral = `${'𠀀'.repeat(50)}提现`;
  const text = snippet(astral, ['提现'], { before: 3, width: 10 }).map((s) => s.text).join('');
  assert.equal(text, '…𠀀𠀀𠀀提现');
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(text));
  // Markup stays text: the caller puts it in text nodes.
  assert.equal(joined(snippet('<b>x</b> password', ['password'])), '<b>x</b> [password]');
});
