import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { ASSIGNMENT_WORKFLOW, assignmentStartOptions, type AssignmentInput } from '../../contracts/assignment';
import { getPetitionCase } from '../../contracts/petition-case';
import { getTask } from '../../contracts/unit-task';
import { petitionWorkflowId } from '../../domain/petition';
import { taskWorkflowId } from '../../domain/ids';
import { ROUNDS_DIRECTIVE_ID } from '../../domain/rounds';
import { resetProjection, type Db } from '../../readmodel/database';
import { rebuildProjection } from '../../readmodel/rebuild';
import type { Api } from '../support/http';
import { SPLIT_ORG } from '../support/split-org';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

const ROOT = resolve(__dirname, '../..');
const CARE_FUND = 'care-fund-establishment';
const CARE_FUND_STEPS = ['brief-donors', 'secure-support', 'establish-fund', 'report-to-city'];
/** A town-level directive: one task per town of the scope. */
const HARDSHIP_LEDGER = 'hardship-family-ledger';
const LEADING_GROUP = 'si-leading-group';
const DAY = 24 * 60 * 60 * 1000;
const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const ALL_PASS = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' };

/** A Shanghai day `days` from today, as the API takes it. */
const dayFromNow = (days: number) => DateTime.now().setZone('Asia/Shanghai').plus({ days }).toISODate() as string;

/** Every row of every table of a schema, each as its JSON text, in byte order: equal dumps are the same bytes. */
async function dump(db: Db, schema: 'record' | 'projection'): Promise<Record<string, string[]>> {
  const tables = (await db
    .prepare(`SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name`)
    .pluck()
    .all(schema)) as string[];
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    out[table] = (await db.prepare(`SELECT row_to_json(x)::text FROM ${schema}."${table}" x ORDER BY 1`).pluck().all()) as string[];
  }
  return out;
}

