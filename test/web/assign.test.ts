import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, shoot, type Viewport } from './support/browser';
import { LEADER, STAFF, SUPERVISOR, webSuite } from './support/suite';

/**
 * Journey 1: a leader finds 关爱基金 in the catalog, assigns it to 延安市, the preview says 13 tasks (one per county)
 * due 31 December, and the assignment page then shows 0/13 done with every county green. At both sizes; at the
 * phone's nothing scrolls sideways. Screenshots: assign-catalog, assign-preview, assignment, inbox.
 */
const web = webSuite();

const YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

describe('journey 1: a leader assigns 关爱基金 to 延安市', () => {
  it.each<Viewport>(['desktop', 'phone'])('catalog → scope → preview of 13 tasks due 31 Dec → 0/13 and green lights (%s)', async (viewport) => {
    const page = await web.pageAs(LEADER, viewport, '/assign');
    await page.getByPlaceholder('按编号、标题或原文搜索').fill('关爱基金');
    const card = page.locator('[data-directive="care-fund-establishment"]');
    await expect.poll(() => card.count()).toBe(1);
    // The speech's words and where they are from.
    await expect.poll(() => card.innerText()).toContain('县区关爱基金年底前必须成立');
    await expect.poll(() => card.innerText()).toContain('§四 item 5');
    // Only directives matching the text are listed.
    for (const text of await page.locator('[data-directive]').allInnerTexts()) expect(text).toContain('关爱基金');
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'assign-catalog');
    await expectAccessible(page);

    await card.getByRole('button', { name: '交办此项' }).click();
    // The default deadline's rule and its provenance (the speech says 年底前).
    await expect.poll(() => page.getByText('默认规则：年底前').count()).toBeGreaterThan(0);
    await page.getByLabel('交办范围').click();
    await page.locator('.ant-select-tree-title', { hasText: '延安市（市）' }).click();

    const preview = page.getByTestId('assign-preview');
    await expect.poll(() => preview.innerText().catch(() => ''), { timeout: 15_000 }).toContain(`将为 13 个县区创建任务，截止 ${YEAR}-12-31`);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'assign-preview');
    await expectAccessible(page);

    const before = (await web.stack.api.get('/api/assignments?directiveId=care-fund-establishment')).body.total as number;
    // A double click makes one assignment: both clicks carry the same Idempotency-Key.
    await page.getByRole('button', { name: '确认交办' }).dblclick();
    await page.waitForURL(/\/assign\/assignments\/[^/]+$/, { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('done-of').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/已完成\s+0\/13/);
    await expect.poll(() => page.getByTestId('fan-out').innerText().catch(() => ''), { timeout: 30_000 }).toContain('任务已全部下达');
    // Every county's row shows its light: green, a month before the deadline with nothing late.
    const rows = page.locator('.ant-card', { hasText: '各单位情况' }).locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(13);
    const lights = await rows.allInnerTexts();
    expect(lights.every((r) => r.includes('绿灯'))).toBe(true);
    expect(lights.some((r) => r.includes('宝塔区'))).toBe(true);
    // The 台账 link is the API's own export.
    const href = await page.getByRole('link', { name: /导出台账/ }).getAttribute('href');
    expect(href).toMatch(/^\/api\/assignments\/[^/]+\/progress\?format=xlsx$/);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'assignment');
    await expectAccessible(page);

    const after = await web.stack.api.get('/api/assignments?directiveId=care-fund-establishment');
    expect(after.body.total).toBe(before + 1);
    const id = page.url().split('/').pop();
    expect(after.body.assignments[0]).toMatchObject({ id, taskCount: 13, dueAt: `${YEAR}-12-31T23:59:59.999+08:00` });
  });

  it.each<Viewport>(['desktop', 'phone'])('a recurring duty: created, its next firings shown, paused with a note and resumed (%s)', async (viewport) => {
    const page = await web.pageAs(LEADER, viewport, '/assign');
    await page.getByPlaceholder('按编号、标题或原文搜索').fill('G3');
    const card = page.locator('[data-directive="year-end-scorecard"]');
    await card.getByRole('button', { name: '交办此项' }).click();
    // A directive that recurs is set up as a recurring duty by default.
    await expect.poll(() => page.getByRole('button', { name: '创建周期任务' }).count()).toBe(1);
    await page.getByLabel('交办范围').click();
    await page.locator('.ant-select-tree-title', { hasText: '延安市（市）' }).click();
    await expect.poll(() => page.getByTestId('assign-preview').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/^每期将为 \d+ 个/);
    await page.getByRole('button', { name: '创建周期任务' }).click();
    await page.waitForURL(/\/assign\/recurring\/[^/]+$/, { timeout: 60_000 });
    await expect.poll(() => page.getByText('运行中').count(), { timeout: 30_000 }).toBe(1);
    // Next firing: 1 January next year.
    await expect.poll(() => page.locator('.ant-descriptions').innerText()).toContain(`${YEAR + 1}-01-01`);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'recurring');
    await expectAccessible(page);

    await page.getByRole('button', { name: /^暂\s?停$/ }).click();
    await page.getByLabel('说明（可选）').fill('年终考核调整，暂缓');
    await page.getByRole('dialog').getByRole('button', { name: /^暂\s?停$/ }).click();
    await expect.poll(() => page.getByText('已暂停').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.locator('.ant-descriptions').innerText()).toContain('年终考核调整，暂缓');
    const id = page.url().split('/').pop() as string;
    expect((await web.stack.api.get(`/api/recurring/${id}`)).body.schedule).toMatchObject({ paused: true, note: '年终考核调整，暂缓' });
    await page.getByRole('button', { name: /^恢\s?复$/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^恢\s?复$/ }).click();
    await expect.poll(() => page.getByText('运行中').count(), { timeout: 30_000 }).toBe(1);
    expect((await web.stack.api.get(`/api/recurring/${id}`)).body.schedule.paused).toBe(false);

    await page.goto('/assign/recurring');
    await expect.poll(() => page.getByRole('link', { name: /G3/ }).count()).toBeGreaterThan(0);
    // The list of assignments (one made here through the API, whatever ran before).
    expect((await web.stack.api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: '610600' })).status).toBeLessThan(300);
    await page.goto('/assign/assignments');
    await expect.poll(() => page.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'assignments');
    await expectAccessible(page);
  });

  it.each<Viewport>(['desktop', 'phone'])('staff find a 催办 in the inbox, open its task link, mark it read, and the header count follows (%s)', async (viewport) => {
    // A town task for 张专干's town, urged by the city's supervisor.
    const town = STAFF.unitId;
    const created = await web.stack.api.post('/api/assignments', { directiveId: 'petition-four-modes', scopeUnitId: town, targetLevel: 'town' });
    expect(created.status).toBeLessThan(300);
    const taskId = (await web.stack.api.get(`/api/assignments/${created.body.id}/progress`)).body.units[0].id as string;
    const note = `请尽快推进 ${viewport}`;
    const urged = await web.stack.api.as(SUPERVISOR).post(`/api/tasks/${encodeURIComponent(taskId)}/urge`, { note });
    expect(urged.status).toBeLessThan(300);
    const staff = web.stack.api.as(STAFF);
    const unread = async () => (await staff.get('/api/notifications?unread=true&limit=1')).body.total as number;
    await expect.poll(unread, { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await unread();

    const page = await web.pageAs(STAFF, viewport, '/inbox');
    const badge = page.locator('header a[href="/inbox"]');
    await expect.poll(() => badge.getAttribute('aria-label')).toBe(`${before} 条未读通知`);
    const card = page.locator('[data-notification]', { hasText: note });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.innerText()).toContain('催办');
    // The link leads to the task (ids URL-encoded).
    expect(await card.getByRole('link').getAttribute('href')).toBe(`/tasks/${encodeURIComponent(taskId)}`);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'inbox');
    await expectAccessible(page);

    await card.getByRole('button', { name: '标为已读' }).click();
    await expect.poll(() => card.getByRole('button', { name: '标为已读' }).count()).toBe(0);
    expect(await unread()).toBe(before - 1);
    await expect.poll(() => badge.getAttribute('aria-label')).toBe(before - 1 ? `${before - 1} 条未读通知` : '通知');
  });
});
