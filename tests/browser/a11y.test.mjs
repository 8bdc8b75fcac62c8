// Accessibility and the Content-Security-Policy in a real browser: axe-core
// in headless Chromium on every page type of the sample site, in both
// languages, at phone and desktop widths, in light and dark mode, with the
// search dropdown open; a keyboard-only reader reaching a result; and the
// pages' own CSP (the <meta> tag: this server sends no CSP header) holding
// while search and the contact check run.
//
// Run by tests/browser.rs, which builds the sample site and sets
// HELPBOOK_SITE. By hand: HELPBOOK_SITE=/path/to/public node --test tests/browser/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const SITE = resolve(process.env.HELPBOOK_SITE ?? 'public');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream', '.xml': 'application/xml',
};

/** A static server for SITE on 127.0.0.1: no CSP header, missing files get 404.html. */
function serve() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(SITE, path));
    let status = 200;
    try {
      if (file !== SITE && !file.startsWith(SITE + sep)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      var body = await readFile(file);
    } catch {
      status = 404;
      const lang = path.split('/')[1];
      file = join(SITE, lang, '404.html');
      body = await readFile(file).catch(() => readFile((file = join(SITE, '404.html'))));
    }
    res.writeHead(status, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let server;
let browser;
let origin;

before(async () => {
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
 * A context with the given viewport and colour scheme whose pages record
 * console errors, page errors, failed requests and CSP violations.
 */
async function newContext(options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  const problems = [];
  context.on('page', (page) => {
    // The one expected error: the status of the missing page this test asks for.
    const expected = (m) => m.location().url.includes('/no-such-page/') && /\b404\b/.test(m.text());
    page.on('console', (m) => m.type() === 'error' && !expected(m) && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // A request the next navigation cancels (the favicon, often) is no fault.
    page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  });
  // Every CSP violation the browser reports, even those it does not log.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return { context, problems };
}

/** axe-core's violations on the page as it is now: `rule (impact): nodes`. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Every kind of page the sample site has, in one language. */
function pageTypes(lang) {
  return [
    `/${lang}/`,
    `/${lang}/faq/`,
    `/${lang}/release/`,
    `/${lang}/contact/`,
    `/${lang}/contact/scams/`,
    `/${lang}/contact/verify/?q=${encodeURIComponent('+1 202 555 0199')}`,
    `/${lang}/faq/reset-password/`,
    `/${lang}/security/phishing-links/`,
    `/${lang}/release/2.2.0/`,
    `/${lang}/search/?q=${lang === 'en' ? 'password' : '%E5%AF%86%E7%A0%81'}`,
    `/${lang}/tags/`,
    `/${lang}/no-such-page/`,
  ];
}

const VIEWPORTS = { phone: { width: 375, height: 740 }, desktop: { width: 1280, height: 800 } };

describe('axe-core finds no violations', () => {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    for (const colorScheme of ['light', 'dark']) {
      test(`every page type, both languages, ${width}, ${colorScheme}`, async () => {
        const { context, problems } = await newContext({ viewport, colorScheme, isMobile: width === 'phone' });
        const page = await context.newPage();
        const found = [];
        const paths = ['/', '/404.html', ...pageTypes('zh-cn'), ...pageTypes('en')];
        for (const path of paths) {
          await page.goto(origin + path);
          if (path.includes('/search/')) await page.locator('#hb-search-page .hb-list a').first().waitFor();
          if (path.includes('/verify/')) await page.locator('#hb-verify-result.bad').waitFor();
          for (const v of await axe(page)) found.push(`${path}: ${v}`);
          // The tag page an article links to.
          if (path.endsWith('/tags/')) {
            await page.locator('.tag-index a').first().click();
            await page.waitForLoadState();
            for (const v of await axe(page)) found.push(`${page.url()}: ${v}`);
          }
        }
        // The search dropdown, open, with an option selected.
        for (const [path, query] of [['/zh-cn/', '提现'], ['/en/', 'password']]) {
          await page.goto(origin + path);
          await page.locator('#hb-search-input').fill(query);
          await page.locator('#hb-search-listbox [role=option]').first().waitFor();
          await page.locator('#hb-search-input').press('ArrowDown');
          for (const v of await axe(page)) found.push(`${path} (dropdown open): ${v}`);
        }
        assert.deepEqual(found, [], 'axe violations');
        assert.deepEqual(problems, [], 'no console errors or failed requests');
        await context.close();
      });
    }
  }
});

test('axe reports a violation when there is one (the check can fail)', async () => {
  const { context } = await newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/en/`);
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = '/en/';
    const option = document.createElement('div');
    option.setAttribute('role', 'option');
    option.append(link); // a link inside an option, as the old search UI had
    const list = document.createElement('div');
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'x');
    list.append(option);
    document.querySelector('main').append(list);
  });
  const found = await axe(page);
  assert.ok(found.some((v) => v.startsWith('nested-interactive')), found.join('\n'));
  await context.close();
});

describe('keyboard only', () => {
  test('Tab reaches the third result on the results page and Enter opens it', async () => {
    const { context, problems } = await newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(`${origin}/en/search/?q=password`);
    const results = page.locator('#hb-search-page .hb-list a');
    await results.nth(2).waitFor();
    const third = await results.nth(2).getAttribute('href');
    let presses = 0;
    while (presses < 60) {
      await page.keyboard.press('Tab');
      presses += 1;
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
      if (focused === third) break;
    }
    assert.ok(presses < 60, 'Tab never reached the third result');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname + url.hash === decodeURI(third) || url.href.endsWith(third));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('arrow keys reach the third option of the dropdown and Enter opens it', async () => {
    const { context, problems } = await newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(`${origin}/en/`);
    await page.keyboard.press('Tab'); // the skip link
    const box = page.locator('#hb-search-input');
    await box.focus();
    await page.keyboard.type('password');
    const option = page.locator('#hb-search-listbox [role=option]');
    await option.nth(2).waitFor();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    const target = await option.nth(2).getAttribute('href');
    assert.equal(await box.getAttribute('aria-activedescendant'), await option.nth(2).getAttribute('id'));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.href.endsWith(target) || url.pathname + url.hash === decodeURI(target));
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('Content-Security-Policy', () => {
  test('no page breaks its own CSP, with search and the contact check in use', async () => {
    const { context, problems } = await newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const violations = [];
    const paths = ['/', '/404.html', ...pageTypes('zh-cn'), ...pageTypes('en')];
    for (const path of paths) {
      const response = await page.goto(origin + path);
      const html = await response.text();
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src (&#39;|&#x27;)self(&#39;|&#x27;); script-src (&#39;|&#x27;)self(&#39;|&#x27;); style-src (&#39;|&#x27;)self(&#39;|&#x27;);/, path);
      if (path.includes('/verify/')) await page.locator('#hb-verify-result.bad').waitFor();
      if (path.includes('/search/')) await page.locator('#hb-search-page .hb-list a').first().waitFor();
      if (!path.includes('/search/') && (await page.locator('#hb-search-input').count())) {
        // A query, and a phone number (loads verify.js and the registry).
        await page.locator('#hb-search-input').fill(path.startsWith('/en/') ? 'password' : '提现');
        await page.locator('#hb-search-listbox [role=option]').first().waitFor();
        await page.locator('#hb-search-input').fill('+1 202 555 0199');
        await page.locator('#hb-search-results .hb-contact.bad').waitFor();
      }
      violations.push(...(await page.evaluate(() => window.__csp)).map((v) => `${path}: ${v}`));
    }
    assert.deepEqual(violations, [], 'CSP violations');
    assert.deepEqual(problems, [], 'no console errors (a refused script or style logs one)');
    await context.close();
  });

  test('an inline script that a page might carry is refused', async () => {
    // The policy is really enforced: a script injected as markup is blocked.
    const { context } = await newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/en/`);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
    });
    assert.equal(await page.evaluate(() => window.__ran), undefined);
    assert.ok((await page.evaluate(() => window.__csp)).some((v) => v.startsWith('script-src')));
    await context.close();
  });
});
