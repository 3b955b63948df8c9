import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrg } from '../../domain/demo-org';
import type { ReadModel } from '../../readmodel';
import { uploadedEvidence } from '../support/evidence-files';
import { serve, type Api } from '../support/http';
import { testAppSettings } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

const CARE_FUND = 'care-fund-establishment';
const CITY = '610600';
const BAOTA = '610602';

describe('API against the dev server and a real worker', () => {
  let stack: Stack;
  let env: TestWorkflowEnvironment;
  let readModel: ReadModel;
  let api: Api;

  beforeAll(async () => {
    stack = await startStack(generateDemoOrg());
    ({ env, readModel, api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const assign = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    api.post('/api/assignments', { directiveId: CARE_FUND, ...body }, headers);
  /** Steps are completed by the staff (经办人) of the task's own unit. */
  const staffOf = (unitId: string) => api.as({ role: 'staff', unitId });

  async function completeAll(taskId: string) {
    const task = (await api.get(`/api/tasks/${taskId}`)).body;
    let last;
    for (const step of task.steps) {
      const evidence = [await uploadedEvidence(api, task.unitId)];
      last = await staffOf(task.unitId).post(`/api/tasks/${taskId}/steps/${step.id}/complete`, { note: '已完成', evidence });
      expect(last.status).toBe(200);
    }
    return last!.body;
  }

  it('answers health when Temporal and the database answer', async () => {
    const res = await api.get('/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', temporal: true, database: true } });
  });

  it('lists the catalog with the directive, its source and its steps', async () => {
    const res = await api.get('/api/catalog');
    const directive = res.body.directives.find((d: { id: string }) => d.id === CARE_FUND);
    expect(directive.title.zh).toBe('县区关爱基金年底前成立');
    expect(directive.sources[0]).toMatchObject({ seed: '000_d5463c520f329791.txt', quote: expect.stringContaining('关爱基金') });
    expect(directive.kinds).toEqual(['one-off']);
    expect(directive.steps.map((s: { id: string }) => s.id)).toContain('establish-fund');
    expect(res.body.count).toBe(68);
  });

  it('filters the catalog by kind and level, gives one directive, and names a bad filter', async () => {
    const events = await api.get('/api/catalog?kind=event&level=village');
    expect(events.status).toBe(200);
    expect(events.body.count).toBeGreaterThan(0);
    for (const d of events.body.directives) {
      expect(d.kinds).toContain('event');
      expect(d.levels).toContain('village');
    }
    const one = await api.get('/api/catalog/honor-plaque-delivery');
    expect(one.body).toMatchObject({ code: 'C4', triggers: [{ type: 'veteran-verified', deadline: { days: 30 } }] });
    expect((await api.get('/api/catalog/no-such-directive')).status).toBe(404);
    // By the code people cite as well as by id.
    for (const code of ['C4', 'c4']) expect((await api.get(`/api/catalog/${code}`)).body).toMatchObject({ id: 'honor-plaque-delivery', code: 'C4' });
    const bad = await api.get('/api/catalog?kind=weekly');
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'kind' } } });
  });

  it('walks the org tree from the root', async () => {
    // GET /api/org starts at the reader's own unit: for the city's leader, the root.
    const root = await api.get('/api/org');
    expect(root.body).toMatchObject({ id: CITY, name: '延安市', level: 'city' });
    expect(root.body.children).toHaveLength(13);
    const county = await api.get(`/api/org/units/${BAOTA}`);
    expect(county.body).toMatchObject({ name: '宝塔区', level: 'county' });
    expect(county.body.children.every((c: { level: string; demo: boolean }) => c.level === 'town' && c.demo)).toBe(true);
    expect((await api.get('/api/org/units/999999')).status).toBe(404);
  });

  it('assigns to the city, creates a task per county, and progress reflects completions within 2 s', async () => {
    const created = await assign({ scopeUnitId: CITY, note: '按省要求年底前成立' });
    expect(created.status).toBe(201);
    expect(created.body.taskCount).toBe(13);
    const assignmentId = created.body.id;

    const tasks = (await api.get(`/api/tasks?assignmentId=${assignmentId}`)).body.tasks;
    expect(tasks).toHaveLength(13);
    expect(tasks[0].dueAt).toMatch(/-12-31T23:59:59\.999\+08:00$/);

    const target = tasks.find((t: { unitId: string }) => t.unitId === BAOTA);
    const done = await completeAll(target.id);
    expect(done).toMatchObject({ status: 'done', late: false, stepsDone: 4, stepsTotal: 4 });

    // The counts below are what the report showed when it did, or when eventually() gave up.
    const progress = await eventually(
      async () => (await api.get(`/api/assignments/${assignmentId}/progress`)).body,
      (p) => p.done === 1,
    );
    expect(progress).toMatchObject({ total: 13, done: 1, doneLate: 0, open: 12, overdue: 0, percentDone: 7.7 });
    expect(progress.units.find((u: { unitId: string }) => u.unitId === BAOTA).status).toBe('done');
  });

  it('completing a step twice gives the same answer and has no second effect', async () => {
    const { body } = await assign({ scopeUnitId: BAOTA });
    const [task] = (await api.get(`/api/tasks?assignmentId=${body.id}`)).body.tasks;
    const path = `/api/tasks/${task.id}/steps/brief-donors/complete`;
    const staff = staffOf(task.unitId);
    const [a, b] = [await uploadedEvidence(api, task.unitId, 1), await uploadedEvidence(api, task.unitId, 2)];
    const first = await staff.post(path, { note: '第一次', evidence: [a] });
    const second = await staff.post(path, { note: '第二次', evidence: [b] });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.body.stepsDone).toBe(1);
    expect(second.body.steps[0]).toMatchObject({ done: true, note: '第一次', evidence: [{ sha256: a, url: `/api/evidence/${a}` }] });
  });

  it('marks a task overdue when its deadline passes, lists it, and records a later completion as late', async () => {
    // Far enough ahead that a busy machine has the task created and read before it is due.
    const dueAt = new Date(Date.now() + 8000).toISOString();
    const created = await assign({ scopeUnitId: BAOTA, dueAt });
    expect(created.body.taskCount).toBe(1);
    const [task] = (await api.get(`/api/tasks?assignmentId=${created.body.id}`)).body.tasks;
    expect(task.status).toBe('open');

    const overdue = await eventually(
      async () => (await api.get(`/api/overdue?scopeUnitId=${CITY}`)).body.tasks,
      (list: Array<{ id: string }>) => list.some((t) => t.id === task.id),
    );
    const listed = overdue.find((t: { id: string }) => t.id === task.id) as Record<string, string>;
    expect(listed).toMatchObject({ status: 'overdue', unitName: '宝塔区', daysOverdue: 0 });
    expect(Date.parse(String(listed.overdueAt))).toBeGreaterThanOrEqual(Date.parse(dueAt));
    // Outside the subtree it does not appear.
    expect((await api.get('/api/overdue?scopeUnitId=610603')).body.tasks.some((t: { id: string }) => t.id === task.id)).toBe(false);

    const done = await completeAll(task.id);
    expect(done).toMatchObject({ status: 'done', late: true });
    const progress = (await api.get(`/api/assignments/${created.body.id}/progress`)).body;
    expect(progress).toMatchObject({ total: 1, done: 1, doneLate: 1, overdue: 0 });
    expect((await api.get(`/api/tasks?assignmentId=${created.body.id}&state=doneLate`)).body.tasks).toHaveLength(1);
  });

  it('creates an assignment once per Idempotency-Key and refuses the key for a different request', async () => {
    const key = uniqueId('key-');
    const first = await assign({ scopeUnitId: BAOTA }, { 'Idempotency-Key': key });
    const again = await assign({ scopeUnitId: BAOTA }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await api.get(`/api/tasks?assignmentId=${first.body.id}`)).body.tasks).toHaveLength(1);
    const conflict = await assign({ scopeUnitId: '610603' }, { 'Idempotency-Key': key });
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
  });

  it('pages an assignment\'s units in unit order while its totals count every unit', async () => {
    const created = await assign({ scopeUnitId: CITY });
    const id = created.body.id as string;
    const all = (await api.get(`/api/assignments/${id}/progress`)).body;
    // By default one page of 100: all 13 counties, in unit-path order.
    expect(all).toMatchObject({ total: 13, limit: 100, offset: 0 });
    expect(all.units).toHaveLength(13);
    const order = all.units.map((u: { unitId: string }) => u.unitId);
    expect(order[0]).toBe(BAOTA);

    await completeAll(all.units[0].id);
    const expected = { total: 13, done: 1, open: 12, overdue: 0, percentDone: 7.7 };
    await eventually(async () => (await api.get(`/api/assignments/${id}/progress?limit=1`)).body, (p) => p.done === 1, 2000);
    // Pages of 5 cover the units once each, in the same order; every page carries the totals of all 13, including
    // the done task that is on the first page only.
    const pages = [];
    for (const offset of [0, 5, 10, 15]) {
      const page = (await api.get(`/api/assignments/${id}/progress?limit=5&offset=${offset}`)).body;
      expect(page).toMatchObject({ ...expected, limit: 5, offset });
      pages.push(...page.units);
    }
    expect(pages.map((u: { unitId: string }) => u.unitId)).toEqual(order);
    expect(pages[0].status).toBe('done');

    for (const [query, field] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=x', 'limit'], ['offset=-1', 'offset'], ['page=2', 'page']]) {
      const bad = await api.get(`/api/assignments/${id}/progress?${query}`);
      expect(bad, query).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field } } });
    }
  });

  it('answers an assignment and its fan-out from the read model, without asking the engine', async () => {
    const created = await assign({ scopeUnitId: BAOTA });
    const id = created.body.id as string;
    const fanOut = await eventually(async () => (await api.get(`/api/assignments/${id}`)).body.fanOut, (f) => f.complete, 5000);
    expect(fanOut).toEqual({ taskCount: 1, started: 1, complete: true });
    // The same app on a client whose every workflow call fails (a namespace that does not exist) answers alike.
    const blind = createApp({ client: new Client({ connection: env.connection, namespace: uniqueId('no-such-namespace') }), readModel, taskQueue: 'unused', ...testAppSettings() });
    const other = await serve(blind, { role: 'leader', unitId: CITY, name: '市领导' });
    try {
      const res = await other.get(`/api/assignments/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, directiveId: CARE_FUND, scopeUnitId: BAOTA, taskCount: 1, fanOut: { taskCount: 1, started: 1, complete: true } });
      expect((await other.get('/api/assignments/anope')).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  describe('rejects bad input with the failing field, never a 5xx', () => {
    const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string?]> = [
      ['missing directiveId', () => api.post('/api/assignments', { scopeUnitId: CITY }), 400, 'directiveId'],
      ['unknown directive', () => assign({ directiveId: 'no-such', scopeUnitId: CITY }), 400, 'directiveId'],
      ['unknown scope unit', () => assign({ scopeUnitId: '123456' }), 400, 'scopeUnitId'],
      ['scope below the target level', () => assign({ scopeUnitId: '610602001' }), 400, 'scopeUnitId'],
      ['malformed scope id', () => assign({ scopeUnitId: '../etc' }), 400, 'scopeUnitId'],
      ['dueAt not a date', () => assign({ scopeUnitId: CITY, dueAt: 'next week' }), 400, 'dueAt'],
      ['dueAt in the past', () => assign({ scopeUnitId: CITY, dueAt: '2020-01-01T00:00:00+08:00' }), 400, 'dueAt'],
      ['dueAt of the wrong type', () => assign({ scopeUnitId: CITY, dueAt: 20261231 }), 400, 'dueAt'],
      ['note too long', () => assign({ scopeUnitId: CITY, note: 'x'.repeat(2001) }), 400, 'note'],
      ['unknown field', () => assign({ scopeUnitId: CITY, deadline: 'x' }), 400, 'deadline'],
      ['body not an object', () => api.post('/api/assignments', [1, 2]), 400, 'body'],
      ['malformed JSON', () => api.post('/api/assignments', '{"directiveId":'), 400, 'body'],
      ['bad Idempotency-Key', () => assign({ scopeUnitId: CITY }, { 'Idempotency-Key': 'sp ace' }), 400, 'Idempotency-Key'],
      ['huge body', () => assign({ scopeUnitId: CITY, note: 'x'.repeat(200_000) }), 413],
      ['unknown assignment', () => api.get('/api/assignments/anope/progress'), 404],
      ['unknown task', () => api.get('/api/tasks/anope.610602'), 404],
      ['unknown task on completion', () => staffOf(BAOTA).post('/api/tasks/anope.610602/steps/brief-donors/complete', {}), 404],
      ['bad state filter', () => api.get('/api/tasks?state=late'), 400, 'state'],
      ['bad limit', () => api.get('/api/tasks?limit=0'), 400, 'limit'],
      ['unknown overdue scope', () => api.get('/api/overdue?scopeUnitId=999999'), 404],
      ['unknown route', () => api.get('/api/nothing'), 404],
    ];
    it.each(cases)('%s', async (_name, request, status, field) => {
      const res = await request();
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBeTypeOf('string');
      expect(JSON.stringify(res.body)).not.toMatch(/at .+\.(ts|js):\d+/);
      if (field) expect(res.body.error.field).toBe(field);
    });

    it('evidence that is not a list of strings, and unknown steps', async () => {
      const { body } = await assign({ scopeUnitId: BAOTA });
      const [task] = (await api.get(`/api/tasks?assignmentId=${body.id}`)).body.tasks;
      const staff = staffOf(task.unitId);
      const bad = await staff.post(`/api/tasks/${task.id}/steps/brief-donors/complete`, { evidence: 'photo.jpg' });
      expect(bad).toMatchObject({ status: 400, body: { error: { field: 'evidence' } } });
      const unknown = await staff.post(`/api/tasks/${task.id}/steps/no-such-step/complete`, {});
      expect(unknown.status).toBe(404);
      expect((await api.get(`/api/tasks/${task.id}`)).body.stepsDone).toBe(0);
    });
  });
});
