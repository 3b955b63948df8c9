import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../domain/org';
import type { Api } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const CITY = '610600';
const COUNTIES = ['610602', '610603', '610625'];
const TOWN = '610602001';
const VILLAGES = Array.from({ length: 12 }, (_, i) => `${TOWN}${String(i + 1).padStart(3, '0')}`);
const CARE_FUND = 'care-fund-establishment';
const ROUNDS = 'monthly-village-rounds';

/** 延安市 with three of its counties; one town of 宝塔区 with twelve villages for a round. */
const ORG: OrgUnit[] = [
  { id: CITY, parentId: null, name: '延安市', level: 'city' },
  { id: '610602', parentId: CITY, name: '宝塔区', level: 'county' },
  { id: '610603', parentId: CITY, name: '安塞区', level: 'county' },
  { id: '610625', parentId: CITY, name: '志丹县', level: 'county' },
  { id: TOWN, parentId: '610602', name: '宝塔区南市街道', level: 'town', kind: '街道' },
  ...VILLAGES.map((id, i): OrgUnit => ({ id, parentId: TOWN, name: `第${i + 1}社区居民委员会`, level: 'village', kind: '社区' })),
];

type Counts = { total: number; done: number; open: number; overdue: number };
const counts = ({ total, done, open, overdue }: Counts) => ({ total, done, open, overdue });

