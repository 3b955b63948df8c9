import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, shoot, type Viewport } from './support/browser';
import { LEADER, webSuite } from './support/suite';

/**
 * 立项 in the browser: a leader enters a directive from a 批示 (title, source, quote, kind, level, steps, evidence,
 * deadline), saves it as a draft, publishes it and finds it among the published ones — then it is in the catalog,
 * assignable. At both sizes; at the phone's nothing scrolls sideways. Screenshots: directive-new, directive-draft,
 * directive-published, directives-list.
 */
const web = webSuite();

describe('立项: a leader enters, saves and publishes a directive', () => {
  it.each<Viewport>(['desktop', 'phone'])('new draft → its page → published, then listed and in the catalog (%s)', async (viewport) => {
    const title = `核查退役军人信息采集（${viewport}）`;
    const page = await web.pageAs(LEADER, viewport, '/directives');
    // The menu has 立项 for a leader; the list opens on the drafts waiting.
    await expect.poll(() => page.getByText('新建立项').count()).toBeGreaterThan(0);
    await page.getByText('新建立项').first().click();
    await page.waitForURL(/\/directives\/new$/);

    await page.getByLabel('标题').fill(title);
    await page.getByLabel('来源类型').click();
    await page.locator('.ant-select-item-option', { hasText: '领导批示' }).click();
    await page.getByLabel('讲话/批示/会议名称').fill('王局长关于信息采集的批示');
    await page.getByLabel('日期（YYYY-MM-DD）').fill('2026-11-20');
    await page.getByLabel('原文摘录').fill('请各县区于12月15日前核查完毕，逐人建档');
    await page.getByRole('textbox', { name: '步骤 1' }).fill('核查信息采集表');
    await page.getByRole('button', { name: '添加步骤' }).click();
    await page.getByRole('textbox', { name: '步骤 2' }).fill('报送核查结果');
    await page.getByLabel('完成时限').click();
    await page.locator('.ant-select-item-option', { hasText: 'N 个工作日内' }).click();
    await page.getByLabel('天数/小时数').fill('10');
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'directive-new');
    await expectAccessible(page);

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/directives\/[^/]+$/, { timeout: 30_000 });
    await expect.poll(() => page.getByRole('heading', { level: 2 }).innerText()).toContain(title);
    await expect.poll(() => page.getByText('草稿', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.ant-descriptions').innerText()).toContain('报送核查结果');
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'directive-draft');
    await expectAccessible(page);

    const id = decodeURIComponent(page.url().split('/').pop() as string);
    const draft = (await web.stack.api.get(`/api/directives/${encodeURIComponent(id)}`)).body;
    expect(draft).toMatchObject({ status: 'draft', draftVersion: 1 });
    expect(draft.versions[0].directive).toMatchObject({
      title: { zh: title },
      kinds: ['one-off'],
      targetLevel: 'county',
      sources: [{ kind: 'instruction', title: '王局长关于信息采集的批示', date: '2026-11-20', quote: '请各县区于12月15日前核查完毕，逐人建档' }],
      deadline: { rule: { type: 'withinWorkingDays', days: 10 } },
    });
    expect((await web.stack.api.get(`/api/catalog/${encodeURIComponent(id)}`)).status).toBe(404);

    await page.getByRole('button', { name: '发布第1版' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByText('已发布 第1版').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The toast that says so, and the confirmation fading out, cover the page's top until they go.
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.locator('.ant-popover:not(.ant-popover-hidden)').count(), { timeout: 15_000 }).toBe(0);
    // Where the confirmation's button was, the pointer now hovers the link back (its lighter hover colour).
    await page.mouse.move(0, 0);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'directive-published');
    await expectAccessible(page);
    expect((await web.stack.api.get(`/api/catalog/${encodeURIComponent(id)}`)).body).toMatchObject({ id, version: 1 });

    await page.getByRole('link', { name: '返回立项列表' }).click();
    await page.getByText('已发布', { exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: title }).count(), { timeout: 15_000 }).toBe(1);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'directives-list');
    await expectAccessible(page);
  });
});
