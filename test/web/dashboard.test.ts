import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, shoot } from './support/browser';
import { LEADER, SUPERVISOR, webSuite } from './support/suite';

/**
 * 驾驶舱 (journey 3's first half): the city's summary and its 13 counties ranked as a chart; a click on a county's bar
 * opens that county's dashboard with its towns ranked; the breadcrumb leads back to the city. The work is real: two
 * assignments made through the API before the pages are opened — the care fund to every county, the towns' full-time
 * staff to every town.
 */
const web = webSuite();

const countyNames = new Map<string, string>();

beforeAll(async () => {
  for (const directiveId of ['care-fund-establishment', 'town-fulltime-staff']) {
    const res = await web.stack.api.post('/api/assignments', { directiveId, scopeUnitId: '610600' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const city = await web.stack.api.get('/api/org/units/610600');
  for (const child of city.body.children as Array<{ id: string; name: string }>) countyNames.set(child.id, child.name);
  expect(countyNames.size).toBe(13);
});

/** The chart is a canvas: its first bar (rank 1, at the top) is clicked where it is drawn. */
async function clickFirstBar(page: Page, rows: number): Promise<void> {
  const chart = page.getByTestId('ranking-chart');
  await chart.locator('canvas').waitFor();
  const box = await chart.boundingBox();
  if (!box) throw new Error('the ranking chart has no box');
  // The grid spans the chart's height less 8 px above and 24 px below, one row per ranked unit (RankingChart.tsx).
  const rowHeight = (box.height - 32) / rows;
  await chart.click({ position: { x: box.width * 0.6, y: 8 + rowHeight / 2 } });
}

describe('驾驶舱', () => {
  it('shows the city ranked by county; a click on a bar opens the county with its towns; the breadcrumb returns', async () => {
    const page = await web.pageAs(LEADER, 'desktop', '/dashboard');
    await page.getByRole('heading', { name: '驾驶舱 · 延安市' }).waitFor();
    // The totals: 13 county tasks and 117 town tasks, all open.
    await page.getByText('关爱基金', { exact: false }).first().waitFor();
    const chart = page.getByTestId('ranking-chart');
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('延安市');
    // The table beside the chart lists all 13 counties.
    const rankingRows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rankingRows.count()).toBe(13);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await shoot(page, 'dashboard-city');

    await clickFirstBar(page, 13);
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/dashboard\/6106\d\d$/);
    const countyId = new URL(page.url()).pathname.split('/').pop() as string;
    const countyName = countyNames.get(countyId);
    expect(countyName).toBeDefined();
    await page.getByRole('heading', { name: `驾驶舱 · ${countyName}` }).waitFor();
    // Its towns, ranked: each is named after the county (宝塔区…街道/镇), nine of them.
    await expect.poll(() => rankingRows.count()).toBe(9);
    const towns = await rankingRows.locator('td:nth-child(2)').allInnerTexts();
    expect(towns.every((name) => name.startsWith(countyName as string))).toBe(true);
    await page.getByTestId('ranking-chart').locator('canvas').waitFor();
    await expectAccessible(page);
    await shoot(page, 'dashboard-county');

    await page.getByRole('navigation').getByRole('link', { name: '延安市' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard');
    await page.getByRole('heading', { name: '驾驶舱 · 延安市' }).waitFor();
  });

  it('opens a county from its name in the ranking table, for a supervisor on a phone', async () => {
    const page = await web.pageAs(SUPERVISOR, 'phone', '/dashboard');
    await page.getByRole('heading', { name: '驾驶舱 · 延安市' }).waitFor();
    const [countyId, countyName] = [...countyNames][1] as [string, string];
    await page.getByRole('link', { name: countyName, exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/dashboard/${countyId}`);
    await page.getByRole('heading', { name: `驾驶舱 · ${countyName}` }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await shoot(page, 'dashboard-county');
  });
});
