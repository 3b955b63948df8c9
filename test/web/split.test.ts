import { describe, expect, it } from 'vitest';
import { eventually } from '../support/temporal';
import { expectAccessible, expectNoHorizontalScroll, shoot, until } from './support/browser';
import { STAFF, webSuite } from './support/suite';

/**
 * 分解 on the task page: 宝塔区's staff hand the county's care-fund task down to two of its towns (desktop), close one
 * with a reason, and a town's staff see their sub-task, its parent and the 分解 form for their villages (phone).
 * Against the real stack (dev-server Temporal, a worker, the API serving the built app) and Chromium.
 */
const web = webSuite();

const COUNTY = { role: 'staff' as const, unitId: '610602', name: '宝塔区专干' };

describe('分解 in the browser', () => {
  it('splits a county task to towns, lists the sub-tasks with their lights, closes one with a reason; a town sees its part on a phone', async () => {
    const created = await web.stack.api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: '610602' });
    expect(created.status).toBe(201);
    const [listed] = (await web.stack.api.get(`/api/tasks?assignmentId=${created.body.id}`)).body.tasks;
    const task = await eventually(async () => (await web.stack.api.get(`/api/tasks/${listed.id}`)).body, (t) => t.history !== undefined);

    const page = await web.pageAs(COUNTY, 'desktop', `/tasks/${task.id}`);
    const section = page.getByTestId('split-section');
    await section.getByRole('button', { name: '分 解' }).click();
    const form = page.getByRole('form', { name: '分解任务' });
    await form.getByRole('checkbox', { name: '宝塔区中川街道' }).check();
    await form.getByRole('checkbox', { name: '宝塔区金湾街道' }).check();
    // Hand down all but the last step.
    await form.getByRole('checkbox', { name: task.steps[task.steps.length - 1].title }).uncheck();
    await expectAccessible(page);
    await shoot(page, 'split-form');
    await form.getByRole('button', { name: '确认分解' }).click();

    const rows = page.getByTestId('subtask-row');
    await until(() => rows.count()).toBe(2);
    await expect(page.getByTestId('subtask-progress').textContent()).resolves.toContain('已完成 0 / 2 项');
    const after = (await web.stack.api.get(`/api/tasks/${task.id}`)).body;
    expect(after.subTasks.map((s: { unitId: string; stepsTotal: number }) => [s.unitId, s.stepsTotal])).toEqual([
      ['610602001', task.steps.length - 1],
      ['610602002', task.steps.length - 1],
    ]);

    // 关闭 the second with a reason: it shows closed, and no longer counts in the parent's progress.
    await rows.nth(1).getByRole('button', { name: '关 闭' }).click();
    await rows.nth(1).getByLabel('关闭理由').fill('该街道已另行部署');
    await rows.nth(1).getByRole('button', { name: '确认关闭' }).click();
    await until(async () => (await rows.nth(1).textContent()) ?? '').toContain('已关闭');
    await expect(rows.nth(1).textContent()).resolves.toContain('关闭：该街道已另行部署');
    await until(async () => (await page.getByTestId('subtask-progress').textContent()) ?? '').toContain('已完成 0 / 1 项');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await shoot(page, 'split-subtasks');

    // The county on a phone: the same list, nothing sideways.
    const phone = await web.pageAs(COUNTY, 'phone', `/tasks/${task.id}`);
    await until(() => phone.getByTestId('subtask-row').count()).toBe(2);
    await expectNoHorizontalScroll(phone);
    await shoot(phone, 'split-subtasks');

    // The town's staff (张专干) on a phone: their sub-task names its parent, and they may split it to their villages.
    const town = await web.pageAs(STAFF, 'phone', `/tasks/${task.id.replace('.610602', '.610602001')}`);
    const townSection = town.getByTestId('split-section');
    await townSection.getByRole('link', { name: '查看上级任务' }).waitFor();
    await townSection.getByRole('button', { name: '分 解' }).click();
    await town.getByRole('form', { name: '分解任务' }).getByRole('checkbox', { name: '全选' }).check();
    await expectNoHorizontalScroll(town);
    await expectAccessible(town);
    await shoot(town, 'split-form');

    // The town finishes its part; the county that split it off, not the city's assignment alone, is offered 验收.
    const subTaskId = task.id.replace('.610602', '.610602001');
    for (const step of after.subTasks[0].id === subTaskId ? task.steps.slice(0, -1) : []) {
      expect((await web.stack.api.as(STAFF).post(`/api/tasks/${subTaskId}/steps/${step.id}/complete`, {})).status).toBe(200);
    }
    const countySupervisor = await web.pageAs({ role: 'supervisor', unitId: '610602', name: '宝塔区督办' }, 'desktop', `/tasks/${subTaskId}`);
    await countySupervisor.getByRole('button', { name: /验\s?收/ }).first().waitFor();
  });
});