describe('task states that agree everywhere, and the audit trail under concurrency (issue 12)', () => {
  let stack: Stack;
  let api: Api;
  let supervisor: Api;
  const staffOf = (unitId: string, name = '经办人') => api.as({ role: 'staff', unitId, name });

  beforeAll(async () => {
    stack = await startStack(ORG);
    ({ api } = stack);
    supervisor = api.as({ role: 'supervisor', unitId: CITY, name: '李督办' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows work done late and returned past its deadline as overdue in every view: task, lists, progress, rollup, summary', async () => {
    const created = await api.post('/api/assignments', {
      directiveId: CARE_FUND,
      scopeUnitId: CITY,
      dueAt: new Date(Date.now() + 6000).toISOString(), // due the same day, ahead enough that a busy API takes it as future
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const taskId = `${id}.610625`;
    await eventually(async () => (await api.get(`/api/tasks/${taskId}`)).body, (t) => t.status === 'overdue' && t.history !== undefined);

    const task = (await api.get(`/api/tasks/${taskId}`)).body;
    for (const step of task.steps as Array<{ id: string }>) {
      const res = await staffOf('610625', '志丹县专干').post(`/api/tasks/${taskId}/steps/${step.id}/complete`, { note: '已完成' });
      expect(res.status).toBe(200);
    }
    const done = (await api.get(`/api/tasks/${taskId}`)).body;
    expect(done).toMatchObject({ status: 'done', late: true, acceptance: 'awaiting' });
    // Completed, not yet accepted: 待验收, in a list that says how many match.
    const awaiting = (await api.get(`/api/tasks?assignmentId=${id}&state=awaitingAcceptance`)).body;
    expect(awaiting).toMatchObject({ total: 1, tasks: [{ id: taskId, acceptance: 'awaiting' }] });
    expect(awaiting.tasks[0]).toHaveProperty('reviewEndsAt');

    const returned = await supervisor.post(`/api/tasks/${taskId}/return`, { reason: '缺少成立文件' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'overdue', overdueAt: done.overdueAt, late: false, stepsDone: 0 });
    // The reopened steps carry nothing of the returned work; the trail keeps it.
    for (const step of returned.body.steps) {
      expect(step).toEqual({ id: step.id, title: step.title, done: false });
    }
    const trail = (await api.get(`/api/tasks/${taskId}/history`)).body.entries as Array<{ action: string; before: { steps: Array<{ completedBy?: string; note?: string }> } }>;
    expect(trail.at(-1)?.action).toBe('task.returnWork');
    expect(trail.at(-1)?.before.steps.every((s) => s.completedBy === '志丹县专干' && s.note === '已完成')).toBe(true);

    // Every view: all three counties overdue, none open.
    const expected = { total: 3, done: 0, open: 0, overdue: 3 };
    expect((await api.get(`/api/tasks/${taskId}`)).body.status).toBe('overdue');
    expect(counts((await api.get(`/api/assignments/${id}/progress`)).body)).toEqual(expected);
    expect(counts((await api.get(`/api/assignments/${id}/rollup`)).body.tree.counts)).toEqual(expected);
    const summary = (await api.get(`/api/units/${CITY}/summary?directiveId=${CARE_FUND}`)).body;
    expect(counts(summary.totals)).toEqual(expected);
    expect((await api.get(`/api/overdue?directiveId=${CARE_FUND}`)).body.total).toBe(3);
    expect((await api.get(`/api/tasks?assignmentId=${id}&state=overdue`)).body.total).toBe(3);
    expect((await api.get(`/api/tasks?assignmentId=${id}&state=open`)).body.total).toBe(0);
    expect((await api.get(`/api/tasks?assignmentId=${id}&state=awaitingAcceptance`)).body.total).toBe(0);

    // Redone and accepted, with the supervisor's note (验收意见).
    for (const step of task.steps as Array<{ id: string }>) {
      await staffOf('610625').post(`/api/tasks/${taskId}/steps/${step.id}/complete`, { note: '已补充' });
    }
    const accepted = await supervisor.post(`/api/tasks/${taskId}/accept`, { note: '材料齐全，予以销号' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ acceptance: 'accepted', history: { accepted: { by: '李督办', note: '材料齐全，予以销号' } } });
  });

  it('records ten completions sent at once each with its own before and after, naming its step', async () => {
    const created = await api.post('/api/assignments', { directiveId: ROUNDS, scopeUnitId: TOWN });
    expect(created.status).toBe(201);
    const taskId = `${created.body.id}.${TOWN}`;
    const task = await eventually(async () => (await api.get(`/api/tasks/${taskId}`)).body, (t) => t.history !== undefined);
    expect(task.steps).toHaveLength(12);
    const today = DateTime.now().setZone('Asia/Shanghai').toISODate() as string;
    const steps = (task.steps as Array<{ id: string }>).slice(0, 10).map((s) => s.id);
    const sent = await Promise.all(
      steps.map((stepId, i) =>
        staffOf(TOWN, `专干${i}`).post(`/api/tasks/${taskId}/steps/${stepId}/complete`, {
          visit: { date: today, visitors: `专干${i}`, findings: '服务站运转正常' },
        }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(steps.map(() => 200));

    type Shown = { stepsDone: number; steps: Array<{ id: string; done: boolean }> };
    const { entries } = (await api.get(`/api/tasks/${taskId}/history`)).body as {
      entries: Array<{ stepId?: string; actor: { name: string }; before: Shown; after: Shown }>;
    };
    expect(entries).toHaveLength(10);
    expect(new Set(entries.map((e) => e.stepId))).toEqual(new Set(steps));
    entries.forEach((entry, i) => {
      // In the workflow's order, each the change of its own request: one step more, and that step the one it names.
      expect([entry.before.stepsDone, entry.after.stepsDone]).toEqual([i, i + 1]);
      const changed = entry.after.steps.filter((s, j) => s.done !== entry.before.steps[j]?.done).map((s) => s.id);
      expect(changed).toEqual([entry.stepId]);
      expect(entry.actor.name).toBe(`专干${steps.indexOf(entry.stepId as string)}`);
    });
  });

  it('shows no light for a unit with nothing in scope', async () => {
    const summary = (await api.get(`/api/units/610603/summary?directiveId=${ROUNDS}`)).body;
    expect(summary.totals).toMatchObject({ total: 0, light: null });
  });
});
