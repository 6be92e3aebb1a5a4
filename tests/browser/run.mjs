#!/usr/bin/env node
// Browser tests for the notis sample site (issue 7).
//
//   node tests/browser/run.mjs
//
// Builds a copy of the sample site (plus one article with a lead image, an alert
// banner and an old-URL alias) with the real notis binary, serves it on
// 127.0.0.1, and checks every page type in headless Chromium:
//   1. axe-core (WCAG 2.0/2.1 A and AA) at 1280 px and 375 px, light, dark and forced colours
//   2. keyboard: skip link first, skip link focuses main, everything reachable
//      with a visible focus indicator, no focus trap
//   3. the Nu HTML Checker over the whole built site, as shipped
//   4. privacy: no request leaves 127.0.0.1, no cookie, no web storage
//   5. reflow at 320 px, browser zoom 200 % and text size 200 %
//   6. screenshots of the start page and the seed article in target/screenshots/
//   7. "Kommentera sidan": a comment on the seed article goes through a running
//      `notis feedback serve` to the thank-you page and into `notis feedback export`
//   8. crisis (issue 27): the banner and updates read with JavaScript off and with CSS
//      off, without layout shift; "Var sidan till hjälp?" (in place and without
//      JavaScript) and the inaccessibility report land in the receiver's store
//   9. "Prenumerera": the form on the news listing, without JavaScript, stores a request;
//      the confirmation mail arrives at a real SMTP server (aiosmtpd) and its link,
//      followed in Chromium, starts the subscription
//
// NOTIS_BIN overrides the binary (default target/release/notis), NOTIS_CHROMIUM the browser
// (default /usr/bin/chromium); NOTIS_BROWSER_FILTER=regex runs only the matching tests.
// Without Chromium, Java or the npm packages the affected tests are skipped with
// a reason; with NOTIS_REQUIRE_BROWSER=1 (as .ci/run sets) they fail instead.
// The last line is "N passed, M failed, K skipped"; the exit status is 1 on any failure.

import { existsSync, accessSync, constants, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, EXTRA, NOW, prepareSite, removeSite } from './lib/site.mjs';
import { serve } from './lib/server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const BIN = process.env.NOTIS_BIN || join(REPO, 'target', 'release', 'notis');
const CHROMIUM = process.env.NOTIS_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const REQUIRE_TOOLS = process.env.NOTIS_REQUIRE_BROWSER === '1';
const SCREENSHOTS = join(REPO, 'target', 'screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TEST_TIMEOUT_MS = 90_000;
const SUITE_TIMEOUT_MS = 12 * 60_000;
const NAV_TIMEOUT_MS = 15_000;
// NOTIS_BROWSER_FILTER=regex runs only the tests whose names match (for local work).
const FILTER = process.env.NOTIS_BROWSER_FILTER ? new RegExp(process.env.NOTIS_BROWSER_FILTER, 'i') : null;
// How many independent page tests (axe) run at once; 1 runs them one after another.
const LANES = Math.max(1, Number(process.env.NOTIS_BROWSER_LANES) || 2);

/** Every page type of the site. `kinds` are the interactive parts the keyboard test must reach. */
const PAGES = [
  { id: 'start page', path: '/', kinds: ['skip', 'crisis', 'alert', 'nav', 'search', 'footer'] },
  { id: 'listing page 1', path: '/nyheter/', kinds: ['skip', 'crisis', 'nav', 'search', 'pagination', 'footer'] },
  { id: 'listing page 2', path: '/nyheter/sida/2/', kinds: ['skip', 'crisis', 'nav', 'search', 'pagination', 'footer'] },
  {
    id: 'seed article',
    path: '/nyheter/storningar-hos-kommunernas-it-system/',
    kinds: ['skip', 'crisis', 'nav', 'search', 'share', 'helpful', 'feedback', 'footer'],
  },
  {
    id: 'article with image and alert',
    path: EXTRA.path,
    kinds: ['skip', 'crisis', 'alert', 'nav', 'search', 'share', 'helpful', 'feedback', 'footer'],
  },
  { id: 'topic page', path: '/amne/it/', kinds: ['skip', 'crisis', 'nav', 'search', 'footer'] },
  { id: 'archive year', path: '/nyheter/arkiv/2026/', kinds: ['skip', 'crisis', 'nav', 'search', 'footer'] },
  { id: 'search page', path: '/sok/', kinds: ['skip', 'crisis', 'nav', 'search', 'footer'] },
  { id: '404 page', path: '/finns-inte/', status: 404, kinds: ['skip', 'crisis', 'nav', 'search', 'footer'] },
  {
    id: 'accessibility statement',
    path: '/sidor/tillganglighetsredogorelse/',
    kinds: ['skip', 'crisis', 'nav', 'search', 'helpful', 'feedback', 'footer'],
  },
  { id: 'thank-you page', path: '/tack/', kinds: ['skip', 'crisis', 'nav', 'search', 'footer'] },
  { id: 'thank-you page for answers', path: '/tack/svar/', kinds: ['skip', 'crisis', 'nav', 'search', 'footer'] },
  { id: 'crisis page', path: '/kris/', kinds: ['skip', 'crisis', 'nav', 'search', 'footer'] },
  {
    id: 'inaccessibility report form',
    path: '/rapportera-brist/',
    kinds: ['skip', 'crisis', 'nav', 'search', 'feedback', 'footer'],
  },
  { id: 'redirect page', path: EXTRA.alias, redirect: true },
];

/** Selectors of the interactive parts named in PAGES[].kinds. */
const KINDS = {
  skip: 'a.skip-link',
  crisis: '.crisis-banner a',
  alert: '.alerts a',
  nav: '.site-nav a',
  search: '.site-search input, .site-search button',
  pagination: '.pagination a',
  share: '.share a',
  feedback: '.feedback__form textarea, .feedback__form input:not([type=hidden]):not([tabindex="-1"]), .feedback__form button',
  helpful: '.helpful__form input:not([type=hidden]):not([tabindex="-1"]), .helpful__form button',
  footer: '.site-footer a',
};

// ---------------------------------------------------------------- the runner

const results = [];
const out = (line = '') => process.stdout.write(`${line}\n`);
const indent = (text) =>
  String(text)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

class Failure extends Error {}
function check(condition, message) {
  if (!condition) throw new Failure(typeof message === 'function' ? message() : message);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Failure(`${what}: timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const chosen = (name) => !FILTER || FILTER.test(name) || /^(site|browser):/.test(name);

/** Runs one test to its outcome: { name, note } or { name, error }, and how long it took. */
async function attempt(name, fn) {
  const started = Date.now();
  try {
    const note = await withTimeout(Promise.resolve().then(fn), TEST_TIMEOUT_MS, name);
    return { name, note, ms: Date.now() - started };
  } catch (error) {
    return { name, error, ms: Date.now() - started };
  }
}

function report({ name, note, error, ms }) {
  if (error === undefined) {
    results.push({ name, status: 'passed' });
    out(`ok - ${name}${note ? ` (${note})` : ''} [${ms} ms]`);
  } else {
    results.push({ name, status: 'failed' });
    out(`not ok - ${name} [${ms} ms]`);
    out(indent(error instanceof Failure ? error.message : error.stack || String(error)));
  }
}

async function test(name, fn) {
  if (chosen(name)) report(await attempt(name, fn));
}

/**
 * Independent tests, each in a browser context of its own, LANES at a time (Chromium
 * renders each page in a process of its own, so two pages use both cores); reported in
 * the order given.
 */
async function tests(list) {
  const wanted = list.filter(([name]) => chosen(name));
  const outcomes = [];
  let next = 0;
  const lane = async () => {
    while (next < wanted.length) {
      const i = next++;
      outcomes[i] = await attempt(...wanted[i]);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  outcomes.forEach(report);
}

/** A missing tool: a failure under NOTIS_REQUIRE_BROWSER=1, else a skip with the reason. */
function missing(name, reason) {
  if (REQUIRE_TOOLS) {
    results.push({ name, status: 'failed' });
    out(`not ok - ${name}`);
    out(indent(`${reason} (NOTIS_REQUIRE_BROWSER=1, so this is a failure)`));
  } else {
    results.push({ name, status: 'skipped' });
    out(`skip - ${name}: ${reason}`);
  }
}

function summary() {
  const count = (s) => results.filter((r) => r.status === s).length;
  const [passed, failed, skipped] = [count('passed'), count('failed'), count('skipped')];
  const failedNames = results.filter((r) => r.status === 'failed').map((r) => r.name);
  if (failedNames.length) {
    out();
    out('failed:');
    for (const n of failedNames) out(`  - ${n}`);
  }
  out();
  out(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed;
}

// ---------------------------------------------------------------- tools

function chromiumProblem() {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return null;
  } catch {
    return `Chromium not found at ${CHROMIUM} (install Debian's chromium package)`;
  }
}

function javaProblem() {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (run.error || run.status !== 0) {
    return `java is not available (${run.error ? run.error.code || run.error.message : `exit ${run.status}`}; install Debian's default-jre-headless)`;
  }
  return null;
}

async function loadPackages() {
  const require = createRequire(import.meta.url);
  const pkgs = {};
  try {
    pkgs.playwright = await import('playwright-core');
    pkgs.AxeBuilder = (await import('@axe-core/playwright')).default;
  } catch (e) {
    pkgs.browserProblem = `npm packages missing (${e.code || e.message}): run \`npm ci --ignore-scripts\` in tests/browser`;
  }
  try {
    pkgs.vnuJar = String(require('vnu-jar'));
    if (!existsSync(pkgs.vnuJar)) throw new Error(`${pkgs.vnuJar} does not exist`);
  } catch (e) {
    pkgs.vnuProblem = `vnu-jar missing (${e.code || e.message}): run \`npm ci --ignore-scripts\` in tests/browser`;
  }
  return pkgs;
}

// ---------------------------------------------------------------- browser helpers

let browser;
let site;

/** A fresh context (no storage) where any request off 127.0.0.1 is recorded and aborted. */
async function newContext(options = {}) {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    serviceWorkers: 'block',
    ...options,
  });
  ctx.setDefaultTimeout(NAV_TIMEOUT_MS);
  ctx.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
  const foreign = new Set();
  ctx.foreign = foreign;
  const isLocal = (u) => {
    try {
      const url = new URL(u);
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
      return url.hostname === '127.0.0.1';
    } catch {
      return false;
    }
  };
  ctx.on('request', (req) => {
    if (!isLocal(req.url())) foreign.add(req.url());
  });
  await ctx.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u)) return route.continue();
    foreign.add(u);
    return route.abort('blockedbyclient');
  });
  await ctx.routeWebSocket(/.*/, (ws) => {
    if (isLocal(ws.url())) return ws.connectToServer();
    foreign.add(ws.url());
    return ws.close();
  });
  return ctx;
}

/**
 * Opens `page` in `ctx`. A redirect page's target is aborted, so that the
 * redirect page itself stays loaded for inspection.
 */
async function open(ctx, def, { query = '' } = {}) {
  const page = await ctx.newPage();
  if (def.redirect) {
    await page.route(
      (url) => url.pathname === EXTRA.path,
      (route) => route.abort('aborted'),
    );
  }
  const response = await page.goto(`${site.url}${def.path}${query}`, { waitUntil: 'load' });
  const want = def.status ?? 200;
  check(response && response.status() === want, `${def.path}: HTTP status ${response?.status()}, expected ${want}`);
  return page;
}

async function withPage(options, def, fn, openOptions) {
  const ctx = await newContext(options);
  try {
    const page = await open(ctx, def, openOptions);
    return await fn(page, ctx);
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- 0. the site itself

async function siteTests() {
  await test('site: every page type is served with the right status and type', async () => {
    const problems = [];
    for (const def of PAGES) {
      const res = await fetch(`${site.url}${def.path}`, { redirect: 'manual' });
      const want = def.status ?? 200;
      if (res.status !== want) problems.push(`${def.path}: status ${res.status}, expected ${want}`);
      if (!String(res.headers.get('content-type')).startsWith('text/html')) {
        problems.push(`${def.path}: content-type ${res.headers.get('content-type')}`);
      }
      await res.arrayBuffer();
    }
    const types = {
      '/tema/notis.css': 'text/css',
      '/tema/favicon.svg': 'image/svg+xml',
      '/atom.xml': 'application/xml',
      '/feed.json': 'application/json',
    };
    // Issue 17: the photo is published as resized WebP and PNG copies, not as the original.
    const article = await (await fetch(`${site.url}${EXTRA.path}`)).text();
    const stem = EXTRA.image.replace(/\.png$/, '');
    // WebP, and JPEG as the fallback of this opaque PNG (PNG only for transparent images).
    for (const [ext, type] of [['webp', 'image/webp'], ['jpg', 'image/jpeg']]) {
      const copy = article.match(new RegExp(`${stem}-[0-9a-f]+-\\d+x\\d+\\.${ext}`));
      if (copy) types[copy[0]] = type;
      else problems.push(`${EXTRA.path}: no ${ext} copy of ${EXTRA.image}`);
    }
    const original = await fetch(`${site.url}${EXTRA.image}`);
    await original.arrayBuffer();
    if (original.status !== 404) problems.push(`${EXTRA.image}: ${original.status}, expected 404 (only its copies are published)`);
    for (const [path, type] of Object.entries(types)) {
      const res = await fetch(`${site.url}${path}`);
      await res.arrayBuffer();
      if (res.status !== 200 || !String(res.headers.get('content-type')).startsWith(type)) {
        problems.push(`${path}: ${res.status} ${res.headers.get('content-type')}, expected 200 ${type}`);
      }
    }
    check(problems.length === 0, () => problems.join('\n'));
  });

  await test('site: the extra article has its lead image, alert banner and redirect', async () => {
    const get = async (p) => (await fetch(`${site.url}${p}`)).text();
    const article = await get(EXTRA.path);
    const stem = EXTRA.image.replace(/\.png$/, '');
    check(/<picture>/.test(article) && article.includes(`${stem}-`), `${EXTRA.path} does not show ${EXTRA.image}`);
    const start = await get('/');
    check(/class=["']?alerts/.test(start) && start.includes(EXTRA.alertText), 'the start page has no alert banner');
    const redirect = await get(EXTRA.alias);
    check(
      /http-equiv=["']?refresh/.test(redirect) && redirect.includes(EXTRA.path),
      `${EXTRA.alias} is not a redirect to ${EXTRA.path}`,
    );
  });
}

// ---------------------------------------------------------------- 1. axe-core

function themeModes() {
  const css = readFileSync(join(site.public, 'tema', 'notis.css'), 'utf8');
  const modes = [{ label: 'light', options: { colorScheme: 'light' } }];
  if (/prefers-color-scheme\s*:\s*dark/.test(css)) modes.push({ label: 'dark', options: { colorScheme: 'dark' } });
  else out('# the theme has no prefers-color-scheme: dark styles; axe runs in light mode only');
  if (/forced-colors\s*:\s*active/.test(css)) {
    modes.push({ label: 'forced colours', options: { colorScheme: 'light', forcedColors: 'active' } });
  } else out('# the theme has no forced-colors styles; axe runs without forced colours');
  return modes;
}

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
      return `${v.id} (${v.impact}): ${v.help}\n${nodes}${more}`;
    })
    .join('\n');
}

async function axeTests(AxeBuilder) {
  const modes = themeModes();
  const list = [];
  for (const def of PAGES) {
    for (const width of [1280, 375]) {
      // One load per page and width; the colour modes are media features, which Chromium
      // applies to the loaded page as it would at load (the same emulation a new context sets).
      list.push([
        `axe: ${def.id} at ${width} px, ${modes.map((m) => m.label).join(', ')}`,
        () =>
          withPage({ viewport: { width, height: 900 }, ...modes[0].options }, def, async (page) => {
            const found = [];
            const passed = [];
            for (const mode of modes) {
              await page.emulateMedia({ colorScheme: mode.options.colorScheme, forcedColors: mode.options.forcedColors ?? 'none' });
              const res = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
              if (res.violations.length) found.push(`${mode.label}:\n${describeViolations(res.violations)}`);
              passed.push(res.passes.length);
            }
            check(found.length === 0, () => found.join('\n'));
            return `${passed.join('/')} rules passed`;
          }),
      ]);
    }
  }
  await tests(list);
}

// ---------------------------------------------------------------- 2. keyboard

/** Runs in the page: marks every focusable element and records how it looks unfocused. */
function markFocusables(kinds) {
  const sel =
    'a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable]';
  const list = [];
  const visible = (el) => {
    if (el.closest('[inert]')) return false;
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible' || cs.display === 'none') return false;
    return el.getClientRects().length > 0;
  };
  for (const el of document.querySelectorAll(sel)) {
    const cs = getComputedStyle(el);
    el.dataset.kb = String(list.length);
    list.push({
      desc: describe(el),
      expected: el.tabIndex >= 0 && !el.disabled && !(el.type === 'hidden') && visible(el) && radioStop(el),
      outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
      boxShadow: cs.boxShadow,
      kinds: Object.entries(kinds)
        .filter(([, s]) => el.matches(s))
        .map(([k]) => k),
    });
  }
  // A group of radio buttons is one Tab stop (its checked button, else its first);
  // the arrow keys move within it.
  function radioStop(el) {
    if (el.type !== 'radio' || !el.name) return true;
    const group = [...(el.form || document).querySelectorAll('input[type=radio]')].filter((r) => r.name === el.name);
    const checked = group.find((r) => r.checked);
    return checked ? checked === el : group[0] === el;
  }
  function describe(el) {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ');
    const id = el.id ? `#${el.id}` : '';
    const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
    const href = el.getAttribute('href') ? ` href=${el.getAttribute('href')}` : '';
    return `<${el.tagName.toLowerCase()}${id}${cls}${href}> "${text.slice(0, 40)}"`;
  }
  window.__kbDescribe = describe;
  return list;
}

/** Runs in the page: what has focus now and how its focus indicator looks. */
function activeInfo() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { idx: null };
  if (el.dataset.kb === undefined) el.dataset.kb = `x${Math.random().toString(36).slice(2, 8)}`;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    idx: el.dataset.kb,
    desc: window.__kbDescribe(el),
    outlineStyle: cs.outlineStyle,
    outlineWidth: parseFloat(cs.outlineWidth) || 0,
    outlineColor: cs.outlineColor,
    outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
    boxShadow: cs.boxShadow,
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    inMain: !!el.closest('main'),
    afterMain: !!(document.querySelector('main').compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
  };
}

const transparent = (color) => /^transparent$|rgba\([^)]*,\s*0\)$/.test(color);

function focusProblem(info, before) {
  const outlineVisible =
    info.outlineStyle !== 'none' &&
    info.outlineWidth >= 2 &&
    !transparent(info.outlineColor) &&
    (!before || info.outline !== before.outline);
  const shadowVisible = info.boxShadow !== 'none' && (!before || info.boxShadow !== before.boxShadow);
  if (!outlineVisible && !shadowVisible) {
    return `${info.desc}: no visible focus indicator (outline: ${info.outline}; box-shadow: ${info.boxShadow})`;
  }
  if (!info.inViewport) return `${info.desc}: focused but not in the viewport`;
  return null;
}

