import { readFile } from 'node:fs/promises';
import { Workbook } from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../../platform/tokens';
import { testTokens, type Person } from '../support/people';
import { eventually } from '../support/temporal';
import { shoot, until } from './support/browser';
import { LEADER, SUPERVISOR, webSuite } from './support/suite';
import { records } from '../support/xlsx';

/**
 * Journeys end to end in the browser: journey 3's second half (督办 → the task → 催办 → the unit's staff sees it in
 * 通知, counted in the header), journey 5 (the 台账 exported as xlsx from the pages, read back and compared with the
 * API's JSON), and a session that expires mid-work (back to sign-in with the reason, then back to the same page).
 */
const web = webSuite();

const CARE_FUND = 'care-fund-establishment';
const CITY = '610600';

/** An assignment of the care fund to `scopeUnitId` due in a few seconds; resolves once the API lists its tasks overdue. */
async function overdueAssignment(scopeUnitId: string, tasks: number): Promise<string> {
  const created = await web.stack.api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId, dueAt: new Date(Date.now() + 5000).toISOString() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  await eventually(
    async () => (await web.stack.api.get(`/api/assignments/${encodeURIComponent(id)}/progress?limit=100`)).body,
    (p) => p.overdue === tasks && p.total === tasks,
    90_000,
  );
  return id;
}

/** Clicks an export link and reads the downloaded workbook's first sheet as objects keyed by its header row. */
async function downloadSheet(page: Page, linkName: RegExp, sheetName: string): Promise<{ file: string; rows: Array<Record<string, unknown>> }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('link', { name: linkName }).click()]);
  const path = await download.path();
  const book = new Workbook();
  await book.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  return { file: download.suggestedFilename(), rows: records(book.getWorksheet(sheetName)) };
}

/** The header bell's accessible name carries the unread count ("3 条未读通知"); 0 when it says none. */
async function badgeCount(page: Page): Promise<number> {
  const label = (await page.getByRole('banner').getByRole('link', { name: /通知/ }).getAttribute('aria-label')) ?? '';
  return Number(/^(\d+) 条未读通知$/.exec(label)?.[1] ?? 0);
}

