import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { generateDemoOrg } from '../../../domain/demo-org';
import type { OrgUnit } from '../../../domain/org';
import type { Person } from '../../support/people';
import { startStack, type Stack } from '../../support/stack';
import { expectNoPageErrors, launchBrowser, newPage, signIn, type Viewport } from './browser';
import { ensureWebBuilt, WEB_DIST } from './web-build';

/** The demo org's people, as the tests sign them in (the demo's 王局长, 李督办 and 张专干 sit at the same units). */
export const LEADER: Person = { role: 'leader', unitId: '610600', name: '王局长' };
export const SUPERVISOR: Person = { role: 'supervisor', unitId: '610600', name: '李督办' };
/** Staff at the first town of 宝塔区. */
export const STAFF: Person = { role: 'staff', unitId: '610602001', name: '张专干' };

export interface WebSuite {
  /** The stack serving the app: `stack.api` calls the API directly (as the city's leader unless told otherwise). */
  readonly stack: Stack;
  /** Where the app is served (the API's origin). */
  readonly url: string;
  readonly browser: Browser;
  /** A fresh page (own cookies) at a size; its page and console errors fail the test. */
  page(viewport: Viewport): Promise<Page>;
  /** A fresh page with `person` signed in, opened at `path`. */
  pageAs(person: Person, viewport: Viewport, path?: string): Promise<Page>;
}

/**
 * The browser tests' setup, for a file: the web app built if stale, a real stack (dev-server Temporal, a worker, the
 * read model and the API serving the app) on the demo org (延安市, its 13 counties), and Chromium; after each test, any
 * page error fails it. Everything is stopped after the file.
 */
export function webSuite(options: { units?: readonly OrgUnit[] } = {}): WebSuite {
  const units = options.units ?? generateDemoOrg();
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureWebBuilt();
    // The demo org is the demo (its units are flagged demo): the sign-in page lists its people.
    [stack, browser] = await Promise.all([startStack(units, { app: { webDist: WEB_DIST } }), launchBrowser()]);
  });
  afterEach(async () => {
    await expectNoPageErrors();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started (beforeAll failed?)`);
    return value;
  };
  const suite: WebSuite = {
    get stack() {
      return need(stack, 'the stack');
    },
    get url() {
      return need(stack, 'the stack').api.url;
    },
    get browser() {
      return need(browser, 'the browser');
    },
    page: (viewport) => newPage(suite.browser, viewport, suite.url),
    async pageAs(person, viewport, path = '/') {
      const page = await suite.page(viewport);
      await signIn(page, suite.url, person);
      await page.goto(path);
      return page;
    },
  };
  return suite;
}