async function keyboardTests() {
  for (const def of PAGES.filter((p) => !p.redirect)) {
    await test(`keyboard: ${def.id}: Tab reaches the skip link first, which moves focus to main`, () =>
      withPage({}, def, async (page) => {
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          return {
            skip: el.matches('a.skip-link'),
            html: el.outerHTML.slice(0, 120),
            href: el.getAttribute('href'),
            visible: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight,
          };
        });
        check(first.skip, `the first Tab stop is ${first.html}, not the skip link`);
        check(first.visible, 'the focused skip link is not visible in the viewport');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash === '#innehall', null, { timeout: 5000 });
        const target = await page.evaluate(() => ({
          id: document.activeElement.id,
          tag: document.activeElement.tagName,
        }));
        check(target.tag === 'MAIN' && target.id === 'innehall', `after the skip link, focus is on <${target.tag}#${target.id}>, not main#innehall`);
        await page.keyboard.press('Tab');
        await page.evaluate(() => {
          window.__kbDescribe = (el) => `<${el.tagName.toLowerCase()}> "${(el.textContent || '').trim().slice(0, 40)}"`;
        });
        const next = await page.evaluate(activeInfo);
        check(next.idx !== null && (next.inMain || next.afterMain), `Tab after the skip link goes to ${next.desc ?? 'the page body'}, not past the header`);
        return `then Tab goes to ${next.desc}`;
      }),
    );

    await test(`keyboard: ${def.id}: every interactive element is reachable with a visible focus indicator, no trap`, () =>
      withPage({}, def, async (page) => {
        const list = await page.evaluate(markFocusables, KINDS);
        const problems = [];
        for (const kind of def.kinds) {
          if (!list.some((f) => f.kinds.includes(kind) && f.expected)) problems.push(`no ${kind} element (${KINDS[kind]}) on the page`);
        }
        const expected = list.map((f, i) => ({ ...f, idx: String(i) })).filter((f) => f.expected);
        const limit = expected.length + 10;
        const forward = [];
        let wrapped = false;
        let outside = 0;
        for (let i = 0; i < limit && !wrapped; i++) {
          await page.keyboard.press('Tab');
          const info = await page.evaluate(activeInfo);
          if (info.idx === null) {
            // Focus left the document (to the browser) after the last element.
            if (++outside > 2) break;
            continue;
          }
          if (forward.length && info.idx === forward[0].idx) {
            wrapped = true;
            break;
          }
          if (forward.some((f) => f.idx === info.idx)) {
            problems.push(`focus trap: Tab returns to ${info.desc} without reaching the end of the page`);
            break;
          }
          forward.push(info);
          const before = list[Number(info.idx)];
          const p = focusProblem(info, before);
          if (p) problems.push(p);
        }
        if (!wrapped && !problems.some((p) => p.startsWith('focus trap'))) {
          problems.push(`Tab did not get back to the top of the page after ${limit} presses (focus trap?)`);
        }
        const reached = new Set(forward.map((f) => f.idx));
        for (const f of expected) {
          if (!reached.has(f.idx)) problems.push(`not reachable with Tab: ${f.desc}`);
        }
        // Shift+Tab walks the same stops backwards (focus at the first element now).
        if (wrapped) {
          const backward = [];
          for (let i = 0; i < limit; i++) {
            await page.keyboard.press('Shift+Tab');
            const info = await page.evaluate(activeInfo);
            if (info.idx === null) {
              if (backward.length) break;
              continue;
            }
            if (info.idx === forward[0].idx && backward.length) {
              backward.push(info.idx);
              break;
            }
            backward.push(info.idx);
          }
          const want = [...forward.map((f) => f.idx)].reverse();
          const got = backward.slice(0, want.length);
          if (got.join() !== want.join()) {
            problems.push(`Shift+Tab does not walk the Tab order backwards (${got.length} stops vs ${want.length})`);
          }
        }
        check(problems.length === 0, () => problems.join('\n'));
        return `${forward.length} tab stops`;
      }),
    );
  }
}

// ---------------------------------------------------------------- 3. Nu HTML Checker

function htmlFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...htmlFiles(p));
    else if (name.endsWith('.html')) found.push(p);
  }
  return found;
}

function vnuTest(jar, dir = null, name = 'vnu: the Nu HTML Checker finds no errors in the built site') {
  return test(name, async () => {
    const pub = dir || site.public;
    const files = htmlFiles(pub);
    check(files.length > 10, `only ${files.length} HTML files in ${pub}`);
    const { code, output } = await new Promise((resolveRun, reject) => {
      const child = spawn('java', ['-jar', jar, '--errors-only', '--skip-non-html', `${pub}/`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 80_000);
      child.on('error', reject);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolveRun({ code: c, output });
      });
    });
    const base = `file:${pub}/`;
    const errors = output
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.replaceAll(base, '').replaceAll(`file://${pub}/`, ''));
    check(code === 0 && errors.length === 0, () => `exit ${code}, ${errors.length} message(s):\n${errors.slice(0, 40).join('\n')}`);
    return `${files.length} HTML files`;
  });
}

// ---------------------------------------------------------------- search (issue 4)

const SEED = '/nyheter/storningar-hos-kommunernas-it-system/';

/** Waits for Pagefind's result links on /sok/ and returns their paths. */
async function resultPaths(page) {
  await page.waitForSelector('.pagefind-ui__result-link', { timeout: 10_000 });
  return page.$$eval('.pagefind-ui__result-link', (links) => links.map((a) => new URL(a.href).pathname));
}

