import { describe, expect, it } from 'vitest';
import type { Person } from '../support/people';
import { eventually } from '../support/temporal';
import { expectAccessible, expectNoHorizontalScroll, shoot } from './support/browser';
import { LEADER, SUPERVISOR, webSuite } from './support/suite';

/**
 * 督办 in the browser: the leader's 延期审批 queue (journey 4: approve with another date → the task shows the new
 * deadline and the original one) and the supervisor's overdue list with its export link and 催办 from the task page.
 */
const web = webSuite();

const CARE_FUND = 'care-fund-establishment';
const COUNTY_STAFF: Person = { role: 'staff', unitId: '610602', name: '宝塔区专干' };

/** The Shanghai day `days` after an ISO instant's own day. */
const dayAfter = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

async function readyTask(taskId: string) {
  return eventually(async () => (await web.stack.api.get(`/api/tasks/${taskId}`)).body, (t) => t.history !== undefined);
}

describe('督办 in the browser', () => {
  it('journey 4: the leader approves an extension with another date; the task shows the new deadline and the original', async () => {
    const created = await web.stack.api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId: LEADER.unitId });
    expect(created.status).toBe(201);
    const task = await readyTask(`${created.body.id}.${COUNTY_STAFF.unitId}`);
    const asked = dayAfter(task.dueAt, 30);
    const granted = dayAfter(task.dueAt, 14);
    const requested = await web.stack.api.as(COUNTY_STAFF).post(`/api/tasks/${task.id}/extension`, { reason: '资金筹措未完成', dueDate: asked });
    expect(requested.status).toBe(200);

    const page = await web.pageAs(LEADER, 'desktop', '/supervise/extensions');
    const card = page.getByTestId('pending-extension').filter({ hasText: '宝塔区' });
    await card.getByText(`宝塔区专干申请延至 ${asked}`).first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'supervise-extensions');

    await card.getByRole('button', { name: '审批延期' }).click();
    const form = page.getByRole('form', { name: '审批延期' });
    await form.getByLabel('批准延至').fill(granted);
    await form.getByLabel('审批意见').fill('同意延期两周');
    await form.getByRole('button', { name: /^批\s?准$/ }).click();
    await page.getByText('没有待审批的延期申请').waitFor();

    const after = (await web.stack.api.get(`/api/tasks/${task.id}`)).body;
    expect(after).toMatchObject({ dueAt: `${granted}T23:59:59.999+08:00`, originalDueAt: task.dueAt });
    expect(after.history.extensions[0]).toMatchObject({ status: 'approved', decidedBy: LEADER.name, note: '同意延期两周' });

    const phone = await web.pageAs(LEADER, 'phone', `/tasks/${encodeURIComponent(task.id)}`);
    await expect.poll(() => phone.getByTestId('task-due').textContent()).toBe(granted);
    expect(await phone.getByTestId('task-original-due').textContent()).toContain(task.dueAt.slice(0, 10));
    // Decided: no decision left to take, and the leader never completes steps.
    expect(await phone.getByRole('button', { name: '审批延期' }).count()).toBe(0);
    expect(await phone.getByRole('button', { name: '完成此步' }).count()).toBe(0);
    await expectNoHorizontalScroll(phone);
    await shoot(phone, 'journey4-task');
  });

  it('lists overdue work with the export link, and the supervisor urges it from the task page', async () => {
    const created = await web.stack.api.post('/api/assignments', {
      directiveId: CARE_FUND,
      scopeUnitId: '610625',
      dueAt: new Date(Date.now() + 6000).toISOString(),
    });
    expect(created.status).toBe(201);
    const taskId = `${created.body.id}.610625`;
    await eventually(async () => (await web.stack.api.get(`/api/tasks/${taskId}`)).body, (t) => t.status === 'overdue' && t.history !== undefined);

    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await web.pageAs(SUPERVISOR, viewport, '/supervise');
      const row = viewport === 'phone' ? page.getByTestId('overdue-row').filter({ hasText: '志丹县' }) : page.getByRole('row').filter({ hasText: '志丹县' });
      await row.first().waitFor();
      const exportLink = page.getByRole('link', { name: /导出 Excel/ });
      expect(await exportLink.getAttribute('href')).toMatch(/^\/api\/overdue\?(.*&)?format=xlsx$/);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await shoot(page, 'supervise-overdue');
    }

    const page = await web.pageAs(SUPERVISOR, 'phone', `/tasks/${encodeURIComponent(taskId)}`);
    // A supervisor at the city may urge, but the county's work is not done: nothing to accept or return.
    await page.getByRole('button', { name: /^催\s?办$/ }).click();
    const form = page.getByRole('form', { name: '催办' });
    await form.getByLabel('催办意见').fill('请本周内报送');
    await form.getByRole('button', { name: /^催\s?办$/ }).click();
    await page.getByText(/李督办 .* 催办/).waitFor();
    expect(await page.getByRole('button', { name: /^验\s?收$/ }).count()).toBe(0);
    expect((await web.stack.api.get(`/api/tasks/${taskId}`)).body.history.urges).toMatchObject([{ by: SUPERVISOR.name, note: '请本周内报送' }]);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await shoot(page, 'supervise-urged');
  });
});
