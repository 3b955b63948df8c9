import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, shoot, VIEWPORTS, type Viewport } from './support/browser';
import { LEADER, STAFF, webSuite } from './support/suite';
import type { Person } from '../support/people';

/**
 * Journey 7: every page of the app, at 1440×900 and 375×812, passes axe-core with no serious or critical violation,
 * never scrolls sideways, and is photographed to test-results/screenshots/page-<page>-<desktop|phone>.png. The
 * leader sees every page; staff's own pages are taken as staff. Real work is in place first: the care fund assigned
 * to every county and the towns' full-time staff to every town.
 */
const web = webSuite();

beforeAll(async () => {
  for (const directiveId of ['care-fund-establishment', 'town-fulltime-staff']) {
    const res = await web.stack.api.post('/api/assignments', { directiveId, scopeUnitId: '610600' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});

const PAGES: Array<{ name: string; path: string; person: Person }> = [
  { name: 'dashboard', path: '/dashboard', person: LEADER },
  { name: 'assign', path: '/assign', person: LEADER },
  { name: 'supervise', path: '/supervise', person: LEADER },
  { name: 'tasks', path: '/tasks', person: STAFF },
  { name: 'inbox', path: '/inbox', person: STAFF },
  { name: 'calendar', path: '/calendar', person: STAFF },
  { name: 'standards', path: '/standards', person: STAFF },
  { name: 'petitions', path: '/petitions', person: LEADER },
  { name: 'speech', path: '/speech', person: LEADER },
  { name: 'not-found', path: '/no-such-page', person: STAFF },
];

/** The page has settled: its main region is there and nothing in it is still loading. */
async function settled(page: Page): Promise<void> {
  const main = page.locator('main').first();
  await main.waitFor();
  await expect.poll(() => main.locator('.ant-spin-spinning, .ant-skeleton-active').count(), { timeout: 60_000 }).toBe(0);
  await expect.poll(async () => (await main.innerText()).trim().length, { timeout: 60_000 }).toBeGreaterThan(0);
}

describe('every page', () => {
  for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
    for (const { name, path, person } of PAGES) {
      it(`${name} at ${viewport} size: accessible, no sideways scroll, photographed`, async () => {
        const page = await web.pageAs(person, viewport, path);
        await settled(page);
        expect(new URL(page.url()).pathname.startsWith(path)).toBe(true);
        await expectNoHorizontalScroll(page);
        await expectAccessible(page);
        await shoot(page, `page-${name}`);
      });
    }
  }
});