async function searchTests(AxeBuilder) {
  await test('search: "störning" typed into the header search finds the seed article on /sok/', async () => {
    const ctx = await newContext({});
    try {
      const page = await ctx.newPage();
      await page.goto(`${site.url}/`, { waitUntil: 'load' });
      await page.getByLabel('Sök på webbplatsen').fill('störning');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/sok\/\?q=/, { timeout: 10_000 });
      const paths = await resultPaths(page);
      check(paths.includes(SEED), () => `results: ${paths.join(', ') || 'none'}`);
      // The count is announced in a live region for screen readers.
      await page.waitForFunction(() => document.getElementById('sok-status')?.textContent.trim(), null, { timeout: 5000 });
      const status = await page.textContent('#sok-status');
      const input = await page.inputValue('#sok input');
      check(input === 'störning', `the search field shows "${input}"`);
      check([...ctx.foreign].length === 0, () => `requests off 127.0.0.1: ${[...ctx.foreign].join(', ')}`);
      return `${paths.length} results; announced "${status.trim()}"`;
    } finally {
      await ctx.close();
    }
  });

  await test('search: "IT-system" finds the seed article too', async () => {
    const ctx = await newContext({});
    try {
      const page = await ctx.newPage();
      await page.goto(`${site.url}/sok/?q=${encodeURIComponent('IT-system')}`, { waitUntil: 'load' });
      const paths = await resultPaths(page);
      check(paths.includes(SEED), () => `results: ${paths.join(', ') || 'none'}`);
      check([...ctx.foreign].length === 0, () => `requests off 127.0.0.1: ${[...ctx.foreign].join(', ')}`);
    } finally {
      await ctx.close();
    }
  });

  await test('search: nothing on /sok/ moves while the search UI and its results load (issue 25)', async () => {
    const ctx = await newContext({});
    try {
      const page = await ctx.newPage();
      // Layout shifts are recorded from the first paint, before any script of the page runs.
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${site.url}/sok/?q=${encodeURIComponent('störning')}`, { waitUntil: 'load' });
      await resultPaths(page);
      await page.waitForTimeout(300);
      const shift = await page.evaluate(() => window.__shift);
      // A page-speed audit calls 0.1 and above a problem; main had 0.16 here.
      check(shift < 0.1, `cumulative layout shift ${shift.toFixed(3)}`);
      return `cumulative layout shift ${shift.toFixed(3)}`;
    } finally {
      await ctx.close();
    }
  });

  await test('search: the results page has no axe violations and is keyboard usable', async () => {
    const ctx = await newContext({});
    try {
      const page = await ctx.newPage();
      await page.goto(`${site.url}/sok/?q=${encodeURIComponent('störning')}`, { waitUntil: 'load' });
      await resultPaths(page);
      const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      check(violations.length === 0, () => describeViolations(violations));
      // Tab from the search field reaches a result link.
      await page.focus('#sok input');
      let reached = false;
      for (let i = 0; i < 15 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.classList.contains('pagefind-ui__result-link'));
      }
      check(reached, 'Tab from the search field does not reach the results');
    } finally {
      await ctx.close();
    }
  });
}

// ---------------------------------------------------------------- hostile search (issue 13)

/** An article whose title, summary and body are full of markup, with HTML-significant tags. */
const HOSTILE_ARTICLE = `---
title: "<img src=x onerror=window.__pwned='titel'> hackerord <b>fet</b>"
date: 2026-11-20
summary: "<script>window.__pwned='summary'</script><img src=x onerror=window.__pwned='summary-img'>"
tags: ["Bygga & bo", "R&D's (test)"]
---
Brödtext med \\<img src=x onerror=window.__pwned='body'\\> och \`<svg onload=window.__pwned='kod'>\` hackerord.
`;

/**
 * Issue 26's guard: notis's bundle against Pagefind's own CLI (1.6.0, the version notis
 * vendors) over the same HTML — the built site's articles and pages, the glob notis
 * indexes — for about 40 Swedish queries: with and without å, ä, ö, prefixes, compounds,
 * words only in titles, several words, and the topic and year filters. The top 10 result
 * URLs and excerpts must be the same, with one difference, by design: a filter with no
 * search words lists its pages in the order they were indexed, which in notis is by path
 * (so that every build writes the same bundle) and in Pagefind's CLI the order the file
 * system lists the files in; for those the same pages must come, in any order.
 */
const CLI_QUERIES = [
  'störning', 'storning', 'störningar', 'stör', 'vatten', 'vattenläcka', 'läcka', 'dricksvatten',
  'koka vatten', 'kokningsrekommendation', 'Våmhus', 'vamhus', 'Älvdalen', 'alvdalen', 'Orsa', 'Mora',
  'bygglov', 'bygglovsansökan', 'snöröjning', 'snöröj', 'röj', 'kommun', 'kommunfullmäktige', 'budget',
  'system', 'it-system', 'skola', 'öppettider', 'återvinningscentralen', 'atervinning', 'bibliotek',
  'badplatser', 'badvatten', 'eldningsförbud', 'trygghetslarm', 'feriejobb', 'bredband', 'vasaloppsveckan',
  'sommar', 'landsbygden',
];
const CLI_FILTERED = [
  ['kommun', { 'Ämne': 'IT' }],
  ['sommar', { 'Ämne': 'Fritid' }],
  ['kommun', { 'År': '2026' }],
  ['', { 'Ämne': 'Miljö' }],
];

async function pagefindCliTests() {
  const cli = join(HERE, 'node_modules', '.bin', 'pagefind');
  if (!existsSync(cli)) {
    missing('search: the same results as Pagefind\'s CLI', 'pagefind missing: run `npm ci --ignore-scripts` in tests/browser');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'notis-pagefind-cli-'));
  let server;
  try {
    await test('search: Pagefind\'s own CLI 1.6.0 indexes a copy of the built site', async () => {
      cpSync(site.public, dir, { recursive: true });
      rmSync(join(dir, 'pagefind'), { recursive: true, force: true });
      const glob = '{nyheter/*/index.html,sidor/*/index.html}';
      const run = spawnSync(cli, ['--site', dir, '--force-language', 'sv', '--glob', glob], { encoding: 'utf8', timeout: 60_000 });
      check(run.status === 0, () => `exit ${run.status}:\n${run.stdout}${run.stderr}`);
      server = await serve(dir);
      return run.stdout.trim().split('\n').filter((l) => l.includes('Indexed')).join('; ');
    });
    if (!server) return;
    await test(`search: ${CLI_QUERIES.length + CLI_FILTERED.length} Swedish queries give the same top 10 (URLs and excerpts) as Pagefind's CLI`, async () => {
      const ctx = await newContext({});
      try {
        const answers = async (origin) => {
          const page = await ctx.newPage();
          await page.goto(`${origin}/`, { waitUntil: 'load' });
          const found = await page.evaluate(
            async ({ plain, filtered }) => {
              const pf = await import('/pagefind/pagefind.js');
              const top = async (q, filters) => {
                const r = await pf.search(q || null, filters ? { filters } : {});
                const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
                return { count: r.results.length, top: data.map((d) => [d.url, d.excerpt]) };
              };
              const all = {};
              for (const q of plain) all[q] = await top(q, null);
              for (const [q, f] of filtered) all[`${q} ${JSON.stringify(f)}`] = await top(q, f);
              return all;
            },
            { plain: CLI_QUERIES, filtered: CLI_FILTERED },
          );
          await page.close();
          return found;
        };
        const ours = await answers(site.url);
        const theirs = await answers(server.url);
        // Filter alone (the key starts with a space): the order is the index's, see above.
        const same = (q) =>
          q.startsWith(' ')
            ? JSON.stringify(ours[q].top.map(String).sort()) === JSON.stringify(theirs[q].top.map(String).sort()) &&
              ours[q].count === theirs[q].count
            : JSON.stringify(ours[q]) === JSON.stringify(theirs[q]);
        const differ = Object.keys(theirs).filter((q) => !same(q));
        check(differ.length === 0, () =>
          differ.map((q) => `${q}:\n  notis ${JSON.stringify(ours[q])}\n  CLI   ${JSON.stringify(theirs[q])}`).join('\n'),
        );
        const answered = Object.values(theirs).filter((r) => r.count > 0).length;
        check(answered >= 30, `only ${answered} queries found anything: the queries no longer fit the sample site`);
        return `${Object.keys(theirs).length} queries, ${answered} with results, all the same`;
      } finally {
        await ctx.close();
      }
    });
  } finally {
    if (server) await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hostileSearchTests() {
  await test('search: a title, summary and tags full of markup show as text and run nothing', async () => {
    const root = prepareSite(REPO);
    let server;
    try {
      writeFileSync(join(root, 'content', 'nyheter', '2026-11-20-hackerord.md'), HOSTILE_ARTICLE);
      server = await serve(join(root, 'public'));
      try {
        buildSite({ root, bin: BIN, baseUrl: server.url });
      } catch (e) {
        throw new Failure(e.message);
      }
      const ctx = await newContext({});
      try {
        const page = await ctx.newPage();
        const dialogs = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          d.dismiss().catch(() => {});
        });
        await page.goto(`${server.url}/sok/?q=hackerord`, { waitUntil: 'load' });
        await page.waitForSelector('.pagefind-ui__result-link', { timeout: 10_000 });
        // Pagefind loads filters with the results; give its UI a moment to render them.
        await page.waitForSelector('.pagefind-ui__filter-label', { state: 'attached', timeout: 10_000 });
        // The topic group renders after the year group; wait a little for it, not forever.
        await page
          .waitForFunction(
            () => [...document.querySelectorAll('.pagefind-ui__filter-label')].some((l) => /Bygga/.test(l.textContent)),
            null,
            { timeout: 5_000 },
          )
          .catch(() => {});
        const seen = await page.evaluate(() => ({
          pwned: window.__pwned ?? null,
          titles: [...document.querySelectorAll('.pagefind-ui__result-link')].map((a) => a.textContent),
          filters: [...document.querySelectorAll('.pagefind-ui__filter-label')].map((l) => l.textContent),
          injected: document.querySelectorAll('#sok img[src="x"], #sok script, #sok svg[onload], #sok b').length,
        }));
        check(seen.pwned === null, `script ran: window.__pwned = ${seen.pwned}`);
        check(dialogs.length === 0, `dialogs: ${dialogs.join(', ')}`);
        check(seen.injected === 0, `${seen.injected} injected elements in the search UI`);
        check(
          seen.titles.some((t) => t.includes("<img src=x onerror=window.__pwned='titel'>")),
          () => `the title is not shown as text: ${JSON.stringify(seen.titles)}`,
        );
        // Where Pagefind's UI shows the topic filter, its values read as the tags' text. Its
        // UI does not always render the topic group (only the year group showed in CI on
        // 2026-11-27; open question, see the closing note of issue 13), so the text is checked
        // where it is shown and the escaping itself is pinned by hostile.rs.
        const topicLabels = seen.filters.filter((f) => /Bygga|R&D|R&amp;D/.test(f));
        for (const label of topicLabels) {
          check(
            !/&amp;|&lt;|&gt;/.test(label),
            () => `topic filter shown with escapes instead of text: ${JSON.stringify(label)}`,
          );
        }
        return `${seen.titles.length} results, ${seen.filters.length} filter values (${topicLabels.length} topic)`;
      } finally {
        await ctx.close();
      }
    } finally {
      if (server) await server.close();
      removeSite(root);
    }
  });
}

// ---------------------------------------------------------------- subfolder hosting (issue 17)

const SUBFOLDER = '/nyhetsrum/';

/**
 * The sample site built for `https://…/nyhetsrum/` and served only under that folder: every
 * request a page makes (styles, scripts, pictures, the search bundle) and every link on it
 * must answer, and search must find and link within the folder.
 */
async function subfolderTests(AxeBuilder) {
  let sub;
  let subRoot;
  await test('subfolder: the site built for /nyhetsrum/ and served under it', async () => {
    subRoot = prepareSite(REPO);
    const server = await serve(join(subRoot, 'public'), { prefix: SUBFOLDER });
    sub = { server, url: `${server.url}${SUBFOLDER.slice(0, -1)}` };
    try {
      return buildSite({ root: subRoot, bin: BIN, baseUrl: `${server.url}${SUBFOLDER}` });
    } catch (e) {
      throw new Failure(e.message);
    }
  });
  if (!sub) return removeSite(subRoot);
  try {
    await test('subfolder: every request and every link of the main pages answers, pictures load', async () => {
      const ctx = await newContext({});
      try {
        const page = await ctx.newPage();
        const failed = [];
        page.on('response', (r) => {
          if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
        });
        page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
        const links = new Set();
        const paths = ['/', '/nyheter/', EXTRA.path, '/amne/', '/nyheter/arkiv/', '/sok/'];
        let pictures = 0;
        for (const path of paths) {
          await page.goto(`${sub.url}${path}`, { waitUntil: 'load' });
          // Lazy pictures load once scrolled to.
          await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
          await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 10_000 });
          const broken = await page.$$eval('img', (imgs) => imgs.filter((i) => i.naturalWidth === 0).map((i) => i.currentSrc || i.src));
          check(broken.length === 0, () => `${path}: images that did not load: ${broken.join(', ')}`);
          pictures += await page.$$eval('picture img', (imgs) => imgs.length);
          for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.href))) {
            const u = new URL(href);
            if (u.origin === new URL(sub.url).origin) links.add(u.href.split('#')[0]);
          }
        }
        check(pictures > 0, 'no <picture> on the pages visited');
        for (const href of links) {
          check(new URL(href).pathname.startsWith(SUBFOLDER), `a link leaves the folder: ${href}`);
          const r = await ctx.request.get(href);
          if (r.status() >= 400) failed.push(`${r.status()} ${href} (link)`);
        }
        check(failed.length === 0, () => failed.join('\n'));
        check([...ctx.foreign].length === 0, () => `requests off 127.0.0.1: ${[...ctx.foreign].join(', ')}`);
        return `${paths.length} pages, ${links.size} links, ${pictures} pictures`;
      } finally {
        await ctx.close();
      }
    });

    await test('subfolder: search finds the seed article and links to it inside /nyhetsrum/', async () => {
      const ctx = await newContext({});
      try {
        const page = await ctx.newPage();
        await page.goto(`${sub.url}/`, { waitUntil: 'load' });
        await page.getByLabel('Sök på webbplatsen').fill('störning');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/nyhetsrum\/sok\/\?q=/, { timeout: 10_000 });
        const paths = await resultPaths(page);
        check(paths.includes(`${SUBFOLDER.slice(0, -1)}${SEED}`), () => `results: ${paths.join(', ') || 'none'}`);
        const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        check(violations.length === 0, () => describeViolations(violations));
        return `${paths.length} results`;
      } finally {
        await ctx.close();
      }
    });
  } finally {
    await sub.server.close();
    removeSite(subRoot);
  }
}

