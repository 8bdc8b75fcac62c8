// The browser's contact verification (themes/default/static/verify.js)
// against the vectors that src/contact.rs is tested on
// (tests/contact_vectors.json), so the page and `helpbook check` agree on
// what is official. Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalize, verdict } from '../../themes/default/static/verify.js';

const vectors = JSON.parse(
  readFileSync(new URL('../contact_vectors.json', import.meta.url), 'utf8'),
);

test('normalize agrees with the shared vectors', () => {
  assert.ok(vectors.normalize.length > 30);
  for (const { input, expect } of vectors.normalize) {
    assert.deepEqual(normalize(input), expect, `normalize(${JSON.stringify(input)})`);
  }
});

test('verdict agrees with the shared vectors', () => {
  assert.ok(vectors.verdict.length > 30);
  for (const { input, status } of vectors.verdict) {
    assert.equal(verdict(input, vectors.registry).status, status, `verdict(${JSON.stringify(input)})`);
  }
});

test('the matched registry entry comes back with an official verdict', () => {
  const v = verdict('+86 138-0013-8000', vectors.registry);
  assert.equal(v.status, 'official');
  assert.equal(v.contact.label, 'Mobile');
  assert.equal(verdict('+86 138-0013-9999', vectors.registry).contact, null);
});
