import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../domain/ids';
import { recordHistory } from '../support/histories';
import type { Api } from '../support/http';
import { SPLIT_ORG } from '../support/split-org';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const CARE_FUND = 'care-fund-establishment';
const STEPS = ['brief-donors', 'secure-support', 'establish-fund', 'report-to-city'];

/** A Shanghai day `days` from today, as the API takes it. */
const dayFromNow = (days: number) => DateTime.now().setZone('Asia/Shanghai').plus({ days }).toISODate() as string;

describe('分解: splitting a task down the tree, over HTTP on a real worker and API', () => {
  let stack: Stack;
  let api: Api;
  const staff = (unitId: string) => api.as({ role: 'staff', unitId, name: `${unitId}专干` });

  beforeAll(async () => {
    stack = await startStack(SPLIT_ORG);
    ({ api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A care-fund assignment over the city, due in 60 days: one task per county. */
  async function assign(): Promise<string> {
    const created = await api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId: 'c1', dueAt: `${dayFromNow(60)}T23:59:59.999+08:00` });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => (await api.get(`/api/tasks?assignmentId=${id}`)).body.tasks, (tasks: Array<{ history?: unknown }>) => tasks.length === 2);
    return id;
  }

  const task = async (id: string) => (await api.get(`/api/tasks/${id}`)).body;
  const complete = (unitId: string, taskId: string, stepId: string) => staff(unitId).post(`/api/tasks/${taskId}/steps/${stepId}/complete`, { note: '已完成' });
  async function completeAll(unitId: string, taskId: string, stepIds: string[]) {
    for (const stepId of stepIds) expect((await complete(unitId, taskId, stepId)).status).toBe(200);
  }
  const rollupOf = async (a: string) => (await api.get(`/api/assignments/${a}/rollup?depth=4`)).body.tree;
  const pick = (counts: Record<string, unknown>) => ({ total: counts.total, done: counts.done, open: counts.open, overdue: counts.overdue });

  it('hands a county task down to towns and a town task down to villages, each counted once in every report', async () => {
    const a = await assign();
    const due = dayFromNow(30);

    // 县 → 乡镇: two of its three towns, the first two steps.
    const split = await staff('k1').post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1', 't2'], dueAt: due, stepIds: ['secure-support', 'brief-donors'] });
    expect(split.status).toBe(201);
    expect(split.body.subTasks.map((s: { id: string }) => s.id)).toEqual([`${a}.t1`, `${a}.t2`]);
    expect(split.body.subTasks[0]).toMatchObject({ parentTaskId: `${a}.k1`, parentUnitId: 'k1', unitId: 't1', dueAt: `${due}T23:59:59.999+08:00`, stepsTotal: 2, status: 'open' });
    expect(split.body.history.splits).toEqual([
      { at: expect.stringMatching(/\+08:00$/), by: 'k1专干', unitIds: ['t1', 't2'], dueAt: `${due}T23:59:59.999+08:00`, stepIds: ['brief-donors', 'secure-support'] },
    ]);
    const t1 = await task(`${a}.t1`);
    expect(t1.steps.map((s: { id: string }) => s.id)).toEqual(['brief-donors', 'secure-support']);

    // 乡镇 → 村: the town's holder splits its sub-task again, to two of its villages.
    expect((await staff('t1').post(`/api/tasks/${a}.t1/split`, { unitIds: ['v1', 'v2'] })).status).toBe(201);
    const v1 = await task(`${a}.v1`);
    expect(v1).toMatchObject({ parentTaskId: `${a}.t1`, dueAt: `${due}T23:59:59.999+08:00`, stepsTotal: 2 });

    await completeAll('v1', `${a}.v1`, ['brief-donors', 'secure-support']);
    expect((await complete('t2', `${a}.t2`, 'brief-donors')).status).toBe(200);

    // Counted: k2's own task, t2's, v1's and v2's — k1 as its towns, t1 as its villages.
    const tree = await rollupOf(a);
    expect(pick(tree.counts)).toEqual({ total: 4, done: 1, open: 3, overdue: 0 });
    const [k1, k2] = tree.children;
    expect(pick(k1.counts)).toEqual({ total: 3, done: 1, open: 2, overdue: 0 });
    expect(pick(k2.counts)).toEqual({ total: 1, done: 0, open: 1, overdue: 0 });
    expect(k1.children.map((n: { unitId: string }) => n.unitId)).toEqual(['t1', 't2']);
    expect(pick(k1.children[0].counts)).toEqual({ total: 2, done: 1, open: 1, overdue: 0 });
    expect(k1.children[0].children.map((n: { unitId: string; counts: { total: number } }) => [n.unitId, n.counts.total])).toEqual([['v1', 1], ['v2', 1]]);
    expect(k1.counts.stepsTotal).toBe(6);
    expect(k1.counts.stepsDone).toBe(3);

    const progress = (await api.get(`/api/assignments/${a}/progress`)).body;
    expect(progress).toMatchObject({ total: 4, done: 1, open: 3, overdue: 0 });
    expect(progress.units.map((u: { id: string }) => u.id)).toEqual([`${a}.v1`, `${a}.v2`, `${a}.t2`, `${a}.k2`]);
    const listed = (await api.get(`/api/assignments?directiveId=${CARE_FUND}`)).body.assignments.find((x: { id: string }) => x.id === a);
    expect(listed.counts).toMatchObject({ total: 4, done: 1 });

    // The parent's progress is its children's, at every level.
    const k1Task = await task(`${a}.k1`);
    expect(pick(k1Task.subTaskProgress)).toEqual(pick(k1.counts));
    expect(k1Task.subTasks.map((s: { id: string; progress: { total: number } }) => [s.id, s.progress.total])).toEqual([[`${a}.t1`, 2], [`${a}.t2`, 1]]);
    expect(pick((await task(`${a}.t1`)).subTaskProgress)).toEqual({ total: 2, done: 1, open: 1, overdue: 0 });

    // The summary and the ranking read the same rule.
    const summary = (await api.get(`/api/units/k1/summary?directiveId=${CARE_FUND}`)).body;
    const mine = (await api.get(`/api/units/c1/summary?directiveId=${CARE_FUND}`)).body;
    expect(mine.ranking.find((r: { unitId: string }) => r.unitId === 'k1')).toMatchObject({ total: summary.totals.total, done: summary.totals.done });
    expect(summary.ranking.map((r: { unitId: string; total: number }) => [r.unitId, r.total])).toEqual([['t1', 2], ['t2', 1], ['t3', 0]]);

    // The county cannot finish while its towns are open …
    await completeAll('k1', `${a}.k1`, STEPS.slice(0, 3));
    const blocked = await complete('k1', `${a}.k1`, 'report-to-city');
    expect(blocked).toMatchObject({ status: 409, body: { error: { code: 'not_allowed', message: expect.stringContaining(`${a}.t1, ${a}.t2`) } } });
    // … nor the town while its villages are.
    await completeAll('t1', `${a}.t1`, ['brief-donors']);
    expect((await complete('t1', `${a}.t1`, 'secure-support')).status).toBe(409);

    // Once every sub-task is done, each level completes in turn.
    await completeAll('v2', `${a}.v2`, ['brief-donors', 'secure-support']);
    await completeAll('t1', `${a}.t1`, ['secure-support']);
    await completeAll('t2', `${a}.t2`, ['secure-support']);
    const done = await complete('k1', `${a}.k1`, 'report-to-city');
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(pick((await rollupOf(a)).counts)).toEqual({ total: 4, done: 3, open: 1, overdue: 0 });

    // Replay fixtures of a split task and of a sub-task split in turn (test/workflows/replay.test.ts).
    const handle = (id: string) => stack.env.client.workflow.getHandle(taskWorkflowId(id));
    await recordHistory('unit-task-split', handle(`${a}.k1`));
    await recordHistory('unit-task-subtask', handle(`${a}.t1`));
  });

  it('lets the holder close an open sub-task with a reason, which unblocks the parent and counts it as itself again', async () => {
    const a = await assign();
    expect((await staff('k2').post(`/api/tasks/${a}.k2/split`, { unitIds: ['t4'] })).status).toBe(201);
    await completeAll('k2', `${a}.k2`, STEPS.slice(0, 3));
    expect((await complete('k2', `${a}.k2`, 'report-to-city')).status).toBe(409);
    expect((await api.get(`/api/assignments/${a}/progress`)).body.units.map((u: { id: string }) => u.id)).toEqual([`${a}.k1`, `${a}.t4`]);

    // Only the parent's holder closes it, and with a reason.
    expect((await staff('t4').post(`/api/tasks/${a}.t4/close`, { reason: '本镇无此项工作' })).status).toBe(403);
    expect((await staff('k2').post(`/api/tasks/${a}.t4/close`, {})).body.error.field).toBe('reason');
    expect((await staff('k2').post(`/api/tasks/${a}.k2/close`, { reason: '不是子任务' })).status).toBe(409);
    const closed = await staff('k2').post(`/api/tasks/${a}.t4/close`, { reason: '本镇无此项工作' });
    expect(closed.status).toBe(200);
    expect(closed.body.closedByHolder).toEqual({ at: expect.stringMatching(/\+08:00$/), by: 'k2专干', reason: '本镇无此项工作' });
    // Again: the same answer, nothing more recorded.
    expect((await staff('k2').post(`/api/tasks/${a}.t4/close`, { reason: '本镇无此项工作' })).status).toBe(200);
    const trail = (await api.get(`/api/tasks/${a}.t4/history`)).body.entries;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['task.closeSubTask']);
    expect(trail[0]).toMatchObject({ actor: { name: 'k2专干', unitId: 'k2' }, after: { closedByHolder: { reason: '本镇无此项工作' } } });

    // The county counts as itself again, and may finish.
    expect((await api.get(`/api/assignments/${a}/progress`)).body.units.map((u: { id: string }) => u.id)).toEqual([`${a}.k1`, `${a}.k2`]);
    const k2 = await task(`${a}.k2`);
    expect(k2.subTasks).toMatchObject([{ id: `${a}.t4`, closedByHolder: { reason: '本镇无此项工作' }, progress: null }]);
    expect(k2.subTaskProgress).toBeUndefined();
    expect((await complete('k2', `${a}.k2`, 'report-to-city')).body.status).toBe('done');

    // A done sub-task is not closed; a done parent is not split.
    expect((await staff('k1').post(`/api/tasks/${a}.k1/split`, { unitIds: ['t3'], stepIds: ['brief-donors'] })).status).toBe(201);
    await completeAll('t3', `${a}.t3`, ['brief-donors']);
    expect((await staff('k1').post(`/api/tasks/${a}.t3/close`, { reason: '已完成' })).status).toBe(409);
    expect((await staff('k2').post(`/api/tasks/${a}.k2/split`, { unitIds: ['t4'] })).status).toBe(409);
  });

  it('lets a parent finish once a sub-task sent back (回退) is cancelled (撤销): a withdrawn sub-task stands closed', async () => {
    const a = await assign();
    expect((await staff('k2').post(`/api/tasks/${a}.k2/split`, { unitIds: ['t4'], stepIds: ['brief-donors'] })).status).toBe(201);
    expect((await staff('t4').post(`/api/tasks/${a}.t4/decline`, { reason: '本镇无此项工作' })).status).toBe(200);
    await completeAll('k2', `${a}.k2`, STEPS.slice(0, 3));
    // Still open work below: the parent waits.
    const waiting = await complete('k2', `${a}.k2`, 'report-to-city');
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.message).toMatch(/sub-tasks are open/);
    const cancelled = await api.as({ role: 'leader', unitId: 'c1' }).post(`/api/tasks/${a}.t4/cancel`, { note: '不再下派' });
    expect(cancelled.status).toBe(200);
    // The withdrawn sub-task told its parent it stands closed, so the parent may finish and counts as itself again.
    await eventually(async () => (await complete('k2', `${a}.k2`, 'report-to-city')).status, (status) => status === 200);
    await eventually(async () => (await task(`${a}.k2`)).status, (status) => status === 'done');
    expect((await api.get(`/api/assignments/${a}/progress`)).body.units.map((u: { id: string }) => u.id)).toEqual([`${a}.k1`, `${a}.k2`]);
  });

  it('refuses bad terms field by field (400), other people (403), and a second split of a unit on other terms (409)', async () => {
    const a = await assign();
    const k1 = staff('k1');
    const refused = async (body: unknown) => (await k1.post(`/api/tasks/${a}.k1/split`, body)).body.error;
    expect(await refused({ unitIds: ['v1'] })).toMatchObject({ code: 'invalid_request', field: 'unitIds' });
    expect(await refused({ unitIds: ['t4'] })).toMatchObject({ field: 'unitIds', message: expect.stringContaining('t4') });
    expect(await refused({ unitIds: ['nope'] })).toMatchObject({ field: 'unitIds' });
    expect(await refused({ unitIds: [] })).toMatchObject({ field: 'unitIds' });
    expect(await refused({ unitIds: ['t1', 't1'] })).toMatchObject({ field: 'unitIds' });
    expect(await refused({ unitIds: ['t1'], dueAt: dayFromNow(61) })).toMatchObject({ field: 'dueAt' });
    expect(await refused({ unitIds: ['t1'], dueAt: 'soon' })).toMatchObject({ field: 'dueAt' });
    expect(await refused({ unitIds: ['t1'], stepIds: ['no-such-step'] })).toMatchObject({ field: 'stepIds' });
    expect(await refused({ unitIds: ['t1'], extra: 1 })).toMatchObject({ code: 'invalid_request' });
    expect((await task(`${a}.k1`)).history.splits).toBeUndefined();

    // Who: the role table's splitTask, at the task's own unit only, and never at village level.
    expect((await api.as({ role: 'admin', unitId: 'c1' }).post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1'] })).body.error).toMatchObject({ code: 'forbidden' });
    expect((await staff('k2').post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1'] })).body.error).toMatchObject({ code: 'out_of_scope' });
    expect((await api.post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1'] })).status).toBe(403);
    const leader = api.as({ role: 'leader', unitId: 'k1', name: '县领导' });
    expect((await leader.post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1'], dueAt: dayFromNow(20) })).status).toBe(201);
    expect((await staff('t1').post(`/api/tasks/${a}.t1/split`, { unitIds: ['v1'] })).status).toBe(201);
    const village = await staff('v1').post(`/api/tasks/${a}.v1/split`, { unitIds: ['v1'] });
    expect(village).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringContaining('村社区') } } });

    // The same split again is a retry; the same unit on other terms, or with another, is refused.
    const again = await k1.post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1'], dueAt: dayFromNow(20) });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.history.splits).toHaveLength(1);
    expect((await k1.post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1'], dueAt: dayFromNow(21) })).body.error).toMatchObject({ code: 'not_allowed' });
    expect((await k1.post(`/api/tasks/${a}.k1/split`, { unitIds: ['t1', 't2'], dueAt: dayFromNow(20) })).status).toBe(409);
    // Later, further children: a split of its own.
    const further = await k1.post(`/api/tasks/${a}.k1/split`, { unitIds: ['t2'] });
    expect(further.status).toBe(201);
    expect(further.body.history.splits.map((r: { unitIds: string[] }) => r.unitIds)).toEqual([['t1'], ['t2']]);
    // Starting sub-tasks never touches the fan-out's figures.
    expect((await api.get(`/api/assignments/${a}`)).body.fanOut).toMatchObject({ taskCount: 2, started: 2 });
  });

  it('lets the issuing county, not the town, accept a town sub-task (separation of duties)', async () => {
    const a = await assign();
    expect((await staff('k1').post(`/api/tasks/${a}.k1/split`, { unitIds: ['t2'], stepIds: ['brief-donors'] })).status).toBe(201);
    await completeAll('t2', `${a}.t2`, ['brief-donors']);
    expect((await api.as({ role: 'supervisor', unitId: 't2' }).post(`/api/tasks/${a}.t2/accept`, {})).status).toBe(403);
    expect((await api.as({ role: 'supervisor', unitId: 'k1' }).post(`/api/tasks/${a}.t2/accept`, { note: '同意' })).status).toBe(200);
  });

  it('refuses to accept a parent whose sub-task was returned after the parent was done', async () => {
    const a = await assign();
    expect((await staff('k1').post(`/api/tasks/${a}.k1/split`, { unitIds: ['t3'], stepIds: ['brief-donors'] })).status).toBe(201);
    await completeAll('t3', `${a}.t3`, ['brief-donors']);
    await completeAll('k1', `${a}.k1`, STEPS);
    expect((await task(`${a}.k1`)).status).toBe('done');
    // The county returns its town's work: the sub-task is open again, and tells its parent before the answer.
    expect((await api.as({ role: 'supervisor', unitId: 'k1' }).post(`/api/tasks/${a}.t3/return`, { reason: '材料不全' })).status).toBe(200);
    const refused = await api.as({ role: 'supervisor', unitId: 'c1' }).post(`/api/tasks/${a}.k1/accept`, {});
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'not_allowed', message: expect.stringContaining(`${a}.t3`) } } });
    await completeAll('t3', `${a}.t3`, ['brief-donors']);
    expect((await api.as({ role: 'supervisor', unitId: 'c1' }).post(`/api/tasks/${a}.k1/accept`, {})).status).toBe(200);
  });
});