// ---------------------------------------------------------------- several sites (issue 30)

/**
 * The sample repository of three municipalities (examples/flera-kommuner): each site built
 * alone for its own server; axe at 0 on each site's page types (a shared article's
 * canonical copy and another site's copy among them) and the Nu HTML Checker at 0 on
 * every page of all three.
 */
async function multisiteTests(AxeBuilder, jar) {
  const root = mkdtempSync(join(tmpdir(), 'notis-browser-sites-'));
  cpSync(join(REPO, 'examples', 'flera-kommuner'), root, { recursive: true });
  const servers = [];
  try {
    const sites = ['mora', 'orsa', 'alvdalen'];
    for (const name of sites) {
      const dir = join(root, 'public', name);
      mkdirSync(dir, { recursive: true });
      const server = await serve(dir);
      servers.push(server);
      await test(`several sites: ${name} built alone for its own server`, async () => {
        const run = spawnSync(BIN, ['build', '--root', root, '--site', name, '--now', NOW, '--base-url', server.url], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        check(run.status === 0, () => `exit ${run.status}:\n${run.stdout}${run.stderr}`);
        return run.stdout.trim().split('\n').pop();
      });
      const paths = ['/', '/nyheter/', SEED, '/amne/', '/sok/', '/nyheter/eldningsforbud-i-hela-dalarnas-lan/'];
      if (name !== 'alvdalen') paths.push('/nyheter/gemensam-bygglovsenhet-i-mora-och-orsa/');
      await test(`several sites: axe finds nothing on ${name}'s ${paths.length} page types`, async () => {
        const ctx = await newContext({});
        try {
          const page = await ctx.newPage();
          const found = [];
          for (const path of paths) {
            const r = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
            check(r && r.status() === 200, `${path}: ${r && r.status()}`);
            const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
            if (violations.length) found.push(`${path}:\n${describeViolations(violations)}`);
          }
          check(found.length === 0, () => found.join('\n'));
          check([...ctx.foreign].length === 0, () => `requests off 127.0.0.1: ${[...ctx.foreign].join(', ')}`);
          return `${paths.length} pages`;
        } finally {
          await ctx.close();
        }
      });
    }
    if (jar) await vnuTest(jar, join(root, 'public'), 'several sites: the Nu HTML Checker finds no errors on any page of the three sites');
  } finally {
    for (const server of servers) await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- live preview (issue 5)

/** Starts `notis serve` on the test site; resolves with its URL once it listens. */
function startServe(root) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(BIN, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Failure(`notis serve did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const m = /notis serve: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1] });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Failure(`notis serve exited with ${code}:\n${output}`)));
  });
}

async function previewTests(root) {
  await test('serve: saving an article updates the open tab by itself; a broken save shows the overlay; the next good save recovers', async () => {
    const { child, url } = await startServe(root);
    const ctx = await newContext({});
    try {
      const page = await ctx.newPage();
      const file = join(root, 'content', 'nyheter', '2018-04-24-storningar-hos-kommunernas-it-system.md');
      const original = readFileSync(file, 'utf8');
      await page.goto(`${url}/nyheter/storningar-hos-kommunernas-it-system/`, { waitUntil: 'load' });
      await page.waitForTimeout(300); // let the reload stream connect
      writeFileSync(file, original.replace('Vad händer just nu?', 'Vad händer i dag?'));
      await page.waitForSelector('h2:text("Vad händer i dag?")', { timeout: 5000 });
      writeFileSync(file, original.replace('title:', 'titel:'));
      await page.waitForSelector('text=Webbplatsen har fel', { timeout: 5000 });
      const overlay = await page.textContent('main');
      check(overlay.includes('content/nyheter/2018-04-24-storningar-hos-kommunernas-it-system.md:2:1'), () => overlay);
      writeFileSync(file, original);
      await page.waitForSelector('h1:text("Störningar hos kommunernas IT-system")', { timeout: 5000 });
      check([...ctx.foreign].length === 0, () => `requests off 127.0.0.1: ${[...ctx.foreign].join(', ')}`);
    } finally {
      await ctx.close();
      child.kill('SIGINT');
    }
  });

  // Issue 14: a deleted article left the open start page, and a rename stayed on
  // "…is also the URL of…" about the file that was gone, until the preview restarted.
  await test('serve: an open tab follows a created and deleted article and a renamed file', async () => {
    const { child, url } = await startServe(root);
    const ctx = await newContext({});
    const news = join(root, 'content', 'nyheter');
    const fresh = join(news, '2099-01-01-tillfallig-nyhet.md');
    const file = join(news, '2018-04-24-storningar-hos-kommunernas-it-system.md');
    const renamed = join(news, '2018-04-24-storningar-omdopt.md');
    try {
      const page = await ctx.newPage();
      await page.goto(`${url}/`, { waitUntil: 'load' });
      await page.waitForTimeout(300); // let the reload stream connect
      writeFileSync(fresh, '---\ntitle: Tillfällig nyhet i förhandsvisningen\ndate: 2026-11-27\n---\nText.\n');
      await page.waitForSelector('text=Tillfällig nyhet i förhandsvisningen', { timeout: 5000 });
      unlinkSync(fresh);
      await page.waitForSelector('text=Tillfällig nyhet i förhandsvisningen', { state: 'detached', timeout: 5000 });

      await page.goto(`${url}/nyheter/storningar-hos-kommunernas-it-system/`, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      await page.evaluate(() => { window.notisBeforeRename = true; });
      renameSync(file, renamed);
      // The tab reloads by itself (the marker is gone) and shows the article, not an error.
      await page.waitForFunction(() => window.notisBeforeRename === undefined, null, { timeout: 5000 });
      await page.waitForSelector('h1:text("Störningar hos kommunernas IT-system")', { timeout: 5000 });
      await page.waitForTimeout(300); // any later reload would land here
      const text = await page.textContent('body');
      check(!text.includes('Webbplatsen har fel'), () => text);
      renameSync(renamed, file);
    } finally {
      await ctx.close();
      child.kill('SIGINT');
      if (existsSync(fresh)) unlinkSync(fresh);
      if (existsSync(renamed)) renameSync(renamed, file);
    }
  });
}

// ---------------------------------------------------------------- 3b. "Kommentera sidan" end to end

/** Starts `notis feedback serve` on a free port; resolves to { child, url }. */
function startReceiver(root, db, baseUrl) {
  return new Promise((resolvePromise, reject) => {
    const args = ['feedback', 'serve', '--root', root, '--db', db, '--port', '0', '--base-url', baseUrl];
    const child = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Failure(`notis feedback serve did not start:\n${output}`)), 20_000);
    child.stderr.on('data', (chunk) => {
      output += chunk;
      // "feedback: tar emot på http://…" (or "receiving on" in English): the first address.
      const m = /^feedback: \S.* (http:\/\/127\.0\.0\.1:\d+)\//m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Failure(`notis feedback serve exited with ${code}:\n${output}`)));
  });
}

/** `notis feedback export --format json`, parsed. */
function exportFeedback(root, db) {
  const run = spawnSync(BIN, ['feedback', 'export', '--root', root, '--db', db, '--format', 'json', '--all'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Failure(`notis feedback export failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * A site of its own whose form posts to a running receiver, as behind a web server:
 * the static site on one port, the receiver on another, both on 127.0.0.1.
 */
async function feedbackTests(AxeBuilder) {
  let fb;
  await test('feedback: build a site whose form posts to a running receiver', async () => {
    const root = prepareSite(REPO);
    const db = join(root, 'synpunkter.db');
    const server = await serve(join(root, 'public'));
    fb = { root, db, server };
    fb.receiver = await startReceiver(root, db, server.url);
    const yamlPath = join(root, 'site.yaml');
    const yaml = readFileSync(yamlPath, 'utf8');
    check(/action: \S+/.test(yaml), 'site.yaml has no feedback.action');
    writeFileSync(yamlPath, yaml.replace(/action: \S+/, `action: ${fb.receiver.url}/feedback`));
    try {
      buildSite({ root, bin: BIN, baseUrl: server.url });
    } catch (e) {
      throw new Failure(e.message);
    }
    return `site ${server.url}, receiver ${fb.receiver.url}`;
  });
  if (!fb || !fb.receiver) {
    if (fb) await fb.server.close();
    removeSite(fb?.root);
    return;
  }
  try {
    const comment = `Webbläsartest ${Date.now()}: länken till felanmälan på den här sidan går inte att öppna.`;
    await test('feedback: a visitor comments on the seed article and lands on the thank-you page', async () => {
      const ctx = await newContext({});
      try {
        const page = await ctx.newPage();
        await page.goto(`${fb.server.url}${SEED}`, { waitUntil: 'load' });
        await page.getByLabel('Din kommentar').fill(comment);
        await page.getByLabel('Din e-postadress (frivilligt)').fill('anna.andersson@exempel.se');
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/tack/', { timeout: 10_000 }),
          page.getByRole('button', { name: 'Skicka kommentar' }).click(),
        ]);
        check((await page.textContent('h1')).trim() === 'Tack för din kommentar!', 'no thank-you heading');
        const back = page.getByRole('link', { name: 'Tillbaka till sidan du kommenterade' });
        await back.waitFor({ state: 'visible', timeout: 5000 });
        check((await back.getAttribute('href')) === SEED, `the link back goes to ${await back.getAttribute('href')}`);
        check(ctx.foreign.size === 0, () => `requests off 127.0.0.1: ${[...ctx.foreign].join(', ')}`);
      } finally {
        await ctx.close();
      }
      const rows = exportFeedback(fb.root, fb.db).filter((r) => r.comment === comment);
      check(rows.length === 1, () => `the export does not hold the comment once: ${JSON.stringify(rows)}`);
      check(rows[0].page_url === `${fb.server.url}${SEED}`, `page_url ${rows[0].page_url}`);
      check(rows[0].email === 'anna.andersson@exempel.se' && rows[0].status === 'new', JSON.stringify(rows[0]));
      return `stored as #${rows[0].id}`;
    });

    await test('feedback: without JavaScript the form still posts and thanks', async () => {
      const ctx = await newContext({ javaScriptEnabled: false });
      const text = `${comment} (utan JavaScript)`;
      try {
        const page = await ctx.newPage();
        await page.goto(`${fb.server.url}/sidor/tillganglighetsredogorelse/`, { waitUntil: 'load' });
        await page.getByLabel('Din kommentar').fill(text);
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/tack/', { timeout: 10_000 }),
          page.getByRole('button', { name: 'Skicka kommentar' }).click(),
        ]);
        check((await page.textContent('h1')).trim() === 'Tack för din kommentar!', 'no thank-you heading');
        check(await page.getByRole('link', { name: 'Till startsidan' }).isVisible(), 'no link to the start page');
      } finally {
        await ctx.close();
      }
      const rows = exportFeedback(fb.root, fb.db).filter((r) => r.comment === text);
      check(rows.length === 1, 'the export does not hold the comment');
      check(rows[0].page_url === `${fb.server.url}/sidor/tillganglighetsredogorelse/`, `page_url ${rows[0].page_url}`);
    });

    await test('feedback: a refused comment comes back filled in, and the page passes axe', async () => {
      const ctx = await newContext({});
      try {
        const page = await ctx.newPage();
        await page.goto(`${fb.server.url}${SEED}`, { waitUntil: 'load' });
        // Spaces pass the browser's `required` but not the receiver.
        await page.getByLabel('Din kommentar').fill('   ');
        await page.getByLabel('Din e-postadress (frivilligt)').fill('anna@');
        await page.evaluate(() => document.querySelector('.feedback__form').setAttribute('novalidate', ''));
        const [response] = await Promise.all([
          page.waitForNavigation({ timeout: 10_000 }),
          page.getByRole('button', { name: 'Skicka kommentar' }).click(),
        ]);
        check(response && response.status() === 400, `status ${response?.status()}`);
        check((await page.textContent('h1')).trim() === 'Kommentaren skickades inte', 'no Swedish heading');
        check((await page.inputValue('#epost')) === 'anna@', 'the e-mail address was not kept');
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        check(results.violations.length === 0, () => describeViolations(results.violations));
      } finally {
        await ctx.close();
      }
    });
  } finally {
    fb.receiver.child.kill('SIGTERM');
    await fb.server.close();
    removeSite(fb.root);
  }
}

// ---------------------------------------------------------------- 3c. crisis and page feedback (issue 27)

/** Headings and links of the page in document order, as a screen reader lists them. */
function readingOrder() {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
  return [...document.querySelectorAll('h1, h2, h3, a[href]')]
    .filter(visible)
    .map((el) => `${el.tagName.toLowerCase()}: ${el.textContent.trim().replace(/\s+/g, ' ')}`);
}

/**
 * The crisis article of the extra article, read without JavaScript and without the
 * stylesheet; the page does not move as it loads; and "Var sidan till hjälp?" and the
 * report form through a receiver behind the same host (the answer sent in place).
 */
async function crisisTests(AxeBuilder) {
  const crisisLink = `a[href="${EXTRA.path}"]`;
  await test('crisis: with JavaScript off the banner on a 404 page and the updates read as written', () =>
    withPage({ javaScriptEnabled: false }, { path: '/finns-inte/', status: 404 }, async (page, ctx) => {
      const banner = page.locator('.crisis-banner');
      check(await banner.isVisible(), 'no visible crisis banner');
      check(await banner.locator(crisisLink).isVisible(), 'the banner does not link to the crisis');
      const article = await ctx.newPage();
      await article.goto(`${site.url}${EXTRA.path}`, { waitUntil: 'load' });
      const times = (await article.locator('.update__time').allTextContents()).map((t) => t.trim());
      check(times.join('|') === EXTRA.updates.join('|'), `updates: ${times.join(' | ')}`);
      const last = (await article.locator('.last-updated').textContent()).trim();
      check(last === `Senast uppdaterad ${EXTRA.updates[0]}`, last);
      return `${times.length} updates, newest first`;
    }),
  );

  await test('crisis: with CSS off the banner comes first and the updates before the text', async () => {
    const ctx = await newContext({});
    try {
      await ctx.route(/\.css(\?|$)/, (route) => route.abort('blockedbyclient'));
      const page = await ctx.newPage();
      await page.goto(`${site.url}${EXTRA.path}`, { waitUntil: 'load' });
      const background = await page.evaluate(() => getComputedStyle(document.querySelector('.crisis-banner')).backgroundColor);
      check(background === 'rgba(0, 0, 0, 0)', `the stylesheet loaded anyway (banner background ${background})`);
      const order = await page.evaluate(readingOrder);
      const banner = order.findIndex((l) => l.startsWith('h2: Pågående kris'));
      const nav = order.findIndex((l) => l === 'a: Start');
      const h1 = order.findIndex((l) => l.startsWith('h1: '));
      const updates = order.findIndex((l) => l === 'h2: Uppdateringar');
      const first = order.findIndex((l) => l === `h3: ${EXTRA.updates[0]}`);
      check(banner === 0 || (banner === 1 && order[0].startsWith('a: Hoppa')), () => `the banner is not first:\n${order.slice(0, 5).join('\n')}`);
      check(banner < nav && nav < h1 && h1 < updates && updates < first, () => order.slice(0, 20).join('\n'));
      check(await page.locator('.crisis-banner').locator(crisisLink).isVisible(), 'the banner link is not visible');
      return order.slice(0, 3).join(' · ');
    } finally {
      await ctx.close();
    }
  });

  await test('crisis: nothing moves while the crisis article and the start page load (no layout shift)', async () => {
    const ctx = await newContext({});
    try {
      const problems = [];
      for (const path of [EXTRA.path, '/']) {
        const page = await ctx.newPage();
        await page.addInitScript(() => {
          window.__shift = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
          }).observe({ type: 'layout-shift', buffered: true });
        });
        await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
        await page.waitForTimeout(500);
        const shift = await page.evaluate(() => window.__shift);
        if (shift > 0) problems.push(`${path}: layout shift ${shift.toFixed(4)}`);
        await page.close();
      }
      check(problems.length === 0, () => problems.join('\n'));
    } finally {
      await ctx.close();
    }
  });

  let fb;
  await test('page feedback: build a site whose forms post to a receiver behind the same host', async () => {
    const root = prepareSite(REPO);
    const db = join(root, 'svar.db');
    fb = { root, db };
    const proxy = { path: '/synpunkter/', target: () => fb.receiver.url };
    fb.server = await serve(join(root, 'public'), { proxy });
    const yamlPath = join(root, 'site.yaml');
    const yaml = readFileSync(yamlPath, 'utf8');
    check(/\n {2}action: \S+\n/.test(yaml), 'site.yaml has no feedback.action');
    writeFileSync(yamlPath, yaml.replace(/\n {2}action: \S+\n/, '\n  action: /synpunkter/\n  rate_limit_per_minute: 0\n'));
    fb.receiver = await startReceiver(root, db, fb.server.url);
    try {
      buildSite({ root, bin: BIN, baseUrl: fb.server.url });
    } catch (e) {
      throw new Failure(e.message);
    }
    return `site and receiver at ${fb.server.url}`;
  });
  if (!fb || !fb.receiver) {
    if (fb?.server) await fb.server.close();
    removeSite(fb?.root);
    return;
  }
  const rows = () => exportFeedback(fb.root, fb.db);
  try {
    await test('page feedback: "Nej" shows "Vad saknades?", and the answer is sent in place and stored', async () => {
      const ctx = await newContext({});
      const missing = `Webbläsartest ${Date.now()}: när kommer e-tjänsterna tillbaka?`;
      try {
        const page = await ctx.newPage();
        await page.goto(`${fb.server.url}${EXTRA.path}`, { waitUntil: 'load' });
        const more = page.getByLabel('Om du svarar nej: vad saknades? (frivilligt)');
        check(!(await more.isVisible()), '"Vad saknades?" shows before an answer');
        await page.getByRole('radio', { name: 'Nej' }).check();
        check(await more.isVisible(), '"Vad saknades?" does not show after "Nej"');
        await more.fill(missing);
        await page.getByRole('button', { name: 'Skicka svar' }).click();
        await page.getByRole('status').filter({ hasText: 'Tack för ditt svar!' }).waitFor({ timeout: 10_000 });
        check(new URL(page.url()).pathname === EXTRA.path, `the page changed to ${page.url()}`);
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        check(results.violations.length === 0, () => describeViolations(results.violations));
      } finally {
        await ctx.close();
      }
      const stored = rows().filter((r) => r.comment === missing);
      check(stored.length === 1, () => `not stored once: ${JSON.stringify(stored)}`);
      check(stored[0].kind === 'helpful' && stored[0].helpful === 'nej', JSON.stringify(stored[0]));
      check(stored[0].page_url === `${fb.server.url}${EXTRA.path}`, `page_url ${stored[0].page_url}`);
      return `stored as #${stored[0].id}`;
    });

    await test('page feedback: without JavaScript "Ja" posts and thanks on /tack/svar/', async () => {
      const ctx = await newContext({ javaScriptEnabled: false });
      const before = rows().filter((r) => r.kind === 'helpful' && r.helpful === 'ja').length;
      try {
        const page = await ctx.newPage();
        await page.goto(`${fb.server.url}/sidor/tillganglighetsredogorelse/`, { waitUntil: 'load' });
        check(await page.getByLabel('Om du svarar nej: vad saknades? (frivilligt)').isVisible(), 'the question is hidden without JavaScript');
        await page.getByRole('radio', { name: 'Ja' }).check();
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/tack/svar/', { timeout: 10_000 }),
          page.getByRole('button', { name: 'Skicka svar' }).click(),
        ]);
        check((await page.textContent('h1')).trim() === 'Tack för ditt svar!', 'no thank-you heading');
      } finally {
        await ctx.close();
      }
      const yes = rows().filter((r) => r.kind === 'helpful' && r.helpful === 'ja');
      check(yes.length === before + 1, `${yes.length} "ja" answers stored, expected ${before + 1}`);
      check(yes[0].page_url === `${fb.server.url}/sidor/tillganglighetsredogorelse/`, `page_url ${yes[0].page_url}`);
    });

    for (const javaScriptEnabled of [true, false]) {
      const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
      await test(`report: from the footer of an article, a report of inaccessibility ${how} lands in the store`, async () => {
        const ctx = await newContext({ javaScriptEnabled });
        const text = `Webbläsartest ${Date.now()} ${how}: videon i nyheten saknar textning.`;
        try {
          const page = await ctx.newPage();
          await page.goto(`${fb.server.url}${SEED}`, { waitUntil: 'load' });
          await Promise.all([
            page.waitForURL((u) => u.pathname === '/rapportera-brist/', { timeout: 10_000 }),
            page.locator('.site-footer').getByRole('link', { name: 'Rapportera brist i tillgängligheten' }).click(),
          ]);
          const address = page.getByLabel('Adress till sidan med bristen');
          const want = javaScriptEnabled ? `${fb.server.url}${SEED}` : `${fb.server.url}/`;
          check((await address.inputValue()) === want, `the page's address is ${await address.inputValue()}, expected ${want}`);
          await page.getByLabel('Vad är inte tillgängligt?').fill(text);
          await page.getByLabel('Din e-postadress (frivilligt)').fill('anna.andersson@exempel.se');
          await Promise.all([
            page.waitForURL((u) => u.pathname === '/tack/rapport/', { timeout: 10_000 }),
            page.getByRole('button', { name: 'Skicka rapporten' }).click(),
          ]);
          check((await page.textContent('h1')).trim() === 'Tack för din rapport!', 'no thank-you heading');
          check(ctx.foreign.size === 0, () => `requests off 127.0.0.1: ${[...ctx.foreign].join(', ')}`);
        } finally {
          await ctx.close();
        }
        const stored = rows().filter((r) => r.comment === text);
        check(stored.length === 1, () => `not stored once: ${JSON.stringify(stored)}`);
        check(stored[0].kind === 'accessibility' && stored[0].email === 'anna.andersson@exempel.se', JSON.stringify(stored[0]));
        const csv = spawnSync(BIN, ['feedback', 'export', '--root', fb.root, '--db', fb.db, '--format', 'csv'], { encoding: 'utf8' });
        check(csv.stdout.split('\r\n')[0].endsWith(';kind;helpful'), `CSV header: ${csv.stdout.split('\r\n')[0]}`);
        check(csv.stdout.includes(`"${text}";"accessibility";""`), 'the CSV export lacks the report');
      });
    }
  } finally {
    fb.receiver.child.kill('SIGTERM');
    await fb.server.close();
    removeSite(fb.root);
  }
}

