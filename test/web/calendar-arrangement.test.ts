import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Person } from '../support/people';
import { MISTYPED_2026 } from '../support/arrangements';
import { expectAccessible, expectNoHorizontalScroll, shoot, type Viewport } from './support/browser';
import { STAFF, webSuite } from './support/suite';

/**
 * 年度放假安排 in a real browser: an admin enters 2027's arrangement on the 年度工作日历 page (a TEST arrangement,
 * not the official notice — see test/support/arrangements.ts); everyone then sees its source, and a disagreement
 * with the library is shown day by day. Desktop and phone, checked by axe and for sideways scrolling.
 */
const web = webSuite();
const ADMIN: Person = { role: 'admin', unitId: '610600', name: '系统管理员' };
const TITLE = '【测试用，非官方】2027年部分节假日安排';

async function check(page: Page, name: string): Promise<void> {
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await shoot(page, name);
}

describe('年度放假安排 on the 年度工作日历 page', () => {
  it('lets an admin enter 2027: a refused 上班 day is shown at its field, the saved notice becomes the source', async () => {
    const page = await web.pageAs(ADMIN, 'desktop', '/calendar/2027');
    await page.getByText('尚无：仅法定放假日，调休未知').waitFor();
    await page.getByRole('button', { name: '录入2027年放假安排' }).click();
    const form = page.getByRole('form', { name: /2027年放假安排/ });
    await form.waitFor();
    // The form starts from what the calendar shows: 2027's days off fixed by law (春节 5–8 Feb).
    expect(await form.getByLabel('结束 2', { exact: true }).inputValue()).toBe('2027-02-08');
    await form.getByLabel('通知标题', { exact: true }).fill(TITLE);
    await form.getByLabel('发布日期', { exact: true }).fill('2026-11-20');
    await form.getByLabel('结束 2', { exact: true }).fill('2027-02-13');
    await form.getByRole('button', { name: '添加上班日' }).click();
    // A day inside the break cannot be worked: the API's refusal shows at that field.
    await form.getByLabel('上班日 1', { exact: true }).fill('2027-02-06');
    await check(page, 'calendar-arrangement-form');
    await form.getByRole('button', { name: /^保\s?存$/ }).click();
    await form.getByText(/inside a break/).waitFor();
    await form.getByLabel('上班日 1', { exact: true }).fill('2027-02-20');
    await form.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('2027年放假安排已保存（第1版）').waitFor();

    const source = page.getByTestId('arrangement-source');
    await source.getByText(`${TITLE}（2026-11-20）`).waitFor();
    await source.getByText(/系统管理员 于 \d{4}-\d{2}-\d{2} 录入（第1版）/).waitFor();
    expect(await page.getByText('2027年节假日安排尚未发布').count()).toBe(0);
    await page.getByText('春节 2月5日–2月13日（9天）').first().waitFor();
    await page.getByText('2月20日（春节）').first().waitFor();
    await check(page, 'calendar-arrangement-entered');

    // What the API now counts on.
    const calendar = await web.stack.api.get('/api/calendar/2027');
    expect(calendar.body.arrangement).toMatchObject({ published: true, basis: 'notice' });
    expect(calendar.body.makeUpWorkdays).toEqual([{ date: '2027-02-20', for: '春节' }]);
  });

  for (const size of ['desktop', 'phone'] as Viewport[])
    it(`shows staff the source and a disagreement with the library, and offers them no entry (${size})`, async () => {
      const put = await web.stack.api.as(ADMIN).put('/api/calendar/2026/arrangement', MISTYPED_2026);
      expect(put.status).toBeLessThan(300);
      const page = await web.pageAs(STAFF, size, '/calendar/2026');
      const alert = page.getByTestId('arrangement-disagreement');
      await alert.getByText('录入的通知与内置数据有 2 天不一致，按录入的通知计算').waitFor();
      await alert.getByText('2026-10-08：内置数据为工作日，通知为休息日').waitFor();
      await page.getByTestId('arrangement-source').getByText('国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）').waitFor();
      expect(await page.getByRole('button', { name: /放假安排$/ }).count()).toBe(0);
      await check(page, 'calendar-arrangement-disagreement');
    });

  it('fits the entry form on a phone', async () => {
    const page = await web.pageAs(ADMIN, 'phone', '/calendar/2027');
    await page.getByRole('button', { name: '修改2027年放假安排' }).click();
    const form = page.getByRole('form', { name: /2027年放假安排/ });
    await form.waitFor();
    expect(await form.getByLabel('通知标题', { exact: true }).inputValue()).toBe(TITLE);
    expect(await form.getByLabel('上班日 1', { exact: true }).inputValue()).toBe('2027-02-20');
    await check(page, 'calendar-arrangement-form');
  });
});