describe('npm run readmodel:rebuild: the projection dropped and rebuilt from Temporal, on a real worker and API', () => {
  let stack: Stack;
  /** The city's leader (市领导): issues the assignments, decides on a 回退, reads every report. */
  let api: Api;
  /** The instant the API reads at while reports are taken (unset: the clock). */
  let readAt: number | undefined;
  const staff = (unitId: string) => api.as({ role: 'staff', unitId, name: `${unitId}专干` });
  const supervisor = (unitId: string) => api.as({ role: 'supervisor', unitId, name: `${unitId}督办员` });

  beforeAll(async () => {
    stack = await startStack(SPLIT_ORG, { app: { now: () => readAt ?? Date.now() } });
    ({ api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function assign(body: Record<string, unknown>): Promise<string> {
    const created = await api.post('/api/assignments', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }
  const complete = async (unitId: string, taskId: string, stepIds: string[]) => {
    for (const stepId of stepIds) {
      const done = await staff(unitId).post(`/api/tasks/${taskId}/steps/${stepId}/complete`, { note: '已完成' });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
  };
  const ok = async (reply: Promise<{ status: number; body: unknown }>, status = 200) => {
    const r = await reply;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body as Record<string, unknown>;
  };

  /**
   * Until every workflow's state is the one projected: a sub-task's standing reaches its parent by a signal, whose
   * write lands after the change that sent it has answered.
   */
  async function settled(db: Db): Promise<void> {
    const behind = async () => {
      const late: string[] = [];
      const tasks = (await db.prepare('SELECT id, version FROM tasks WHERE started = 1').all()) as Array<{ id: string; version: number }>;
      const withdrawn = (await db
        .prepare('SELECT w.id, a.version FROM withdrawn_tasks w JOIN task_acknowledgements a ON a.task_id = w.id')
        .all()) as Array<{ id: string; version: number }>;
      for (const { id, version } of [...tasks, ...withdrawn]) {
        const snapshot = await stack.env.client.workflow.getHandle(taskWorkflowId(id)).query(getTask);
        if (snapshot.version !== version) late.push(id);
      }
      const cases = (await db.prepare('SELECT id, version FROM petition_cases').all()) as Array<{ id: string; version: number }>;
      for (const { id, version } of cases) {
        const snapshot = await stack.env.client.workflow.getHandle(petitionWorkflowId(id)).query(getPetitionCase);
        if (snapshot.version !== version) late.push(id);
      }
      return late;
    };
    expect(await eventually(behind, (late) => late.length === 0)).toEqual([]);
  }

  it('rebuilds tasks, sub-tasks, 签收, withdrawn tasks, a running fan-out’s unstarted tasks, cases and screenings to the same reports, the records untouched', async () => {
    const db = stack.readModel.db;

    // 1. Work of every kind. A care fund over the city (甲县 k1, 乙区 k2): k1 splits its task to two towns (分解), one of
    // which completes a step; k2 acknowledges, completes every step and has its work accepted (验收: its workflow ends).
    const careFund = await assign({ directiveId: CARE_FUND, scopeUnitId: 'c1', dueAt: `${dayFromNow(60)}T23:59:59.999+08:00` });
    await ok(staff('k1').post(`/api/tasks/${careFund}.k1/split`, { unitIds: ['t1', 't2'], dueAt: dayFromNow(30), stepIds: ['brief-donors', 'secure-support'] }), 201);
    await ok(staff('t1').post(`/api/tasks/${careFund}.t1/acknowledge`, {}));
    await complete('t1', `${careFund}.t1`, ['brief-donors']);
    await ok(staff('k2').post(`/api/tasks/${careFund}.k2/acknowledge`, {}));
    await complete('k2', `${careFund}.k2`, CARE_FUND_STEPS);
    await ok(supervisor('c1').post(`/api/tasks/${careFund}.k2/accept`, { note: '验收合格' }));

    // A town-level ledger over 甲县 (t1, t2, t3): t3 sends its task back and it goes to 北镇 t4 (回退 → 改派), t2 sends
    // its back and it is cancelled (撤销); t1 completes a step, is urged, and asks for more time.
    const ledger = await assign({ directiveId: HARDSHIP_LEDGER, scopeUnitId: 'k1' });
    await ok(staff('t3').post(`/api/tasks/${ledger}.t3/decline`, { reason: '该村户籍归北镇管理' }));
    await ok(api.post(`/api/tasks/${ledger}.t3/reassign`, { unitId: 't4', note: '改由北镇办理' }));
    await ok(staff('t2').post(`/api/tasks/${ledger}.t2/decline`, { reason: '本镇无此类家庭' }));
    await ok(api.post(`/api/tasks/${ledger}.t2/cancel`, { note: '撤销' }));
    const ledgerT1 = (await api.get(`/api/tasks/${ledger}.t1`)).body;
    await complete('t1', `${ledger}.t1`, [ledgerT1.steps[0].id]);
    await ok(supervisor('c1').post(`/api/tasks/${ledger}.t1/urge`, { note: '请加快进度' }));
    await ok(staff('t1').post(`/api/tasks/${ledger}.t1/extension`, { reason: '入户核查未完', dueDate: dayFromNow(90) }));

    // A short one (15 days) over the counties, untouched: overdue in the later reports.
    const leadingGroup = await assign({ directiveId: LEADING_GROUP, scopeUnitId: 'c1' });

    // Petition cases (one of them closed), a campaign over 甲县 with one failed screening (its follow-up task, with steps
    // of its own) and one passed.
    const prefix = uniqueId('RB');
    const csv = readFileSync(resolve(ROOT, 'test/fixtures/petitions/valid.csv'), 'utf8').replaceAll('XF-2026-', `${prefix}-`);
    await ok(api.as({ role: 'supervisor', unitId: 'c1' }).post('/api/petitions/import', csv, CSV), 201);
    const caseIds = [1, 2, 3, 4].map((n) => `${prefix}-00${n}`);
    const campaignId = uniqueId('rs');
    await ok(api.post('/api/petitions/campaigns', { id: campaignId, scopeUnitId: 'k1', withinDays: 10 }), 201);
    const failed = await ok(staff('t1').post(`/api/petitions/${caseIds[1]}/screenings/${campaignId}`, { checks: { ...ALL_PASS, problemSolved: 'fail' }, note: '诉求未解决' }));
    const followUp = (failed.followUp as { assignmentId: string; taskId: string });
    await ok(staff('v1').post(`/api/petitions/${caseIds[2]}/screenings/${campaignId}`, { checks: ALL_PASS }));

    await settled(db);

    // A fan-out still running, by its own activities: the monthly rounds over 甲县's towns, recorded with its three
    // rows, its first chunk (one task, t1's) started; the assignment workflow is there (held back an hour) to say so.
    const activities = createActivities({ readModel: stack.readModel, client: stack.env.client, taskQueue: stack.taskQueue });
    const rounds: AssignmentInput = {
      assignmentId: uniqueId('fanout'),
      directiveId: ROUNDS_DIRECTIVE_ID,
      scopeUnitId: 'k1',
      targetLevel: 'town',
      createdAt: Date.now(),
      dueAt: Date.now() + 30 * DAY,
    };
    expect(await activities.recordAssignment(rounds)).toEqual({ taskCount: 3 });
    expect(await new MockActivityEnvironment().run(activities.startTaskChunk, { input: rounds, offset: 0, limit: 1 })).toBe(1);
    const fanOut = await stack.env.client.workflow.start(ASSIGNMENT_WORKFLOW, {
      ...assignmentStartOptions(rounds),
      taskQueue: stack.taskQueue,
      startDelay: '1 hour',
    });
    try {
      await eventually(
        async () => (await stack.readModel.tasks.getTask(`${rounds.assignmentId}.t1`))?.version ?? 0,
        (version) => version > 0,
      );
      await settled(db);

      // 2. What every report shows, now, when the short one is overdue, and a year on (everything open is overdue and
      // every 签收 window has passed).
      const assignments = [careFund, ledger, leadingGroup, followUp.assignmentId, rounds.assignmentId];
      const taskIds = (await db.prepare('SELECT id FROM tasks UNION SELECT id FROM withdrawn_tasks ORDER BY 1').pluck().all()) as string[];
      const paths = [
        '/api/tasks?limit=1000',
        '/api/tasks?state=overdue&limit=1000',
        '/api/tasks?state=extensionPending&limit=1000',
        '/api/tasks?state=awaitingAcceptance&limit=1000',
        '/api/units/c1/summary',
        `/api/units/c1/summary?directiveId=${CARE_FUND}`,
        '/api/units/k1/summary',
        '/api/units/t1/summary',
        '/api/units/c1/ranking',
        '/api/overdue?scopeUnitId=c1&limit=1000',
        '/api/overdue?scopeUnitId=k1&level=town&limit=1000',
        '/api/assignments?limit=100',
        ...assignments.flatMap((a) => [`/api/assignments/${a}`, `/api/assignments/${a}/rollup?depth=4`, `/api/assignments/${a}/progress?limit=1000`]),
        ...taskIds.map((id) => `/api/tasks/${id}`),
        '/api/petitions?limit=100',
        '/api/petitions?overdue=true&limit=100',
        ...caseIds.map((id) => `/api/petitions/${id}`),
        `/api/petitions/campaigns/${campaignId}`,
      ];
      const instants = [Date.now(), Date.now() + 20 * DAY, Date.now() + 400 * DAY];
      const reports = async () => {
        const out: Record<string, unknown> = {};
        try {
          for (const [n, at] of instants.entries()) {
            readAt = at;
            for (const path of paths) {
              const reply = await api.get(path);
              expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBe(200);
              out[`@${n} ${path}`] = reply.body;
            }
          }
        } finally {
          readAt = undefined;
        }
        return out;
      };

      const before = { reports: await reports(), projection: await dump(db, 'projection'), record: await dump(db, 'record') };
      // Every kind is there to lose: sub-tasks, 签收 rows, withdrawn tasks, first rows, cases and their screenings.
      const count = (table: string, where = 'true') => db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get();
      expect(await count('tasks', 'parent_task_id IS NOT NULL')).toBe(2);
      expect(await count('tasks', 'started = 0')).toBe(2);
      expect(await count('withdrawn_tasks')).toBe(2);
      expect(await count('task_acknowledgements')).toBeGreaterThan(0);
      expect(await count('petition_cases')).toBe(4);
      expect(await count('petition_screenings')).toBe(3);
      const summaryBefore = before.reports['@2 /api/units/c1/summary'] as { totals: { total: number; overdue: number }; acknowledgement: { issued: number } };
      expect(summaryBefore.totals.overdue).toBeGreaterThan(0);
      expect(summaryBefore.acknowledgement.issued).toBeGreaterThan(0);

      // 3. The projection lost: dropped and created empty. The reports show nothing.
      await resetProjection(db);
      readAt = instants[2];
      try {
        expect((await api.get('/api/tasks?limit=1000')).body.total).toBe(0);
        const empty = (await api.get('/api/units/c1/summary')).body;
        expect(empty.totals.total).toBe(0);
        expect(empty.acknowledgement.issued).toBe(0);
        expect((await api.get('/api/overdue?scopeUnitId=c1')).body.total).toBe(0);
        expect((await api.get(`/api/assignments/${careFund}/progress`)).body.total).toBe(0);
        expect((await api.get('/api/petitions')).body.total).toBe(0);
        expect((await api.get(`/api/tasks/${ledger}.t2`)).status).toBe(404);
      } finally {
        readAt = undefined;
      }

      // 4. Rebuilt from Temporal: the same reports, the same projection, and the records byte for byte as they were.
      const summary = await rebuildProjection({ client: stack.env.client, readModel: stack.readModel, taskQueue: stack.taskQueue });
      console.log('rebuild', JSON.stringify(summary));
      const after = { reports: await reports(), projection: await dump(db, 'projection'), record: await dump(db, 'record') };
      expect(after.record).toEqual(before.record);
      expect(after.projection).toEqual(before.projection);
      expect(after.reports).toEqual(before.reports);
      expect(summary).toMatchObject({
        failedCount: 0,
        unrecovered: { assignments: [], tasks: [], cases: [], workflows: [] },
        workflows: { unitTasks: 12, petitionCases: 4, fanOutsRunning: 1 },
        tasks: 12,
        unstartedTasks: 2,
        withdrawnTasks: 2,
        cases: 4,
        screenings: 3,
      });
    } finally {
      await fanOut.terminate('test over');
    }
  });

  it('refuses to run without --yes when there is no terminal to ask, before it opens anything', async () => {
    const run = promisify(execFile);
    const refused = await run(process.execPath, ['--import', 'tsx', 'scripts/readmodel-rebuild.ts'], { cwd: ROOT }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('--yes');
  });
});
