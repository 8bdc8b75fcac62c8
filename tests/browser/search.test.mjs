// The search UI in a real browser: Debian's headless Chromium driven by
// playwright-core, against a site `helpbook build` already wrote.
//
//   cd tests/browser && npm ci && node --test
//
// HELPBOOK_SITE is the built site (default: the repository's public/);
// CHROMIUM the browser (default /usr/bin/chromium). Nothing is built here.
// Pages are served by a tiny static server on 127.0.0.1 with a strict
// Content-Security-Policy, so inline scripts or styles would show up as
// console errors, and every console error or failed request fails the test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const SITE = resolve(process.env.HELPBOOK_SITE ?? fileURLToPath(new URL('../../public', import.meta.url)));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Every response the server sent: path, status, bytes raw and gzipped. */
const served = [];

/** A static file server for SITE: directories serve index.html, gzip on request. */
function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = decodeURIComponent(url.pathname); // the query (`?v=`) is ignored, as static hosts do
    let file = normalize(join(SITE, path));
    let status = 200;
    if (file !== SITE && !file.startsWith(SITE + sep)) file = null; // no way out of SITE
    try {
      if (file && (await stat(file)).isDirectory()) file = join(file, 'index.html');
      var body = await readFile(file);
    } catch {
      status = 404;
      file = join(SITE, '404.html');
      body = await readFile(file).catch(() => Buffer.from('not found'));
    }
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    const gzipped = gzipSync(body, { level: 9 });
    served.push({ path, query: url.search, status, bytes: body.length, gzip: gzipped.length });
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      headers['content-encoding'] = 'gzip';
      body = gzipped;
    }
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let server;
let browser;
let origin;

