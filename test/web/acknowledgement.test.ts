import { describe, expect, it } from 'vitest';
import type { Person } from '../support/people';
import { eventually } from '../support/temporal';
import { expectAccessible, expectNoHorizontalScroll, shoot } from './support/browser';
import { LEADER, webSuite } from './support/suite';

/**
 * 签收 and 回退 in the browser: a county's staff sees 待签收 in its list, acknowledges one task and sends another back
 * with a reason; the city's leader opens the 回退 from the inbox and re-assigns it to another county (重新交办), and
 * cancels a third (撤销); 驾驶舱 shows 签收率.
 */
const web = webSuite();

const CARE_FUND = 'care-fund-establishment';
/** 宝塔区 and 延长县: two of the demo city's counties. */
const BAOTA_STAFF: Person = { role: 'staff', unitId: '610602', name: '宝塔区专干' };
const YANCHANG = '610621';

async function assignToCounty(unitId: string) {
  const created = await web.stack.api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId: unitId });
  expect(created.status).toBe(201);
  return eventually(async () => (await web.stack.api.get(`/api/tasks/${created.body.id}.${unitId}`)).body, (t) => t.acknowledgement?.acknowledgeBy !== undefined);
}

describe('签收 and 回退 in the browser', () => {
  it('the county acknowledges one task and sends another back; the leader re-assigns it from the inbox', async () => {
    const first = await assignToCounty(BAOTA_STAFF.unitId);
    const second = await assignToCounty(BAOTA_STAFF.unitId);

    for (const viewport of ['desktop', 'phone'] as const) {
      const list = await web.pageAs(BAOTA_STAFF, viewport, '/tasks');
      await list.getByTestId('acknowledgement-tag').first().waitFor();
      expect(await list.getByText('待签收').count()).toBeGreaterThan(0);
      await expectNoHorizontalScroll(list);
      await expectAccessible(list);
      await shoot(list, 'tasks-acknowledgement');
    }

    // 签收 on the desktop.
    const page = await web.pageAs(BAOTA_STAFF, 'desktop', `/tasks/${encodeURIComponent(first.id)}`);
    const card = page.getByTestId('acknowledgement');
    await card.getByText('待签收').waitFor();
    await expectAccessible(page);
    await shoot(page, 'task-acknowledge');
    await card.getByRole('button', { name: /^签\s?收$/ }).click();
    await card.getByText(/宝塔区专干 于 .* 签收/).waitFor();
    expect((await web.stack.api.get(`/api/tasks/${first.id}`)).body.acknowledgement).toMatchObject({ state: 'acknowledged', acknowledgedBy: BAOTA_STAFF.name });

    // 回退 on the phone: the reason is required.
    const phone = await web.pageAs(BAOTA_STAFF, 'phone', `/tasks/${encodeURIComponent(second.id)}`);
    const phoneCard = phone.getByTestId('acknowledgement');
    await phoneCard.getByRole('button', { name: /^回\s?退$/ }).click();
    const form = phone.getByRole('form', { name: '回退' });
    await form.getByRole('button', { name: /^回\s?退$/ }).click();
    await form.getByText('请填写').waitFor();
    await form.getByLabel('回退理由').fill('关爱基金由市局统一设立，不属本区');
    await expectNoHorizontalScroll(phone);
    await shoot(phone, 'task-decline-form');
    await form.getByRole('button', { name: /^回\s?退$/ }).click();
    await phoneCard.getByText('已回退至交办领导，等待重新交办或撤销。').waitFor();
    await shoot(phone, 'task-declined');

    // The leader: the 回退 in the inbox, its link to the task, 重新交办 to 延长县.
    for (const viewport of ['desktop', 'phone'] as const) {
      const inbox = await web.pageAs(LEADER, viewport, '/inbox');
      const item = inbox.locator('[data-notification]').filter({ hasText: '关爱基金由市局统一设立' }).first();
      await item.waitFor();
      await expectNoHorizontalScroll(inbox);
      await expectAccessible(inbox);
      await shoot(inbox, 'inbox-declined');
      if (viewport === 'phone') continue;
      await item.getByRole('link', { name: '查看任务' }).click();
      await inbox.getByTestId('acknowledgement').getByText('已回退').first().waitFor();
      await expectAccessible(inbox);
      await shoot(inbox, 'task-declined-leader');
      await inbox.getByRole('button', { name: '重新交办' }).click();
      const reassign = inbox.getByRole('form', { name: '重新交办' });
      await reassign.getByLabel('改派给').click();
      await inbox.locator('.ant-select-item-option', { hasText: '延长县' }).click();
      await reassign.getByLabel('说明（选填）').fill('改由延长县办理');
      await reassign.getByRole('button', { name: '重新交办' }).click();
      await inbox.getByRole('link', { name: '已改派，查看新任务' }).waitFor();
      await shoot(inbox, 'task-reassigned');
    }
    const after = (await web.stack.api.get(`/api/tasks/${second.id}`)).body;
    expect(after.acknowledgement).toMatchObject({ state: 'reassigned', decidedBy: LEADER.name, reassignedTo: { unitId: YANCHANG } });
    expect((await web.stack.api.get(`/api/tasks/${after.acknowledgement.reassignedTo.taskId}`)).body).toMatchObject({ unitId: YANCHANG, acknowledgement: { state: 'pending' } });
  });

  it('the leader cancels a declined task on the phone, and 驾驶舱 shows 签收率', async () => {
    const task = await assignToCounty(BAOTA_STAFF.unitId);
    expect((await web.stack.api.as(BAOTA_STAFF).post(`/api/tasks/${task.id}/decline`, { reason: '重复交办' })).status).toBe(200);
    const phone = await web.pageAs(LEADER, 'phone', `/tasks/${encodeURIComponent(task.id)}`);
    await phone.getByRole('button', { name: '撤销任务' }).click();
    const form = phone.getByRole('form', { name: '撤销任务' });
    await form.getByLabel('撤销说明（选填）').fill('与上一项重复');
    await form.getByRole('button', { name: '撤销任务' }).click();
    await phone.getByTestId('acknowledgement').getByText(/已撤销/).waitFor();
    await expectNoHorizontalScroll(phone);
    await shoot(phone, 'task-cancelled');
    expect((await web.stack.api.get(`/api/tasks/${task.id}`)).body.acknowledgement.state).toBe('cancelled');

    for (const viewport of ['desktop', 'phone'] as const) {
      const dashboard = await web.pageAs(LEADER, viewport, '/dashboard');
      await dashboard.getByText('签收率').waitFor();
      await dashboard.getByText('平均签收用时').waitFor();
      await expectNoHorizontalScroll(dashboard);
      await shoot(dashboard, 'dashboard-acknowledgement');
    }
  });
});
