// The contact verification page in headless Chromium: official numbers in
// several spellings are accepted, a fake one is rejected, HTML typed into
// the box is shown as text, and nothing is logged to the console — all
// under a strict Content-Security-Policy (no inline script may run).
//
// Run by tests/browser.rs, which builds the sample site and sets
// HELPBOOK_SITE. By hand: HELPBOOK_SITE=/path/to/public node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, normalize, resolve, extname, sep } from 'node:path';
import { chromium } from 'playwright-core';

const SITE = process.env.HELPBOOK_SITE;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** A static file server for the built site, on 127.0.0.1 only. */
function serve(root) {
  const base = resolve(root);
  return createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      // Chromium asks for it on its own; the site has none.
      if (path === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'content-security-policy': CSP,
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
}

let server;
let browser;
let origin;

before(async () => {
  assert.ok(SITE, 'set HELPBOOK_SITE to a built site (tests/browser.rs does this)');
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM`);
  server = serve(SITE);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

/** Opens a page and records every console error and uncaught exception. */
async function open(path) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  const response = await page.goto(origin + path);
  assert.equal(response.status(), 200, path);
  return { page, problems };
}

async function check(page, typed) {
  await page.fill('#hb-verify-input', typed);
  const result = page.locator('#hb-verify-result');
  await page.waitForFunction(() => document.getElementById('hb-verify-result').className !== 'verify-result');
  return {
    status: (await result.getAttribute('class')).replace('verify-result', '').trim(),
    text: await result.textContent(),
  };
}

test('the registry is in the page data exactly once', async () => {
  const html = await (await fetch(origin + '/en/contact/verify/')).text();
  assert.equal(html.split('202 555 0100').length - 1, 1, 'the hotline appears once');
  assert.equal((html.match(/id="hb-contacts"/g) || []).length, 1);
  assert.ok(!/<script(?![^>]*(\ssrc=|type="application\/json"))[^>]*>/.test(html), 'no inline executable script');
  assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
});

test('official numbers are accepted in three spellings, a fake one is rejected', async () => {
  const { page, problems } = await open('/en/contact/verify/');
  for (const spelling of ['+1 202 555 0100', '+1 (202) 555-0100', '＋１ ２０２ ５５５ ０１００']) {
    const v = await check(page, spelling);
    assert.equal(v.status, 'ok', `${spelling}: ${v.text}`);
    assert.match(v.text, /Official: Support hotline\./);
  }
  const fake = await check(page, '+1 202 555 0199');
  assert.equal(fake.status, 'bad', fake.text);
  assert.match(fake.text, /NOT an official contact/);
  assert.match(fake.text, /never share a password, verification code/);
  assert.match(fake.text, /support@example\.com/, 'lists the official channels');
  assert.deepEqual(problems, []);
  await page.close();
});

test('each of the four verdicts, and the look-alike warning', async () => {
  const { page, problems } = await open('/en/contact/verify/');
  const cases = [
    ['+1 202 555 0123', 'ok', /Official: Lost phone and account freeze line/],
    ['bank.example.net', 'bad', /Not ours: it belongs to Example Bank \(the card issuer\)\./],
    ['+86 400 555 0199', 'bad', /REPORTED SCAM, first reported on 2026-10-02\. Calls pretending to be support/],
    ['微信 examplewallet_kefu', 'bad', /REPORTED SCAM, first reported on 2026-09-14/],
    ['9.9.9', 'bad', /REPORTED SCAM.*counterfeit/],
    ['+86 138 0013 9999', 'bad', /This is NOT an official contact\./],
    ['https://examp1e.com/login', 'bad', /IMITATION: it imitates our official example\.com/],
    ['https://wallet.example.com.evil.test/', 'bad', /IMITATION/],
    ['\u0435xample.com', 'bad', /IMITATION/],
    ['+1 202 555 0101', 'bad', /IMITATION: it imitates our official \+1 202 555 0100/],
    ['http://example.org/phish', 'bad', /NOT an official contact: it is another organisation's site/],
    ['2.4.0', 'ok', /An official release: version 2\.4\.0/],
  ];
  for (const [typed, status, message] of cases) {
    const v = await check(page, typed);
    assert.equal(v.status, status, `${typed}: ${v.text}`);
    assert.match(v.text, message, typed);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('Chinese page: +86 fake mobile rejected, official email and site accepted', async () => {
  const { page, problems } = await open('/zh-cn/contact/verify/');
  assert.equal((await check(page, '＋８６ １３８ ００１３ ８０００')).status, 'bad');
  assert.equal((await check(page, '020-2555-0100')).status, 'bad');
  assert.equal((await check(page, '+86 202 555 0100')).status, 'bad');
  const ok = await check(page, 'SUPPORT@example.com');
  assert.equal(ok.status, 'ok');
  assert.match(ok.text, /官方联系方式：客服邮箱/);
  assert.equal((await check(page, 'https://help.example.com/chat')).status, 'ok');
  const fake = await check(page, 'https://help.example.com.evil.io/chat');
  assert.equal(fake.status, 'bad');
  assert.match(fake.text, /仿冒！/);
  assert.match((await check(page, '+86 400 555 0199')).text, /已被举报的诈骗！/);
  assert.match((await check(page, '+1 202 555 0142')).text, /它属于示例银行/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('HTML typed into the box is shown as text', async () => {
  const { page, problems } = await open('/en/contact/verify/');
  const attack = '<img src=x onerror="window.__pwned=1"><b id="injected">bold</b>';
  const v = await check(page, attack);
  assert.ok(v.text.includes(attack), v.text);
  assert.equal(await page.locator('#hb-verify-result img, #injected').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  const linked = await check(page, '+86 138 0013 8000"><script>window.__pwned=2</script>');
  assert.ok(linked.text.includes('<script>'), linked.text);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a ?q= link opens with its verdict', async () => {
  const { page, problems } = await open('/en/contact/verify/?q=' + encodeURIComponent('+1-202-555-0123'));
  await page.waitForSelector('#hb-verify-result.ok');
  assert.match(await page.locator('#hb-verify-result').textContent(), /Official: Lost phone and account freeze line/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the search box starts its results with the contact verdict', async () => {
  const { page, problems } = await open('/en/');
  const box = page.locator('#hb-search-input');
  await box.fill('+86 138 0013 9999');
  const bad = page.locator('#hb-search-results .hb-contact.bad');
  await bad.waitFor();
  assert.match(await bad.textContent(), /NOT an official contact/);
  assert.match(await bad.textContent(), /never share a password/);
  assert.equal(await page.locator('#hb-search-results .hb-none').count(), 0, 'no "no results" under a verdict');
  const first = await page.locator('#hb-search-results > *').first().getAttribute('class');
  assert.match(first, /hb-contact/, 'the verdict comes first');
  const link = await bad.locator('a.hb-verify-link').getAttribute('href');
  assert.equal(link, '/en/contact/verify/?q=%2B86+138+0013+9999');

  await box.fill('+1 (202) 555-0100');
  await page.locator('#hb-search-results .hb-contact.ok').waitFor();

  // A query that contains a reported scam, a third party or a look-alike.
  await box.fill('is +86 400 555 0199 your number?');
  await page.locator('#hb-search-results .hb-contact.scam').waitFor();
  assert.match(await page.locator('#hb-search-results .hb-contact').textContent(), /REPORTED SCAM/);
  await box.fill('bank.example.net');
  await page.locator('#hb-search-results .hb-contact.third_party').waitFor();
  await box.fill('examp1e.com login');
  await page.locator('#hb-search-results .hb-contact.imitation').waitFor();

  await box.fill('<img src=x onerror="window.__pwned=1">@evil_help');
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  await box.fill('reset password');
  await page.waitForFunction(() => document.querySelector('#hb-search-results .hb-title')?.textContent.includes('password'));
  assert.equal(await page.locator('#hb-search-results .hb-contact').count(), 0, 'ordinary queries get no verdict');
  assert.deepEqual(problems, []);
  await page.close();
});
