import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recurringScheduleId } from '../../api/recurring-schedule';
import { taskWorkflowId } from '../../domain/ids';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const CARE_FUND = 'care-fund-establishment';
const ROUNDS = 'monthly-village-rounds';

/** The Shanghai calendar day `days` after an ISO instant's own day. */
const dayAfter = (iso: string, days: number) => DateTime.fromISO(iso, { setZone: true }).plus({ days }).toISODate() as string;
const endOf = (date: string) => `${date}T23:59:59.999+08:00`;

describe('urge, extension, return and accept over HTTP, on a real worker and API', () => {
  let stack: Stack;
  /** The city's leader, 市领导: assigns, and decides extensions. */
  let api: Api;
  /** The city's supervisor (督办员): urges, returns and accepts work in the city. */
  let supervisor: Api;
  /** A unit's own staff (经办人): complete its steps and ask for more time. */
  const staffOf = (unitId: string, name?: string) => api.as({ role: 'staff', unitId, ...(name ? { name } : {}) });

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ api } = stack);
    supervisor = api.as({ role: 'supervisor', unitId: 'c1', name: '市局' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A fresh assignment's only task, once its workflow has projected it (with its empty history). */
  async function newTask(directiveId: string, scopeUnitId: string) {
    const created = await api.post('/api/assignments', { directiveId, scopeUnitId });
    expect(created.status).toBe(201);
    const [task] = (await api.get(`/api/tasks?assignmentId=${created.body.id}`)).body.tasks;
    const detail = await eventually(async () => (await api.get(`/api/tasks/${task.id}`)).body, (t) => t.history !== undefined);
    expect(detail.history).toEqual({ extensions: [], urges: [], returns: [] });
    return detail;
  }

  const act = (as: Api, taskId: string, action: string, body: unknown) => as.post(`/api/tasks/${taskId}/${action}`, body);

  async function completeAll(task: { id: string; unitId: string; steps: Array<{ id: string }> }) {
    let last;
    for (const step of task.steps) {
      last = await staffOf(task.unitId).post(`/api/tasks/${task.id}/steps/${step.id}/complete`, { note: '已完成' });
      expect(last.status).toBe(200);
    }
    return last!.body;
  }

  it('records each change once in the trail of the task, with the state before and after, however often it is sent at once', async () => {
    const task = await newTask(CARE_FUND, 'k1');
    const staff = staffOf(task.unitId, '赵专干');
    for (const step of task.steps as Array<{ id: string }>) {
      const sent = await Promise.all([1, 2, 3].map(() => staff.post(`/api/tasks/${task.id}/steps/${step.id}/complete`, { note: '已完成' })));
      expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    }
    const trail = (await api.get(`/api/tasks/${task.id}/history`)).body.entries;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(task.steps.map(() => 'task.completeStep'));
    trail.forEach((entry: { before: { stepsDone: number }; after: { stepsDone: number }; actor: { name: string } }, i: number) => {
      expect(entry).toMatchObject({ before: { stepsDone: i }, after: { stepsDone: i + 1 }, actor: { name: '赵专干', role: 'staff', unitId: 'k1' } });
    });
  });

  it('records an urge on the task and in its notifications', async () => {
    const task = await newTask(CARE_FUND, 'k1');

    // Who urged is the token's person.
    const res = await act(api.as({ role: 'supervisor', unitId: 'c1', name: '王科长' }), task.id, 'urge', { note: '本周内上报' });
    expect(res.status).toBe(200);
    expect(res.body.history.urges).toEqual([{ at: expect.stringMatching(/\+08:00$/), by: '王科长', note: '本周内上报' }]);
    expect((await api.get(`/api/tasks/${task.id}`)).body.history.urges).toHaveLength(1);

    // The urge goes to the urged unit's staff: it is in their own inbox.
    const inbox = (await staffOf('k1').get(`/api/notifications?subjectId=${task.id}`)).body.notifications;
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'urge', subjectId: task.id, unitId: 'k1' }));
  });

  it('moves the deadline on an approved extension, to the date the leader grants', async () => {
    const task = await newTask(CARE_FUND, 'k1');
    const asked = dayAfter(task.dueAt, 20);
    const granted = dayAfter(task.dueAt, 10);

    const county = staffOf('k1', '甲县');
    const queue = async () => (await api.get(`/api/tasks?assignmentId=${task.assignmentId}&state=extensionPending`)).body;
    expect(await queue()).toMatchObject({ total: 0, tasks: [] });
    const requested = await act(county, task.id, 'extension', { reason: '资金筹措未完成', dueDate: asked });
    expect(requested.status).toBe(200);
    expect(requested.body.dueAt).toBe(task.dueAt);
    expect(requested.body.history.extensions).toEqual([
      { status: 'pending', requestedAt: expect.stringMatching(/\+08:00$/), requestedBy: '甲县', reason: '资金筹措未完成', requestedDueAt: endOf(asked) },
    ]);
    // The leaders' 延期审批 queue lists it while it waits, and no task of the assignment without one.
    expect(await queue()).toMatchObject({ total: 1, tasks: [{ id: task.id }] });
    expect((await api.get(`/api/tasks?assignmentId=${task.assignmentId}&state=open`)).body.total).toBe(1);
    // One request at a time.
    const second = await act(county, task.id, 'extension', { reason: '再延', dueDate: asked });
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'not_allowed', message: 'an extension request is already pending' } } });

    // Decided by the leader; the stack's leader's token names them 市领导.
    const decided = await act(api, task.id, 'extension/decision', { approve: true, dueDate: granted, note: '同意延期' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ dueAt: endOf(granted), originalDueAt: task.dueAt, status: 'open' });
    expect(decided.body.history.extensions[0]).toMatchObject({
      status: 'approved',
      decidedBy: '市领导',
      decidedAt: expect.stringMatching(/\+08:00$/),
      grantedDueAt: endOf(granted),
      requestedDueAt: endOf(asked),
      note: '同意延期',
    });

    // Decided: out of the queue.
    expect(await queue()).toMatchObject({ total: 0, tasks: [] });

    const nothingPending = await act(api, task.id, 'extension/decision', { approve: false });
    expect(nothingPending).toMatchObject({ status: 409, body: { error: { code: 'not_allowed', message: 'there is no pending extension request' } } });
  });

  it('refuses an extension to a date not after the deadline', async () => {
    const task = await newTask(CARE_FUND, 'k1');
    const res = await act(staffOf('k1'), task.id, 'extension', { reason: '来不及', dueDate: task.dueAt.slice(0, 10) });
    expect(res).toMatchObject({
      status: 409,
      body: { error: { code: 'not_allowed', message: 'the requested date must be after the current deadline' } },
    });
    expect((await api.get(`/api/tasks/${task.id}`)).body.history.extensions).toEqual([]);
  });

  it('returns completed work: the returned step is open again, and so is the task', async () => {
    const task = await newTask(CARE_FUND, 'k1');
    const notDone = await act(supervisor, task.id, 'return', { reason: '材料不全' });
    expect(notDone).toMatchObject({ status: 409, body: { error: { code: 'not_allowed', message: 'only completed work can be returned' } } });
    expect(await act(supervisor, task.id, 'accept', {})).toMatchObject({ status: 409, body: { error: { code: 'not_allowed' } } });

    expect(await completeAll(task)).toMatchObject({ status: 'done', stepsDone: task.stepsTotal });
    const unknownStep = await act(supervisor, task.id, 'return', { reason: '材料不全', stepIds: ['no-such-step'] });
    expect(unknownStep.status).toBe(404);

    const [first, second] = task.steps;
    const returned = await act(supervisor, task.id, 'return', { reason: '缺少成立文件', stepIds: [first.id] });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'open', stepsDone: task.stepsTotal - 1 });
    expect(returned.body.steps[0]).toMatchObject({ id: first.id, done: false });
    expect(returned.body.steps[1]).toMatchObject({ id: second.id, done: true });
    expect(returned.body.history.returns).toEqual([
      { at: expect.stringMatching(/\+08:00$/), by: '市局', reason: '缺少成立文件', stepIds: [first.id] },
    ]);
    expect((await api.get(`/api/tasks/${task.id}`)).body.status).toBe('open');

    const redone = await staffOf('k1').post(`/api/tasks/${task.id}/steps/${first.id}/complete`, { note: '已补充' });
    expect(redone.body.status).toBe('done');
    const accepted = await act(supervisor, task.id, 'accept', {});
    expect(accepted.status).toBe(200);
    expect(accepted.body.history.accepted).toEqual({ at: expect.stringMatching(/\+08:00$/), by: '市局' });

    // Accepted work is closed: its workflow ends, and what comes after is refused.
    await stack.env.client.workflow.getHandle(taskWorkflowId(task.id)).result();
    const late = await act(supervisor, task.id, 'return', { reason: '再看看' });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'task_closed' } } });
    expect(await act(supervisor, task.id, 'urge', {})).toMatchObject({ status: 409, body: { error: { code: 'task_closed' } } });
  });

  it('leaves 延期审批, 退回 and 验收 to the level that assigned the task or above, never to the unit that holds it', async () => {
    // The city (c1) assigns; 甲县 (k1) holds the task and asks for more time.
    const task = await newTask(CARE_FUND, 'k1');
    const countyLeader = api.as({ role: 'leader', unitId: 'k1', name: '甲县领导' });
    const countySupervisor = api.as({ role: 'supervisor', unitId: 'k1', name: '甲县督办' });
    expect((await act(staffOf('k1'), task.id, 'extension', { reason: '资金筹措未完成', dueDate: dayAfter(task.dueAt, 10) })).status).toBe(200);
    const own = await act(countyLeader, task.id, 'extension/decision', { approve: true });
    expect(own).toMatchObject({ status: 403, body: { error: { code: 'separation_of_duties' } } });
    expect(own.body.error.message).toMatch(/held by 甲县 \(k1\) itself.*测试市 \(c1\)/);
    expect((await api.get(`/api/tasks/${task.id}`)).body.history.extensions[0].status).toBe('pending');
    expect((await act(api, task.id, 'extension/decision', { approve: true, note: '同意' })).body.history.extensions[0]).toMatchObject({ status: 'approved', decidedBy: '市领导' });

    await completeAll(task);
    for (const [action, body] of [['return', { reason: '材料不全' }], ['accept', {}]] as const) {
      expect(await act(countySupervisor, task.id, action, body)).toMatchObject({ status: 403, body: { error: { code: 'separation_of_duties' } } });
    }
    expect((await act(supervisor, task.id, 'accept', {})).body.history.accepted).toMatchObject({ by: '市局' });

    // What 甲县 assigns to its own towns, 甲县 decides on; the town itself does not, nor does 甲县 on what the city
    // assigned straight to its towns.
    const countyIssued = await countyLeader.post('/api/assignments', { directiveId: 'petition-four-modes', scopeUnitId: 'k1', targetLevel: 'town' });
    const cityIssued = await api.post('/api/assignments', { directiveId: 'petition-four-modes', scopeUnitId: 'k1', targetLevel: 'town' });
    expect([countyIssued.status, cityIssued.status]).toEqual([201, 201]);
    const townSupervisor = api.as({ role: 'supervisor', unitId: 't1', name: '东镇督办' });
    for (const [assignment, issuer] of [[countyIssued.body.id, 'k1'], [cityIssued.body.id, 'c1']] as const) {
      const [townTask] = (await api.get(`/api/tasks?assignmentId=${assignment}`)).body.tasks;
      const detail = await eventually(async () => (await api.get(`/api/tasks/${townTask.id}`)).body, (t) => t.history !== undefined);
      await completeAll(detail);
      expect(await act(townSupervisor, detail.id, 'accept', {})).toMatchObject({ status: 403, body: { error: { code: 'separation_of_duties' } } });
      const byCounty = await act(countySupervisor, detail.id, 'accept', {});
      expect(byCounty.status).toBe(issuer === 'k1' ? 200 : 403);
      if (issuer === 'c1') expect(byCounty.body.error.message).toMatch(/issued by 测试市 \(c1\)/);
    }
  });

  it('completes a round’s step only with a visit record from today or before', async () => {
    const task = await newTask(ROUNDS, 't1');
    expect(task.steps.map((s: { id: string }) => s.id)).toEqual(['v1', 'v2']);
    const complete = (body: unknown) => staffOf('t1').post(`/api/tasks/${task.id}/steps/v1/complete`, body);
    const today = DateTime.now().setZone('Asia/Shanghai').toISODate() as string;
    const tomorrow = DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).toISODate() as string;

    expect(await complete({ note: '已走访' })).toMatchObject({ status: 400, body: { error: { field: 'visit' } } });
    const future = await complete({ visit: { date: tomorrow, visitors: '李干事', findings: '无' } });
    expect(future).toMatchObject({ status: 400, body: { error: { field: 'visit.date' } } });
    const noVisitors = await complete({ visit: { date: today, visitors: '', findings: '无' } });
    expect(noVisitors).toMatchObject({ status: 400, body: { error: { field: 'visit.visitors' } } });
    expect((await api.get(`/api/tasks/${task.id}`)).body.stepsDone).toBe(0);

    const visit = { date: today, visitors: '李干事、张站长', findings: '服务站运转正常；走访退役军人3户，1户生活困难已转入台账' };
    const done = await complete({ note: '已走访', visit });
    expect(done.status).toBe(200);
    expect(done.body.steps[0]).toMatchObject({ id: 'v1', done: true, visit });
    expect((await api.get(`/api/tasks/${task.id}`)).body.steps[0].visit).toEqual(visit);
  });

  it('refuses a visit dated outside the task’s period (before it was assigned, years ago)', async () => {
    const task = await newTask(ROUNDS, 't1');
    const complete = (date: string) =>
      staffOf('t1').post(`/api/tasks/${task.id}/steps/v1/complete`, { visit: { date, visitors: '李干事', findings: '无' } });
    const yesterday = DateTime.now().setZone('Asia/Shanghai').minus({ days: 1 }).toISODate() as string;
    for (const date of ['1999-01-01', '2026-10-15', yesterday]) {
      const res = await complete(date);
      expect(res, date).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field: 'visit.date' } } });
      expect(res.body.error.message).toMatch(/period/);
    }
    expect((await api.get(`/api/tasks/${task.id}`)).body.stepsDone).toBe(0);
  });

  it('counts a recurring period’s visits from the period’s opening, though it was issued later', async () => {
    const id = `rounds-now-${Date.now()}`;
    // 'always': the month under way is issued whatever day the suite runs (true would skip it late in the month).
    const created = await api.post('/api/recurring', { id, directiveId: ROUNDS, scopeUnitId: 't1', issueCurrentPeriod: 'always' });
    expect(created.status).toBe(201);
    try {
      const month = DateTime.now().setZone('Asia/Shanghai');
      const [task] = await eventually(() => stack.readModel.tasks.tasksOfAssignment(`${id}-${month.toFormat('yyyy-MM')}`), (t) => t.length === 1);
      await eventually(async () => (await api.get(`/api/tasks/${task!.id}`)).body.history, (h) => h !== undefined);
      const firstDay = month.startOf('month').toISODate() as string;
      const lastMonth = month.startOf('month').minus({ days: 1 }).toISODate() as string;
      const complete = (date: string) =>
        staffOf('t1').post(`/api/tasks/${task!.id}/steps/v1/complete`, { visit: { date, visitors: '李干事', findings: '无' } });
      expect(await complete(lastMonth)).toMatchObject({ status: 400, body: { error: { field: 'visit.date' } } });
      const done = await complete(firstDay);
      expect(done.status).toBe(200);
      expect(done.body.steps[0].visit.date).toBe(firstDay);
    } finally {
      await stack.env.client.schedule.getHandle(recurringScheduleId(id)).delete();
    }
  });

  it('refuses a visit record on a step that asks for none', async () => {
    const task = await newTask(CARE_FUND, 'k1');
    const [step] = task.steps;
    const staff = staffOf('k1');
    const today = DateTime.now().setZone('Asia/Shanghai').toISODate() as string;
    const withVisit = await staff.post(`/api/tasks/${task.id}/steps/${step.id}/complete`, {
      visit: { date: today, visitors: '李干事', findings: '无' },
    });
    expect(withVisit).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field: 'visit' } } });
    expect((await api.get(`/api/tasks/${task.id}`)).body.steps[0].done).toBe(false);
    expect((await staff.post(`/api/tasks/${task.id}/steps/${step.id}/complete`, {})).status).toBe(200);
  });

  describe('names the field of a bad request, never a 5xx', () => {
    let taskId: string;
    beforeAll(async () => {
      taskId = (await newTask(CARE_FUND, 'k1')).id;
    });

    /** Each action sent by someone allowed to take it on a task of 甲县 (k1), so that the body is what is judged. */
    const actor = (action: string): Api =>
      action === 'extension' ? staffOf('k1') : action === 'extension/decision' ? api : supervisor;

    // Who acts is the token's person: a body naming one is refused like any unknown field.
    const cases: Array<[string, string, unknown, number, string?]> = [
      ['an urge naming its sender', 'urge', { by: '王', note: '快' }, 400, 'by'],
      ['note too long', 'urge', { note: 'x'.repeat(501) }, 400, 'note'],
      ['unknown field', 'urge', { level: 2 }, 400, 'level'],
      ['extension without reason', 'extension', { dueDate: '2099-01-01' }, 400, 'reason'],
      ['reason too long', 'extension', { reason: 'x'.repeat(501), dueDate: '2099-01-01' }, 400, 'reason'],
      ['not a date', 'extension', { reason: '延', dueDate: '2099-02-30' }, 400, 'dueDate'],
      ['a date-time, not a date', 'extension', { reason: '延', dueDate: '2099-01-01T00:00:00+08:00' }, 400, 'dueDate'],
      ['approve not a boolean', 'extension/decision', { approve: 'yes' }, 400, 'approve'],
      ['a date with a rejection', 'extension/decision', { approve: false, dueDate: '2099-01-01' }, 400, 'dueDate'],
      ['stepIds not a list', 'return', { reason: '退', stepIds: 'v1' }, 400, 'stepIds'],
      ['empty stepIds', 'return', { reason: '退', stepIds: [] }, 400, 'stepIds'],
      ['an acceptance naming its sender', 'accept', { by: '市局' }, 400, 'by'],
    ];
    it.each(cases)('%s', async (_name, action, body, status, field) => {
      const res = await act(actor(action), taskId, action, body);
      expect(res.status).toBe(status);
      expect(res.body.error.field).toBe(field);
    });

    it('an unknown task is 404, a body that is not an object 400', async () => {
      const valid: Record<string, unknown> = {
        urge: {},
        extension: { reason: '延', dueDate: '2099-01-01' },
        'extension/decision': { approve: true },
        return: { reason: '退' },
        accept: {},
      };
      for (const [action, body] of Object.entries(valid)) {
        expect(await act(actor(action), 'anope.k1', action, body)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
      }
      expect(await act(supervisor, taskId, 'urge', [1])).toMatchObject({ status: 400, body: { error: { field: 'body' } } });
    });
  });
});