describe('journeys in the browser', () => {
  it('journey 3: the supervisor urges an overdue task from 督办; the unit’s staff finds the 催办 in 通知, counted in the header', async () => {
    const unitId = '610626';
    const assignmentId = await overdueAssignment(unitId, 1);
    const taskId = `${assignmentId}.${unitId}`;
    const task = (await web.stack.api.get(`/api/tasks/${encodeURIComponent(taskId)}`)).body;
    const unitName = task.unitName as string;
    await eventually(async () => (await web.stack.api.get(`/api/overdue?scopeUnitId=${unitId}`)).body.tasks as Array<{ id: string }>, (ts) => ts.some((t) => t.id === taskId), 60_000);

    const page = await web.pageAs(SUPERVISOR, 'desktop', '/supervise');
    const row = page.getByRole('row').filter({ hasText: unitName });
    await row.first().waitFor();
    await row.first().getByRole('link').first().click();
    await until(() => decodeURIComponent(new URL(page.url()).pathname)).toBe(`/tasks/${taskId}`);
    await page.getByRole('button', { name: /^催\s?办$/ }).click();
    const form = page.getByRole('form', { name: '催办' });
    await form.getByLabel('催办意见').fill('请三日内报送筹建材料');
    await form.getByRole('button', { name: /^催\s?办$/ }).click();
    await page.getByText(/李督办 .* 催办/).waitFor();

    const staff: Person = { role: 'staff', unitId, name: `${unitName}专干` };
    const staffApi = web.stack.api.as(staff);
    // The notice reaches the unit's inbox through the read model.
    const urge = await eventually(
      async () => ((await staffApi.get('/api/notifications?unread=true&limit=100')).body.notifications as Array<{ id: string; kind: string; subjectId: string }>).find((n) => n.kind === 'urge' && n.subjectId === taskId),
      (n) => n !== undefined,
      60_000,
    );
    const inbox = await web.pageAs(staff, 'phone', '/inbox');
    const card = inbox.locator(`[data-notification="${urge!.id}"]`);
    await card.getByText('催办', { exact: true }).waitFor();
    await card.getByText('未读').waitFor();
    // The header counts the person's unread notices, the 催办 among them.
    const unreadTotal = async () => (await staffApi.get('/api/notifications?unread=true&limit=1')).body.total as number;
    await until(async () => (await badgeCount(inbox)) === (await unreadTotal())).toBe(true);
    const before = await badgeCount(inbox);
    expect(before).toBeGreaterThanOrEqual(1);
    await shoot(inbox, 'journey3-inbox');

    await card.getByRole('button', { name: '标为已读' }).click();
    await card.getByText('已读', { exact: true }).waitFor();
    await until(() => badgeCount(inbox)).toBe(before - 1);

    await card.getByRole('link').click();
    await until(() => decodeURIComponent(new URL(inbox.url()).pathname)).toBe(`/tasks/${taskId}`);
    await inbox.getByText('请三日内报送筹建材料').first().waitFor();
  });

  it('journey 5: the overdue list and an assignment’s progress exported as xlsx from the pages match the API', async () => {
    const assignmentId = await overdueAssignment(CITY, 13);
    const query = `scopeUnitId=${CITY}&directiveId=${CARE_FUND}`;

    const page = await web.pageAs(SUPERVISOR, 'desktop', `/supervise?${query}`);
    await page.getByRole('row').filter({ hasText: '志丹县' }).first().waitFor();
    const overdue = await downloadSheet(page, /导出 Excel/, '逾期任务');
    const json = (await web.stack.api.get(`/api/overdue?${query}&limit=100`)).body;
    expect(overdue.file).toMatch(/\.xlsx$/);
    expect(json.total).toBeGreaterThanOrEqual(13);
    expect(overdue.rows).toHaveLength(json.total);
    expect(overdue.rows.map((r) => [r['单位代码'], r['单位'], r['逾期天数'], r['任务编号']])).toEqual(
      (json.tasks as Array<{ unitId: string; unitName: string; daysOverdue: number; id: string }>).map((t) => [t.unitId, t.unitName, t.daysOverdue, t.id]),
    );
    await shoot(page, 'journey5-overdue');

    const leaderPage = await web.pageAs(LEADER, 'desktop', `/assign/assignments/${encodeURIComponent(assignmentId)}`);
    await leaderPage.getByTestId('done-of').waitFor();
    const progress = await downloadSheet(leaderPage, /导出台账/, '任务进度');
    const pj = (await web.stack.api.get(`/api/assignments/${encodeURIComponent(assignmentId)}/progress?limit=100`)).body;
    expect(pj.total).toBe(13);
    expect(progress.rows).toHaveLength(13);
    expect(progress.rows.map((r) => [r['单位代码'], r['单位'], r['任务编号'], r['状态']])).toEqual(
      (pj.units as Array<{ unitId: string; unitName: string; id: string }>).map((t) => [t.unitId, t.unitName, t.id, '已逾期']),
    );
    await shoot(leaderPage, 'journey5-assignment');
  });

  it('an expired session returns to sign-in with the reason, and sign-in returns to the same page', async () => {
    const page = await web.pageAs(SUPERVISOR, 'desktop', '/supervise');
    await page.getByLabel('逾期天数不少于').waitFor();

    // The cookie now holds a token that expired an hour ago, as a session left open overnight does.
    const expired = await issueToken(
      testTokens,
      { subject: `test/${SUPERVISOR.unitId}/supervisor/${SUPERVISOR.name}`, name: SUPERVISOR.name as string, role: 'supervisor', unitId: SUPERVISOR.unitId },
      Math.floor(Date.now() / 1000) - 3600,
    );
    await page.context().addCookies([{ name: 'duban_session', value: expired, url: web.url, httpOnly: true, sameSite: 'Strict' }]);
    expect((await page.context().cookies(web.url)).filter((c) => c.name === 'duban_session').map((c) => c.value)).toEqual([expired]);

    // The next thing the page loads (a filter changed) is refused: back to sign-in, told why.
    await page.getByLabel('逾期天数不少于').fill('1');
    await until(() => new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByText('登录已过期，请重新登录。').waitFor();
    const next = new URL(page.url()).searchParams.get('next');
    expect(next).toMatch(/^\/supervise\?(.*&)?minDaysOverdue=1/);
    await shoot(page, 'session-expired');

    await page.getByRole('button', { name: '以李督办身份登录' }).click();
    await until(() => `${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(next);
    await until(() => page.getByLabel('逾期天数不少于').inputValue()).toBe('1');
  });

  it('a session gone while the page is closed (cookie cleared) asks for sign-in on reload, saying it expired, then returns to the page', async () => {
    const path = `/supervise?directiveId=${CARE_FUND}`;
    const page = await web.pageAs(SUPERVISOR, 'phone', path);
    await page.getByLabel('逾期天数不少于').waitFor();
    await page.context().clearCookies();
    await page.reload();
    await until(() => new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe(path);
    // This browser was signed in and never signed out: it says why it asks again.
    await page.getByText('登录已过期，请重新登录。').waitFor();
    await page.getByRole('button', { name: '以李督办身份登录' }).click();
    await until(() => `${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(path);
    await page.getByLabel('逾期天数不少于').waitFor();
    expect((await page.context().cookies(web.url)).some((c) => c.name === 'duban_session')).toBe(true);
  });
});