// ---------------------------------------------------------------- 3c. "Prenumerera" end to end

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const net = await import('node:net');
  return new Promise((resolvePromise, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePromise(port));
    });
  });
}

/** Starts tests/mail/smtp_sink.py writing to `out`; resolves to { child, port }. */
function startSmtp(out) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('python3', [join(REPO, 'tests', 'mail', 'smtp_sink.py'), out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Failure(`the SMTP sink did not start:\n${output}`)), 20_000);
    const seen = (chunk) => {
      output += chunk;
      const m = /^PORT (\d+)/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, port: Number(m[1]) });
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', (c) => { output += c; });
    child.on('exit', (code) => reject(new Failure(`the SMTP sink exited with ${code}:\n${output}`)));
  });
}

/** The mails in `out`, read by Python's email package (tests/mail/read_mail.py). */
function readMails(out) {
  const run = spawnSync('python3', [join(REPO, 'tests', 'mail', 'read_mail.py'), out], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Failure(`read_mail.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

async function waitForMail(out, n) {
  const started = Date.now();
  for (;;) {
    const mails = readMails(out);
    if (mails.length >= n) return mails;
    if (Date.now() - started > 15_000) throw new Failure(`${mails.length} of ${n} mails arrived`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether aiosmtpd can run; the reason when not. */
function smtpProblem() {
  const run = spawnSync('python3', ['-c', 'import aiosmtpd'], { encoding: 'utf8' });
  if (run.error) return `python3 not runnable: ${run.error.message}`;
  return run.status === 0 ? null : 'aiosmtpd is not installed (pip install aiosmtpd)';
}

async function subscriptionTests(AxeBuilder) {
  const problem = smtpProblem();
  if (problem) {
    missing('subscriptions: browser tests', problem);
    return;
  }
  let sub;
  await test('subscriptions: build a site whose "Prenumerera" form posts to a running receiver', async () => {
    const root = prepareSite(REPO);
    const db = join(root, 'synpunkter.db');
    const server = await serve(join(root, 'public'));
    sub = { root, db, server, out: join(root, 'mail') };
    sub.smtp = await startSmtp(sub.out);
    const port = await freePort();
    sub.receiverUrl = `http://127.0.0.1:${port}`;
    const yamlPath = join(root, 'site.yaml');
    let yaml = readFileSync(yamlPath, 'utf8').replace(/\nsubscriptions:\n(  .*\n)*/, '\n');
    yaml += `subscriptions:\n  action: ${sub.receiverUrl}/prenumerera/\n`;
    writeFileSync(yamlPath, yaml);
    const env = {
      ...process.env,
      NOTIS_SMTP_HOST: '127.0.0.1',
      NOTIS_SMTP_PORT: String(sub.smtp.port),
      NOTIS_SMTP_TLS: 'none',
    };
    sub.receiver = spawn(
      BIN,
      ['feedback', 'serve', '--root', root, '--db', db, '--port', String(port), '--base-url', server.url],
      { stdio: 'ignore', env },
    );
    const started = Date.now();
    for (;;) {
      try {
        await fetch(`${sub.receiverUrl}/prenumerera/`, { method: 'GET' });
        break;
      } catch {
        if (Date.now() - started > 20_000) throw new Failure('the receiver did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    try {
      buildSite({ root, bin: BIN, baseUrl: server.url });
    } catch (e) {
      throw new Failure(e.message);
    }
    return `site ${server.url}, receiver ${sub.receiverUrl}, SMTP port ${sub.smtp.port}`;
  });
  if (!sub || !sub.receiver) {
    if (sub) {
      sub.smtp?.child.kill('SIGTERM');
      await sub.server.close();
    }
    removeSite(sub?.root);
    return;
  }
  try {
    await test('subscriptions: the form works without JavaScript and the confirmation link works in Chromium', async () => {
      const noScript = await newContext({ javaScriptEnabled: false });
      try {
        const page = await noScript.newPage();
        await page.goto(`${sub.server.url}/nyheter/`, { waitUntil: 'load' });
        await page.getByLabel('Din e-postadress', { exact: true }).fill('asa.oberg@exempel.se');
        await page.getByLabel('Vatten och avlopp').check();
        await Promise.all([
          page.waitForNavigation({ timeout: 10_000 }),
          page.getByRole('button', { name: 'Prenumerera' }).click(),
        ]);
        check((await page.textContent('h1')).trim() === 'Bekräfta i mejlet', 'no "check your mail" page');
      } finally {
        await noScript.close();
      }
      // With JavaScript (axe needs it): from a topic page, where its topic is ticked already.
      const withScript = await newContext({});
      try {
        const page = await withScript.newPage();
        await page.goto(`${sub.server.url}/amne/skola/`, { waitUntil: 'load' });
        check(await page.getByLabel('Skola', { exact: true }).isChecked(), 'the topic page does not tick its topic');
        await page.getByLabel('Din e-postadress', { exact: true }).fill('bertil@exempel.se');
        await Promise.all([
          page.waitForNavigation({ timeout: 10_000 }),
          page.getByRole('button', { name: 'Prenumerera' }).click(),
        ]);
        check((await page.textContent('h1')).trim() === 'Bekräfta i mejlet', 'no "check your mail" page');
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        check(results.violations.length === 0, () => describeViolations(results.violations));
      } finally {
        await withScript.close();
      }
      const mail = (await waitForMail(sub.out, 2)).find((m) => m.to === 'asa.oberg@exempel.se');
      check(mail, 'no mail to asa.oberg@exempel.se');
      check(mail.to === 'asa.oberg@exempel.se', `to ${mail.to}`);
      check(mail.subject.startsWith('Bekräfta din prenumeration'), `subject ${mail.subject}`);
      check(mail.links.length === 1, `the mail has ${mail.links.length} links`);
      const ctx = await newContext({});
      try {
        const page = await ctx.newPage();
        const response = await page.goto(mail.links[0], { waitUntil: 'load' });
        check(response.status() === 200, `status ${response.status()}`);
        check((await page.textContent('h1')).trim() === 'Klart – du prenumererar nu', 'no confirmation heading');
        check((await page.textContent('main')).includes('nyheter om Vatten och avlopp'), 'the topic is not named');
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        check(results.violations.length === 0, () => describeViolations(results.violations));
      } finally {
        await ctx.close();
      }
      const list = spawnSync(BIN, ['subscriptions', 'list', '--root', sub.root, '--db', sub.db], { encoding: 'utf8' });
      check(list.status === 0, list.stderr);
      check(/asa\.oberg@exempel\.se\s+bekräftad\s+Vatten och avlopp/.test(list.stdout), `list:\n${list.stdout}`);
    });
  } finally {
    sub.receiver.kill('SIGTERM');
    sub.smtp.child.kill('SIGTERM');
    await sub.server.close();
    removeSite(sub.root);
  }
}

// ---------------------------------------------------------------- 4. privacy

async function privacyTests() {
  for (const def of PAGES) {
    await test(`privacy: ${def.id}: no request off 127.0.0.1, no cookie, no web storage`, async () => {
      const ctx = await newContext({});
      try {
        const page = await ctx.newPage();
        const loads = def.path === '/sok/' ? ['', '?q=bygglov'] : [''];
        const visited = [];
        for (const query of loads) {
          const res = await page.goto(`${site.url}${def.path}${query}`, { waitUntil: 'load' });
          check(res && res.status() === (def.status ?? 200), `${def.path}${query}: status ${res?.status()}`);
          if (def.redirect) {
            // The meta refresh must lead to the article, on the same host.
            await page.waitForURL(`${site.url}${EXTRA.path}`, { timeout: 5000 });
          }
          await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
          visited.push(new URL(page.url()).pathname);
        }
        const storage = await page.evaluate(() => ({
          cookie: document.cookie,
          local: Object.keys(localStorage),
          session: Object.keys(sessionStorage),
        }));
        const cookies = await ctx.cookies();
        const problems = [];
        for (const u of ctx.foreign) problems.push(`request to another host: ${u}`);
        for (const c of cookies) problems.push(`cookie set: ${c.name} (${c.domain})`);
        if (storage.cookie) problems.push(`document.cookie: ${storage.cookie}`);
        for (const k of storage.local) problems.push(`localStorage entry: ${k}`);
        for (const k of storage.session) problems.push(`sessionStorage entry: ${k}`);
        check(problems.length === 0, () => problems.join('\n'));
        return def.redirect ? `redirected to ${visited.at(-1)}` : undefined;
      } finally {
        await ctx.close();
      }
    });
  }
}

// ---------------------------------------------------------------- 5. reflow and zoom

function overflowMessage(o) {
  const doc = o.scrollWidth > o.width ? `the page is ${o.scrollWidth} px wide in a ${o.width} px viewport` : 'elements stick out of the viewport';
  return `${doc}\n${o.offenders.join('\n')}`.trim();
}

/** Runs in the page: horizontal overflow of the document and of single elements. */
function horizontalOverflow() {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const offenders = [];
  const skipped = (el) =>
    el.closest('.visually-hidden, [aria-hidden="true"], .skip-link') ||
    (() => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    })();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > width + 1 || r.left < -1) && !skipped(el)) {
      offenders.push(`<${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}> ${Math.round(r.left)}–${Math.round(r.right)} px`);
    }
  }
  return { scrollWidth: doc.scrollWidth, width, offenders: offenders.slice(0, 10) };
}