before(async () => {
  await stat(join(SITE, 'search/index.json')).catch(() => {
    throw new Error(`${SITE} is not a built helpbook site: run \`helpbook build\` first or set HELPBOOK_SITE`);
  });
  const home = await readFile(join(SITE, 'zh-cn/index.html'), 'utf8');
  assert.match(home, /<form id="hb-search"[^>]* data-manifest="/, 'the pages carry the manifest URL');
  assert.match(home, /<script type="module" src="[^"]*search[^"]*\.js"/, 'the pages load the search client');
  server = await serve();
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

/**
 * A fresh page (new context: cold cache) that records console errors, page
 * errors, failed requests and HTTP errors; `done()` asserts there were none.
 */
async function openPage(path) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  const ignored = (url) => new URL(url).pathname === '/favicon.ico'; // the browser asks on its own
  page.on('console', (m) => m.type() === 'error' && !ignored(m.location().url || origin) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && !ignored(r.url()) && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(origin + path);
  page.done = async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no console errors and no failed requests');
  };
  return page;
}

const input = (page) => page.locator('#hb-search-input');
const options = (page) => page.locator('#hb-search-listbox [role=option]');

/** Waits until the first result links to `path` (+ optional hash); returns its link. */
async function firstResultIs(page, path, hash = '') {
  const link = options(page).first();
  await page.waitForFunction(
    ([p, h]) => {
      const a = document.querySelector('#hb-search-listbox a[role=option]');
      return a && new URL(a.href).pathname === p && decodeURIComponent(new URL(a.href).hash) === h;
    },
    [path, hash ? `#${hash}` : ''],
    { timeout: 10_000 },
  ).catch(async (e) => {
    const got = await page.locator('#hb-search-listbox a').evaluateAll((as) => as.map((a) => a.href));
    throw new Error(`expected the first result to be ${path}#${hash}, got ${JSON.stringify(got)}: ${e.message}`);
  });
  return link;
}

/** After a navigation to a result: the page, and the section when there is a hash. */
async function assertLanded(page, path, hash = '') {
  await page.waitForURL((url) => url.pathname === path);
  const location = await page.evaluate(() => ({ hash: decodeURIComponent(location.hash) }));
  assert.equal(location.hash, hash ? `#${hash}` : '');
  if (hash) {
    assert.ok(await page.evaluate((id) => !!document.getElementById(id), hash), `the article has an element #${hash}`);
  }
}

describe('search box', () => {
  test('Chinese query, keyboard: the withdrawal article first, Enter opens it', async () => {
    const page = await openPage('/zh-cn/');
    await input(page).click();
    await input(page).fill('提现没到账');
    await firstResultIs(page, '/zh-cn/faq/withdrawal-delayed/');
    assert.equal(await input(page).getAttribute('aria-expanded'), 'true');
    // The matched terms are highlighted, as text.
    assert.ok((await options(page).first().locator('mark').count()) > 0, 'highlighted terms');
    await input(page).press('ArrowDown');
    await input(page).press('Enter');
    await assertLanded(page, '/zh-cn/faq/withdrawal-delayed/');
    await page.done();
  });

  test('Chinese query to a section: the result links to its anchor', async () => {
    const page = await openPage('/zh-cn/');
    await input(page).fill('忘记密码');
    const link = await firstResultIs(page, '/zh-cn/faq/reset-password/', 'steps');
    await link.click();
    await assertLanded(page, '/zh-cn/faq/reset-password/', 'steps');
    await page.done();
  });

  test('English query typed key by key: reset-password first, click opens it', async () => {
    const page = await openPage('/en/');
    await input(page).pressSequentially('password', { delay: 40 });
    const link = await firstResultIs(page, '/en/faq/reset-password/');
    assert.match(await link.locator('.hb-title').textContent(), /password/i);
    await link.click();
    await assertLanded(page, '/en/faq/reset-password/');
    await page.done();
  });

  test('English query to a section, from an article page', async () => {
    const page = await openPage('/en/faq/withdrawal-delayed/');
    await input(page).fill('forgot password');
    await firstResultIs(page, '/en/faq/reset-password/', 'steps');
    await input(page).press('ArrowDown');
    await input(page).press('Enter');
    await assertLanded(page, '/en/faq/reset-password/', 'steps');
    await page.done();
  });

  test('the last word also matches as a prefix while typing', async () => {
    const page = await openPage('/en/');
    await input(page).fill('passw');
    await firstResultIs(page, '/en/faq/reset-password/');
    assert.match(await options(page).first().locator('mark').first().textContent(), /^password/i);
    await page.done();
  });

  test('arrow keys move aria-activedescendant; Escape closes', async () => {
    const page = await openPage('/en/');
    const box = input(page);
    await box.fill('password');
    await firstResultIs(page, '/en/faq/reset-password/');
    assert.equal(await box.getAttribute('role'), 'combobox');
    assert.equal(await box.getAttribute('aria-controls'), 'hb-search-listbox');
    assert.equal(await page.locator('#hb-search-listbox').getAttribute('role'), 'listbox');
    assert.ok((await options(page).count()) >= 2, 'at least two results');
    assert.equal(await box.getAttribute('aria-activedescendant'), null);
    const selected = () => page.locator('[role=option][aria-selected=true]').evaluateAll((os) => os.map((o) => o.id));
    await box.press('ArrowDown');
    const first = await box.getAttribute('aria-activedescendant');
    assert.ok(first, 'ArrowDown sets aria-activedescendant');
    assert.deepEqual(await selected(), [first]);
    await box.press('ArrowDown');
    const second = await box.getAttribute('aria-activedescendant');
    assert.notEqual(second, first);
    assert.deepEqual(await selected(), [second]);
    assert.equal(await page.locator(`#${second}`).count(), 1, 'it names an existing option');
    await box.press('ArrowUp');
    assert.equal(await box.getAttribute('aria-activedescendant'), first);
    await box.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await box.getAttribute('aria-activedescendant'), null);
    assert.equal(await options(page).count(), 0);
    await page.done();
  });

  test('the kind filter keeps only that kind', async () => {
    const page = await openPage('/en/');
    await input(page).fill('password');
    await firstResultIs(page, '/en/faq/reset-password/');
    const security = page.locator('.hb-kinds button', { hasText: 'Security' });
    await security.click();
    await page.waitForFunction(() => {
      const links = [...document.querySelectorAll('#hb-search-listbox a')];
      return links.length > 0 && links.every((a) => new URL(a.href).pathname.startsWith('/en/security/'));
    });
    assert.equal(await security.getAttribute('aria-pressed'), 'true');
    await page.done();
  });

  test('contact intent: the official contact page first, with the official channels card', async () => {
    const page = await openPage('/zh-cn/');
    await input(page).fill('客服电话');
    await firstResultIs(page, '/zh-cn/contact/contact-us/');
    const card = page.locator('#hb-search-results .hb-channels');
    await card.waitFor();
    assert.match(await card.textContent(), /官方联系方式/);
    // Every channel of the registry, the phone numbers as tel: links.
    const hrefs = await card.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes('tel:+12025550100'), `${hrefs}`);
    assert.ok(hrefs.includes('mailto:support@example.com'), `${hrefs}`);
    assert.ok(hrefs.includes('/zh-cn/contact/'), 'a link to the contact page');
    // An article that merely talks about fake support is not pinned above it.
    await input(page).fill('冒充客服');
    await firstResultIs(page, '/zh-cn/security/recognise-fake-support/');
    assert.equal(await page.locator('#hb-search-results .hb-channels').count(), 0);
    await page.done();
  });

  test('a misspelt word: the right article, and "did you mean" with a link', async () => {
    const page = await openPage('/en/');
    await input(page).fill('pasword reset');
    await firstResultIs(page, '/en/faq/reset-password/');
    const hint = page.locator('#hb-search-results .hb-did-you-mean a');
    await hint.waitFor();
    assert.equal(await hint.textContent(), 'password reset');
    assert.equal(new URL(await hint.getAttribute('href'), origin).searchParams.get('q'), 'password reset');
    await page.done();
  });

  test('synonyms: a reader\'s word finds the article that uses another', async () => {
    const page = await openPage('/en/');
    await input(page).fill('2fa');
    await firstResultIs(page, '/en/security/two-step-verification/');
    await page.done();
  });

  test('one Chinese character finds the words it is part of', async () => {
    const page = await openPage('/zh-cn/');
    await input(page).fill('卡');
    await options(page).first().waitFor();
    assert.ok((await options(page).count()) > 0, 'results for one character');
    await page.done();
  });

  test('nothing found: never an empty box (channels card and popular articles)', async () => {
    const page = await openPage('/en/');
    await input(page).fill('qqzxv');
    const none = page.locator('#hb-search-results .hb-none');
    await none.waitFor();
    await page.locator('#hb-search-results .hb-channels').waitFor();
    const popular = page.locator('#hb-search-results .hb-popular a');
    await popular.first().waitFor();
    const paths = await popular.evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    assert.ok(paths.includes('/en/contact/contact-us/'), `promoted articles: ${paths}`);
    await page.done();
  });

  test('HTML typed into the box is shown as text, never inserted', async () => {
    const page = await openPage('/zh-cn/');
    const box = input(page);
    const injected = '#hb-search-results :is(img,b,script,em), #injected';
    // Markup whose words match articles: results, with only text from the query.
    await box.fill('<img src=x onerror="window.__pwned=1"><b id=injected>提现</b>');
    await options(page).first().waitFor();
    assert.equal(await page.locator(injected).count(), 0);
    // Markup that matches nothing: echoed in the "no results" message, as text.
    const hostile = '<script>qqzx</script><img src=qqzx onerror=qqzx><em>qqzx</em>';
    await box.fill(hostile);
    const none = page.locator('#hb-search-results .hb-none');
    await none.waitFor();
    assert.ok((await none.textContent()).includes(hostile), 'the query is echoed as text');
    assert.equal(await page.locator(injected).count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.done();
  });
});

describe('results page', () => {
  test('a shared link /zh-cn/search/?q=…&kind=… shows the results', async () => {
    const page = await openPage(`/zh-cn/search/?q=${encodeURIComponent('提现')}&kind=faq`);
    const results = page.locator('#hb-search-page .hb-list a');
    await results.first().waitFor();
    assert.equal(await input(page).inputValue(), '提现');
    const paths = await results.evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    assert.ok(paths.length >= 2, `several results: ${paths}`);
    assert.ok(paths.every((p) => p.startsWith('/zh-cn/faq/')), `only FAQ: ${paths}`);
    assert.ok(paths.includes('/zh-cn/faq/withdrawal-delayed/'), `${paths}`);
    assert.equal(await page.locator('.hb-kinds button[aria-pressed=true]').textContent(), '常见问题');
    // Typing keeps the URL in sync, so the link can be shared again.
    await input(page).fill('忘记密码');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '忘记密码');
    await page.waitForFunction(() => document.querySelector('#hb-search-page .hb-list a')?.pathname === '/zh-cn/faq/reset-password/');
    assert.equal(new URL(page.url()).searchParams.get('kind'), 'faq');
    await page.done();
  });

  test('the search form on other pages submits to the results page', async () => {
    const page = await openPage('/en/');
    await input(page).fill('password');
    await firstResultIs(page, '/en/faq/reset-password/');
    await input(page).press('Enter'); // no option chosen: go to the results page
    await page.waitForURL((url) => url.pathname === '/en/search/' && url.searchParams.get('q') === 'password');
    await page.locator('#hb-search-page .hb-list a').first().waitFor();
    await page.done();
  });

  test('markup in the URL is shown as text', async () => {
    const hostile = '<script>qqzx</script><img src=qqzx onerror=qqzx><em>qqzx</em>';
    const page = await openPage(`/en/search/?q=${encodeURIComponent(hostile)}`);
    const none = page.locator('#hb-search-page .hb-none');
    await none.waitFor();
    assert.ok((await none.textContent()).includes(hostile));
    assert.equal(await page.locator('#hb-search-page :is(script,img,em)').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.done();
  });
});

describe('download size and round trips', () => {
  for (const [path, query, expected] of [
    ['/zh-cn/', '提现', null],
    ['/en/', 'password', '/en/faq/reset-password/'],
  ]) {
    test(`a cold query for ${query}: the client with the page, the manifest on focus, then shards, then metadata`, async (t) => {
      const before = served.length;
      const page = await openPage(path);
      await page.waitForLoadState('networkidle');
      // The page itself loads the client's modules in parallel
      // (modulepreload); the manifest (a fixed URL, revalidated) waits
      // until the search box is used.
      const load = served.slice(before);
      const modules = load.filter((r) => /^\/static\/(search|analyzer|plan)\.[0-9a-f]+\.js$/.test(r.path));
      assert.equal(modules.length, 3, `the client's three modules: ${load.map((r) => r.path)}`);
      assert.equal(load.filter((r) => r.path.startsWith('/search/')).length, 0, 'no search data with the page');
      const focused = served.length;
      await input(page).focus();
      const manifests = () => served.slice(focused).filter((r) => /^\/search\/[^/]+\/manifest\.json$/.test(r.path));
      for (let i = 0; i < 200 && !manifests().length; i++) await new Promise((ok) => setTimeout(ok, 10));
      assert.equal(manifests().length, 1, 'the manifest, fetched on focus');
      await page.waitForLoadState('networkidle');
      const start = served.length;
      await input(page).fill(query);
      await options(page).first().waitFor();
      if (expected) await firstResultIs(page, expected);
      await page.waitForLoadState('networkidle');
      const files = served.slice(start).filter((r) => r.path.startsWith('/search/') || r.path.startsWith('/static/'));
      const sum = (key) => files.reduce((n, r) => n + r[key], 0);
      const kind = (re) => files.filter((r) => re.test(r.path)).length;
      t.diagnostic(
        `${query}: ${files.length} files (shards ${kind(/\.bin$/)}, docs ${kind(/docs\//)}), ` +
          `${sum('bytes')} bytes, ${sum('gzip')} gzipped after the page`,
      );
      // The query itself: shards, then metadata; nothing else.
      assert.equal(kind(/manifest\.json$/), 0, 'the manifest is not fetched again');
      assert.ok(kind(/\.bin$/) >= 1 && kind(/\.bin$/) <= 3, 'only the shards the query falls in');
      assert.equal(files.length, kind(/\.bin$/) + kind(/docs\//), `only shards and metadata: ${files.map((r) => r.path)}`);
      assert.ok(!files.some((r) => r.path.includes('/tantivy/')), 'never the tantivy index');
      assert.ok(
        files.filter((r) => /\.bin$/.test(r.path)).every((r) => /\/shards\/[0-9a-f]{10}\.bin$/.test(r.path) && !r.query),
        'shards are named by their content',
      );
      assert.ok(
        files.filter((r) => /docs\//.test(r.path)).every((r) => /^\?v=[0-9a-f]{16}$/.test(r.query)),
        `metadata is fetched with the index's version: ${files.map((r) => r.path + r.query)}`,
      );
      await page.done();
    });
  }
});
