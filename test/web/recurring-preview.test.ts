import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible, expectNoHorizontalScroll, SCREENSHOT_DIR, type Viewport } from './support/browser';
import { LEADER, webSuite } from './support/suite';

/**
 * 预演 in the recurring form: a leader sets up B4 (每月走访) for 宝塔区, opens 预演未来12个月 before creating it and sees
 * the 12 months — issued tasks and deadlines per month as the API's preview gives them — and the busiest towns
 * and weeks; nothing is created. At both sizes; at the phone's nothing scrolls sideways. Screenshots: recurring-preview and recurring-preview-busiest (the screen, not the full page: the drawer is fixed).
 */
const web = webSuite();
const BAOTA = '610602';

describe('预演: a leader previews the monthly rounds before creating them', () => {
  it.each<Viewport>(['desktop', 'phone'])('12 months, the busiest towns and weeks, nothing created (%s)', async (viewport) => {
    const recurringBefore = (await web.stack.api.get('/api/recurring')).body.recurring.length as number;
    const page = await web.pageAs(LEADER, viewport, '/assign');
    await page.getByPlaceholder('按编号、标题或原文搜索').fill('B4');
    await page.locator('[data-directive="monthly-village-rounds"]').getByRole('button', { name: '交办此项' }).click();
    await expect.poll(() => page.getByRole('button', { name: '创建周期任务' }).count()).toBe(1);
    await page.getByLabel('交办范围').click();
    await page.getByRole('tree').getByText('延安市（市）').waitFor();
    // Open 延安市 to reach 宝塔区.
    await page.locator('.ant-select-tree-treenode', { hasText: '延安市（市）' }).locator('.ant-select-tree-switcher').click();
    await page.locator('.ant-select-tree-title', { hasText: '宝塔区' }).first().click();
    await expect.poll(() => page.getByTestId('assign-preview').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/^每期将为 \d+ 个/);

    await page.getByRole('button', { name: '预演未来12个月' }).click();
    const drawer = page.getByTestId('recurring-preview');
    await expect.poll(() => drawer.innerText().catch(() => ''), { timeout: 30_000 }).toContain('逐月安排');

    const api = (await web.stack.api.post('/api/recurring/preview', { directiveId: 'monthly-village-rounds', scopeUnitId: BAOTA })).body;
    const months = drawer.locator('.ant-card', { hasText: '逐月安排' }).locator('tbody tr.ant-table-row');
    expect(await months.count()).toBe(12);
    const rows = await months.allInnerTexts();
    rows.forEach((row, i) => {
      const m = api.months[i];
      expect(row).toContain(m.label);
      if (m.issued.tasks) expect(row).toContain(`${m.issued.tasks} 项`);
      for (const d of m.deadlines) expect(row).toContain(`${d.dueAt.slice(5, 10)} · ${d.tasks} 项`);
    });
    const units = drawer.locator('.ant-card', { hasText: '任务最多的单位' }).locator('tbody tr.ant-table-row');
    expect(await units.count()).toBe(api.busiestUnits.length);
    expect(await units.first().innerText()).toContain(api.busiestUnits[0].name);
    const weeks = drawer.locator('.ant-card', { hasText: '最忙的周' }).locator('tbody tr.ant-table-row');
    expect(await weeks.count()).toBe(api.busiestWeeks.length);
    expect(await weeks.first().innerText()).toContain(api.busiestWeeks[0].from.slice(5));

    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    // The drawer is fixed over the page: what the screen shows, at its top and scrolled to the busiest units and weeks.
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `recurring-preview-${viewport}.png`), animations: 'disabled' });
    await drawer.locator('.ant-card', { hasText: '最忙的周' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `recurring-preview-busiest-${viewport}.png`), animations: 'disabled' });
    await expectAccessible(page);

    // Closing it leaves the form as it was; nothing was created.
    await page.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => drawer.count()).toBe(0);
    expect((await web.stack.api.get('/api/recurring')).body.recurring.length).toBe(recurringBefore);
  });
});