/** Runs in the page: text that is clipped or that overlaps other text. */
function textProblems() {
  const problems = [];
  const ignore = '.visually-hidden, [aria-hidden="true"], .skip-link, .hp, script, style, noscript, title';
  // Clipped: an element with hidden overflow whose content is larger than its box.
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest(ignore)) continue;
    const cs = getComputedStyle(el);
    const clips = (o) => o === 'hidden' || o === 'clip';
    if (!el.textContent.trim()) continue;
    if ((clips(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) || (clips(cs.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
      problems.push(`clipped text in <${el.tagName.toLowerCase()}.${[...el.classList].join('.')}>`);
    }
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`truncated text in <${el.tagName.toLowerCase()}.${[...el.classList].join('.')}>`);
    }
  }
  // Overlapping: line boxes of different text nodes that cover each other.
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || !n.parentElement || n.parentElement.closest(ignore)) continue;
    const cs = getComputedStyle(n.parentElement);
    if (cs.visibility !== 'visible') continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 1 && r.height > 1) boxes.push({ r, n, text: n.textContent.trim().slice(0, 30) });
    }
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r;
      const b = boxes[j].r;
      if (boxes[i].n === boxes[j].n) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      // Line boxes of adjacent lines may touch; real overlap covers a good part of a glyph.
      if (w > 2 && h > Math.min(a.height, b.height) * 0.35) {
        overlaps.push(`text overlaps: "${boxes[i].text}" and "${boxes[j].text}"`);
      }
    }
  }
  return [...new Set([...problems, ...overlaps])].slice(0, 12);
}

