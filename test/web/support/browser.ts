import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { requireBrowser } from '../../../scripts/browser';
import { tokenFor, type Person } from '../../support/people';
import { ROOT } from './web-build';

/** Where screenshots go: test-results/screenshots/<name>-<desktop|phone>.png (git-ignored). */
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export type Viewport = 'desktop' | 'phone';
export const VIEWPORTS: Record<Viewport, { width: number; height: number }> = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 375, height: 812 },
};

/** Debian's Chromium (provisioned by `npm test`'s pretest, scripts/browser.ts), headless, without the sandbox root lacks. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: requireBrowser(), args: ['--no-sandbox'], headless: true });
}

/** What went wrong inside a page: uncaught errors and console errors, each failing the test that saw it. */
interface PageRecord {
  viewport: Viewport;
  problems: string[];
  /** Console errors matching one of these are expected by the test (e.g. a refusal the page shows). */
  allowed: RegExp[];
}
const records = new WeakMap<Page, PageRecord>();
const openPages = new Set<Page>();

/**
 * A browser's "Failed to load resource" line for a 4xx answer is the browser reporting an API refusal the app then
 * shows (a 401 before sign-in, a 403 page); whether the app shows it is what the tests assert. A 5xx is a failure.
 */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 4\d\d/;

/**
 * Chromium words every blocked <style> element and style attribute alike ("Applying inline style violates …
 * style-src …"); the page itself tells what was blocked, from a script run before the app (below): any <style>
 * inserted without the page's nonce (antd's CSS-in-JS and @rc-component's dynamic CSS must all carry it:
 * web/csp-nonce-plugin.mts), and any blocked style attribute, is reported as a console error and fails the test.
 */
const BLOCKED_STYLE = /^Applying inline style violates the following Content Security Policy directive 'style-src/;
const CSP_WATCH = `(() => {
  const report = (what) => console.error('[csp] ' + what);
  const check = (node) => {
    if (!node || node.nodeName !== 'STYLE' || node.nonce) return;
    const css = String(node.textContent).trim();
    report('a <style> without the nonce: ' + (css.slice(0, 160) || '(empty)'));
  };
  for (const name of ['appendChild', 'insertBefore']) {
    const original = Node.prototype[name];
    Node.prototype[name] = function (node, ...rest) { check(node); return original.call(this, node, ...rest); };
  }
  for (const name of ['append', 'prepend']) {
    const original = Element.prototype[name];
    Element.prototype[name] = function (...nodes) { nodes.forEach(check); return original.apply(this, nodes); };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    if (e.violatedDirective !== 'style-src-elem') report(e.violatedDirective + ' blocked ' + (e.sample || e.blockedURI) + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
})();`;

/**
 * A fresh context (its own cookies) and page at a desktop (1440×900) or phone (375×812, touch) size, in zh-CN at
 * Shanghai time. Its page errors and console errors are collected; `expectNoPageErrors` (after each test, via
 * `webSuite`) fails the test on any.
 */
export async function newPage(browser: Browser, viewport: Viewport, baseURL?: string): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(viewport === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    ...(baseURL ? { baseURL } : {}),
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  await context.addInitScript(CSP_WATCH);
  const page = await context.newPage();
  const record: PageRecord = { viewport, problems: [], allowed: [] };
  records.set(page, record);
  openPages.add(page);
  page.on('pageerror', (err) => record.problems.push(`page error at ${page.url()}: ${err.stack ?? err.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (EXPECTED_REFUSAL.test(text) || BLOCKED_STYLE.test(text) || record.allowed.some((pattern) => pattern.test(text))) return;
    const { url, lineNumber, columnNumber } = message.location();
    record.problems.push(`console error at ${page.url()}: ${text} (${url}:${lineNumber}:${columnNumber})`);
  });
  return page;
}

/** Lets a test expect console errors matching `pattern` on this page (say why where it is called). */
export function allowConsoleErrors(page: Page, pattern: RegExp): void {
  recordOf(page).allowed.push(pattern);
}

function recordOf(page: Page): PageRecord {
  const record = records.get(page);
  if (!record) throw new Error('this page was not opened with newPage()');
  return record;
}

/** Fails on any page error or console error the pages opened since the last call saw, and closes them. */
export async function expectNoPageErrors(): Promise<void> {
  const problems: string[] = [];
  for (const page of openPages) {
    problems.push(...recordOf(page).problems);
    await page.context().close();
  }
  openPages.clear();
  expect(problems, 'errors in the page').toEqual([]);
}

/**
 * Signs `person` in as a browser does: their token exchanged at POST /api/session for the session cookie, from the
 * page's own context (its cookie jar is the page's), so the page then holds only the httpOnly cookie.
 */
export async function signIn(page: Page, baseURL: string, person: Person): Promise<void> {
  const token = await tokenFor(person);
  const res = await page.context().request.post(`${baseURL}/api/session`, { data: { token } });
  expect(res.status(), `POST /api/session: ${await res.text()}`).toBeLessThan(300);
  const cookies = await page.context().cookies(baseURL);
  expect(cookies.map((c) => c.name)).toContain('duban_session');
}

/** A full-page screenshot to test-results/screenshots/<name>-<desktop|phone>.png; returns its path. */
export async function shoot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${recordOf(page).viewport}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Nothing wider than the viewport: the page never scrolls sideways (what a phone user meets first). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: (document.scrollingElement || document.documentElement).scrollWidth, innerWidth: window.innerWidth })',
  );
  expect(scrollWidth, `the page scrolls sideways at ${innerWidth}px`).toBeLessThanOrEqual(innerWidth);
}

/** Finite CSS animations and transitions still running (a spinner's endless turn does not count). */
const RUNNING_ANIMATIONS =
  "document.getAnimations().filter((a) => a.playState === 'running' && a.effect && a.effect.getComputedTiming().iterations !== Infinity).length";

/**
 * axe-core on the page once it has settled: no serious or critical violation (each listed with its nodes if any).
 * Mid-transition (a button fading in as a card re-renders) axe measures colours at part opacity and reports a
 * contrast the user never sees settled, so the check waits for finite animations to end first.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await until(() => page.evaluate<number>(RUNNING_ANIMATIONS)).toBe(0);
  const results = await new AxeBuilder({ page }).analyze();
  const grave = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(grave, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * `expect.poll` with a bound fit for a busy two-core machine (vitest's default is one second): waits on what the page
 * shows, never on the clock.
 */
export const until = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });
