// The browser's contact verification (themes/default/static/verify.js)
// against the vectors that src/contact/ is tested on
// (tests/contact_vectors.json), so the page, the search box and
// `helpbook check` agree on what is official. Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalize, verdict, headline, contactsIn, punycodeDecode, withinOneEdit } from '../../themes/default/static/verify.js';

const vectors = JSON.parse(
  readFileSync(new URL('../contact_vectors.json', import.meta.url), 'utf8'),
);
const registry = vectors.registry;

test('normalize agrees with the shared vectors', () => {
  assert.ok(vectors.normalize.length > 40);
  for (const { input, expect } of vectors.normalize) {
    assert.deepEqual(normalize(input, registry.region), expect, `normalize(${JSON.stringify(input)})`);
  }
});

test('verdict agrees with the shared vectors', () => {
  assert.ok(vectors.verdict.length > 60);
  for (const { input, status } of vectors.verdict) {
    assert.equal(verdict(input, registry).status, status, `verdict(${JSON.stringify(input)})`);
  }
});

test('each verdict names what it matched', () => {
  assert.equal(verdict('+86 138-0013-8000', registry).official.label['zh-CN'], '手机');
  assert.equal(verdict('+1 202 555 0142', registry).third_party.owner.en, 'Example Bank');
  assert.equal(verdict('400 555 0199', registry).scam.reported, '2026-10-02');
  assert.equal(verdict('examp1e.com', registry).imitates, 'example.com');
  assert.equal(verdict('@support_example', registry).imitates, '@support.example');
  assert.equal(verdict('+1 202 555 0101', registry).imitates, '+1 202 555 0100');
  assert.equal(verdict('http://example.org/phish', registry).linked, true);
});

test('headlines are worded by the registry messages', () => {
  const words = { en: { verify_third_party: 'Not ours: it belongs to {owner}.', verify_scam: 'SCAM {date}: {description}' } };
  const withWords = { ...registry, messages: words };
  assert.equal(headline(verdict('bank.example.net', withWords), withWords, 'en'), 'Not ours: it belongs to Example Bank.');
  assert.equal(headline(verdict('+86 400 555 0199', withWords), withWords, 'en'), 'SCAM 2026-10-02: Pretends to be support');
});

test('a query that contains a contact gets its verdict', () => {
  assert.deepEqual(contactsIn('+86 400 555 0199', registry), ['+86 400 555 0199']);
  assert.deepEqual(contactsIn('is +86 400 555 0199 really your number?', registry), ['+86 400 555 0199']);
  assert.deepEqual(contactsIn('客服说要加微信 examplewallet_kefu 处理', registry), ['微信 examplewallet_kefu']);
  assert.deepEqual(contactsIn('登录 https://examp1e-wallet.test/login 了', registry), ['https://examp1e-wallet.test/login']);
  assert.deepEqual(contactsIn('提现 2000 元没到账', registry), []);
  assert.deepEqual(contactsIn('10000', registry), []);
  assert.deepEqual(contactsIn('reset password', registry), []);
});

test('punycode and edit distance', () => {
  assert.equal(punycodeDecode('xample-2of'), '\u0435xample');
  assert.equal(punycodeDecode('mnchen-3ya'), 'münchen');
  assert.equal(punycodeDecode('-x'), null);
  assert.equal(punycodeDecode('99999999999'), null);
  assert.ok(withinOneEdit('example', 'exmaple'));
  assert.ok(!withinOneEdit('example', 'exmalpe'));
});