async function reflowTests() {
  for (const def of PAGES) {
    await test(`reflow: ${def.id} at 320 px has no horizontal scrolling`, () =>
      withPage({ viewport: { width: 320, height: 640 } }, def, async (page) => {
        const o = await page.evaluate(horizontalOverflow);
        check(o.scrollWidth <= o.width && o.offenders.length === 0, () => overflowMessage(o));
        const t = await page.evaluate(textProblems);
        check(t.length === 0, () => t.join('\n'));
      }),
    );
  }
  for (const def of PAGES) {
    await test(`zoom: ${def.id} at 200 % browser zoom (1280 px window) reflows without horizontal scrolling`, () =>
      withPage({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }, def, async (page) => {
        const o = await page.evaluate(horizontalOverflow);
        check(o.scrollWidth <= o.width && o.offenders.length === 0, () => overflowMessage(o));
      }),
    );
  }
  for (const def of PAGES.filter((p) => !p.redirect)) {
    for (const width of [1280, 375]) {
      await test(`text size: ${def.id} with text at 200 % at ${width} px stays readable`, () =>
        withPage({ viewport: { width, height: 900 } }, def, async (page, ctx) => {
          const sample = () =>
            page.evaluate(() => {
              const pick = ['main p', 'main li', '.site-nav a', '.site-footer dd', 'label', 'body'];
              return Object.fromEntries(
                pick.map((s) => [s, document.querySelector(s) && parseFloat(getComputedStyle(document.querySelector(s)).fontSize)]),
              );
            });
          const normal = await sample();
          const cdp = await ctx.newCDPSession(page);
          await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
          await page.reload({ waitUntil: 'load' });
          const big = await sample();
          const problems = [];
          for (const [s, px] of Object.entries(normal)) {
            if (px && big[s] / px < 1.95) problems.push(`${s}: ${px} px → ${big[s]} px, does not grow to 200 %`);
          }
          const o = await page.evaluate(horizontalOverflow);
          if (o.scrollWidth > o.width || o.offenders.length) {
            problems.push(overflowMessage(o));
          }
          problems.push(...(await page.evaluate(textProblems)));
          check(problems.length === 0, () => problems.join('\n'));
        }),
      );
    }
  }
}

// ---------------------------------------------------------------- 6. screenshots

async function screenshotTests() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const css = readFileSync(join(site.public, 'tema', 'notis.css'), 'utf8');
  const dark = /prefers-color-scheme\s*:\s*dark/.test(css);
  const shots = [
    ['start', PAGES[0]],
    ['article', PAGES[3]],
    ['article-image-alert', PAGES[4]],
  ];
  for (const [name, def] of shots) {
    for (const width of [1280, 375]) {
      const variants = [['', {}]];
      if (dark) variants.push(['-dark', { colorScheme: 'dark' }]);
      for (const [suffix, options] of variants) {
        const file = join(SCREENSHOTS, `${name}-${width}${suffix}.png`);
        await test(`screenshot: ${relative(REPO, file)}`, () =>
          withPage({ viewport: { width, height: 900 }, ...options }, def, async (page) => {
            await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
            check(statSync(file).size > 1000, `${file} is empty`);
          }),
        );
      }
    }
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const watchdog = setTimeout(() => {
    out(`not ok - the suite did not finish within ${SUITE_TIMEOUT_MS / 60000} minutes`);
    results.push({ name: 'suite time limit', status: 'failed' });
    summary();
    process.exit(1);
  }, SUITE_TIMEOUT_MS);
  watchdog.unref();

  const pkgs = await loadPackages();
  const chromium = chromiumProblem();
  const java = javaProblem();
  out(`# notis browser tests: binary ${BIN}`);

  let server;
  let root;
  try {
    await test('site: build the sample site with the extra article', async () => {
      root = prepareSite(REPO);
      server = await serve(join(root, 'public'));
      let log;
      try {
        log = buildSite({ root, bin: BIN, baseUrl: server.url });
      } catch (e) {
        throw new Failure(e.message);
      }
      site = { url: server.url, public: join(root, 'public') };
      return `${log.replace(/ into .*? in /, ' in ')}; served at ${server.url}`;
    });
    if (!site) return;
    await siteTests();

    if (java) missing('vnu: the Nu HTML Checker', java);
    else if (pkgs.vnuProblem) missing('vnu: the Nu HTML Checker', pkgs.vnuProblem);
    else await vnuTest(pkgs.vnuJar);

    const browserProblem = chromium || pkgs.browserProblem;
    if (browserProblem) {
      for (const group of ['axe', 'keyboard', 'search', 'subfolder', 'several sites', 'feedback', 'crisis', 'subscriptions', 'privacy', 'reflow and zoom', 'screenshots']) missing(`${group}: browser tests`, browserProblem);
      return;
    }
    await test('browser: launch Chromium', async () => {
      browser = await pkgs.playwright.chromium.launch({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        timeout: 30_000,
      });
      return browser.version();
    });
    if (!browser) return;
    await axeTests(pkgs.AxeBuilder);
    await keyboardTests();
    await searchTests(pkgs.AxeBuilder);
    await pagefindCliTests();
    await hostileSearchTests();
    await subfolderTests(pkgs.AxeBuilder);
    await multisiteTests(pkgs.AxeBuilder, java || pkgs.vnuProblem ? null : pkgs.vnuJar);
    await previewTests(root);
    await feedbackTests(pkgs.AxeBuilder);
    await crisisTests(pkgs.AxeBuilder);
    await subscriptionTests(pkgs.AxeBuilder);
    await privacyTests();
    await reflowTests();
    await screenshotTests();
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.close();
    removeSite(root);
    clearTimeout(watchdog);
  }
}

main()
  .catch((e) => {
    results.push({ name: 'suite', status: 'failed' });
    out(`not ok - suite crashed\n${indent(e.stack || e)}`);
  })
  .finally(() => {
    process.exitCode = summary() > 0 ? 1 : 0;
  });
