import { describe, expect, it } from 'vitest';
import { tallyAcknowledgement, tallyAcknowledgementGroups, type AcknowledgementState } from '../../domain/acknowledgement';
import { pathIds } from '../../domain/rollup';
import type { TaskSnapshot } from '../../domain/task';
import type { ReadModel } from '../../readmodel';
import { openDatabase } from '../../readmodel/database';
import { SMALL_ORG } from '../support/org';
import { tempReadModel } from '../support/temporal';

// The maintained roll-ups (readmodel/rollup-tables.ts) against the tasks themselves: after every kind of write the
// projection makes, the summary's groups and 签收 figures read from them equal those computed from every task row.

const PATHS: Record<string, string> = { c1: '/c1/', k1: '/c1/k1/', k2: '/c1/k2/', t1: '/c1/k1/t1/', v1: '/c1/k1/t1/v1/', v2: '/c1/k1/t1/v2/' };
const SCOPES = ['/', '/c1/', '/c1/k1/', '/c1/k1/t1/', '/c1/k1/t1/v1/', '/c1/k2/'];
const NOWS = [500, 1000, 5000];
const DIRECTIVE = 'care-fund-establishment';

const snapshot = (taskId: string, unitId: string, version: number, patch: Partial<TaskSnapshot> = {}): TaskSnapshot => ({
  taskId,
  assignmentId: taskId.split('.')[0] as string,
  directiveId: DIRECTIVE,
  unitId,
  createdAt: 0,
  dueAt: 1000,
  status: 'open',
  late: false,
  steps: [{ id: 's1', title: 'one' }, { id: 's2', title: 'two' }],
  version,
  history: { extensions: [], urges: [], returns: [], acknowledgement: { state: 'pending', acknowledgeBy: 100 } },
  ...patch,
});

const key = (x: unknown) => JSON.stringify(x);
const sorted = <T>(list: T[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));

/** Groups as the summary read them before the roll-up: every counted task of the subtree, grouped in JS. */
async function groupsFromTasks(readModel: ReadModel, scope: string, now: number, directiveId?: string) {
  const depth = pathIds(scope).length;
  const groups = new Map<string, Record<string, unknown>>();
  for (const row of await readModel.tasks.rollupRows(scope, directiveId ? { directiveId } : {}, now)) {
    const group = { directiveId: row.directiveId, childId: pathIds(row.unitPath)[depth] ?? '', unitPath: '', status: row.status, late: row.late, createdAt: row.createdAt, dueAt: row.dueAt, stepsDone: row.stepsDone, stepsTotal: row.stepsTotal };
    const k = key(group);
    const seen = groups.get(k);
    if (seen) seen.count = (seen.count as number) + 1;
    else groups.set(k, { ...group, count: 1 });
  }
  return sorted([...groups.values()]);
}

/** Exact as committed, and again after a fold (which then finds nothing to move). */
async function expectExact(readModel: ReadModel) {
  // Folded at each commit: at rest the deltas are empty, and the tables a function of the rows alone.
  expect(await readModel.db.prepare('SELECT (SELECT count(*) FROM task_rollup_delta) + (SELECT count(*) FROM task_acknowledgement_rollup_delta)').pluck().get()).toBe(0);
  await expectExactNow(readModel);
  await readModel.db.exec('SELECT task_rollup_fold(), task_acknowledgement_rollup_fold()');
  expect(await readModel.db.prepare('SELECT (SELECT count(*) FROM task_rollup_delta) + (SELECT count(*) FROM task_acknowledgement_rollup_delta)').pluck().get()).toBe(0);
  await expectExactNow(readModel);
}

async function expectExactNow(readModel: ReadModel) {
  for (const scope of SCOPES) {
    for (const now of NOWS) {
      expect(sorted(await readModel.tasks.rollupGroups(scope, {}, now)), `groups at ${scope} at ${now}`).toEqual(await groupsFromTasks(readModel, scope, now));
      expect(sorted(await readModel.tasks.rollupGroups(scope, { directiveId: DIRECTIVE }, now))).toEqual(await groupsFromTasks(readModel, scope, now, DIRECTIVE));
      // 签收 figures per child (and the scope's own, ''), from the roll-up's groups and from every row.
      const depth = pathIds(scope).length;
      const groups = await readModel.acknowledgements.groupsInSubtree(scope);
      const rows = await readModel.acknowledgements.rowsInSubtree(scope);
      const children = new Set([...groups.map((g) => g.childId), ...rows.map((r) => pathIds(r.unitPath)[depth] ?? '')]);
      for (const child of children) {
        expect(tallyAcknowledgementGroups(groups.filter((g) => g.childId === child), now), `签收 of ${child} under ${scope} at ${now}`).toEqual(
          tallyAcknowledgement(rows.filter((r) => (pathIds(r.unitPath)[depth] ?? '') === child), now),
        );
      }
      expect(tallyAcknowledgementGroups(groups, now)).toEqual(tallyAcknowledgement(rows, now));
    }
  }
}

const acknowledgement = (state: AcknowledgementState, acknowledgedAt?: number) => ({ state, acknowledgeBy: 100, ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}) });

describe('maintained roll-ups', () => {
  it('stay exact under every write the projection makes, and empty when the tasks are gone', async () => {
    const readModel = await tempReadModel(SMALL_ORG);
    const units = ['c1', 'k1', 'k2', 't1', 'v1', 'v2'];
    // A bulk registration at every level, the scope unit's own task among them.
    await readModel.tasks.registerAssignment(
      { id: 'a1', directiveId: DIRECTIVE, scopeUnitId: 'c1', targetLevel: 'county', dueAt: 1000, createdAt: 0, taskCount: units.length },
      units.map((u) => ({ taskId: `a1.${u}`, unitId: u, unitPath: PATHS[u] as string })),
      [{ id: 's1', title: 'one' }, { id: 's2', title: 'two' }],
    );
    await readModel.tasks.registerAssignment(
      { id: 'a2', directiveId: 'bulletin-publicity', scopeUnitId: 'c1', targetLevel: 'village', dueAt: 3000, createdAt: 10, taskCount: 2 },
      [{ taskId: 'a2.v1', unitId: 'v1', unitPath: PATHS.v1 as string }, { taskId: 'a2.v2', unitId: 'v2', unitPath: PATHS.v2 as string }],
      [{ id: 's1', title: 'one' }],
    );
    await expectExact(readModel);

    // First projections (no key changes), progress, done late, an extension moving the deadline, 签收 both ways.
    for (const u of units) await readModel.projectTask(snapshot(`a1.${u}`, u, 1));
    await readModel.projectTask(snapshot('a1.v1', 'v1', 2, { steps: [{ id: 's1', title: 'one', completedAt: 50 }, { id: 's2', title: 'two' }], history: { extensions: [], urges: [], returns: [], acknowledgement: acknowledgement('acknowledged', 50) } }));
    await readModel.projectTask(snapshot('a1.v2', 'v2', 2, { status: 'done', late: true, doneAt: 1500, steps: [{ id: 's1', title: 'one', completedAt: 1500 }, { id: 's2', title: 'two', completedAt: 1500 }], history: { extensions: [], urges: [], returns: [], acknowledgement: acknowledgement('acknowledged', 300) } }));
    await readModel.projectTask(snapshot('a1.k2', 'k2', 2, { dueAt: 4000, originalDueAt: 1000, status: 'overdue', overdueAt: 1000 }));
    await readModel.projectTask(snapshot('a1.c1', 'c1', 2, { status: 'done', doneAt: 200, steps: [{ id: 's1', title: 'one', completedAt: 200 }, { id: 's2', title: 'two', completedAt: 200 }], history: { extensions: [], urges: [], returns: [], acknowledgement: acknowledgement('acknowledged', 80) } }));
    // A stale write changes nothing.
    await readModel.projectTask(snapshot('a1.v1', 'v1', 1));
    await expectExact(readModel);

    // 分解: k1's task split to t1; it stops counting while the sub-task is open, and counts again once it is closed.
    await readModel.tasks.registerSubTasks(
      { parentTaskId: 'a1.k1', assignmentId: 'a1', directiveId: DIRECTIVE, createdAt: 20, dueAt: 900, steps: [{ id: 's1', title: 'one' }] },
      [{ taskId: 'a1.k1.t1', unitId: 't1', unitPath: PATHS.t1 as string }],
    );
    await expectExact(readModel);
    await readModel.projectTask(snapshot('a1.k1.t1', 't1', 2, { createdAt: 20, dueAt: 900, parentTaskId: 'a1.k1', steps: [{ id: 's1', title: 'one' }], history: { extensions: [], urges: [], returns: [], closedByHolder: { at: 600, by: 'k1', reason: '不再需要' } } }));
    await expectExact(readModel);

    // 回退 decided: the task leaves `tasks` (withdrawn), its 签收 row counts nowhere; the successor is added.
    await readModel.projectTask(snapshot('a2.v1', 'v1', 1, { createdAt: 10, dueAt: 3000, steps: [{ id: 's1', title: 'one' }], history: { extensions: [], urges: [], returns: [], acknowledgement: { state: 'declined', acknowledgeBy: 100, declinedAt: 40 } } }));
    await expectExact(readModel);
    await readModel.projectTask(snapshot('a2.v1', 'v1', 2, { createdAt: 10, dueAt: 3000, steps: [{ id: 's1', title: 'one' }], history: { extensions: [], urges: [], returns: [], acknowledgement: { state: 'reassigned', acknowledgeBy: 100, declinedAt: 40, decidedAt: 60 } } }));
    await readModel.acknowledgements.addReassignedTask({ taskId: 'a2.v2x', assignmentId: 'a2', directiveId: 'bulletin-publicity', unitId: 'v2', unitPath: PATHS.v2 as string, createdAt: 60, dueAt: 3000, steps: [{ id: 's1', title: 'one' }] });
    await expectExact(readModel);

    // Writes no store makes today, so the triggers are what keeps the roll-up, not the stores' statements.
    await readModel.db.prepare(`UPDATE tasks SET unit_path = ?, unit_id = 'v2' WHERE id = 'a1.v1'`).run(PATHS.v2);
    await readModel.db.prepare(`UPDATE task_acknowledgements SET acknowledged_at = 150 WHERE task_id = 'a1.c1'`).run();
    await expectExact(readModel);
    await readModel.db.prepare('DELETE FROM task_acknowledgements').run();
    await readModel.db.prepare('DELETE FROM tasks').run();
    await expectExact(readModel);
    expect(await readModel.db.prepare('SELECT count(*) FROM task_rollup').pluck().get()).toBe(0);
    expect(await readModel.db.prepare('SELECT count(*) FROM task_acknowledgement_rollup').pluck().get()).toBe(0);
  });

  it('are filled from the tasks already there when a database is migrated to them', async () => {
    const readModel = await tempReadModel(SMALL_ORG);
    await readModel.tasks.registerAssignment(
      { id: 'a1', directiveId: DIRECTIVE, scopeUnitId: 'c1', targetLevel: 'village', dueAt: 1000, createdAt: 0, taskCount: 2 },
      [{ taskId: 'a1.v1', unitId: 'v1', unitPath: PATHS.v1 as string }, { taskId: 'a1.v2', unitId: 'v2', unitPath: PATHS.v2 as string }],
      [{ id: 's1', title: 'one' }, { id: 's2', title: 'two' }],
    );
    await readModel.projectTask(snapshot('a1.v1', 'v1', 2, { status: 'done', doneAt: 50, steps: [{ id: 's1', title: 'one', completedAt: 50 }, { id: 's2', title: 'two', completedAt: 50 }], history: { extensions: [], urges: [], returns: [], acknowledgement: acknowledgement('acknowledged', 50) } }));
    await readModel.projectTask(snapshot('a1.v2', 'v2', 1));
    // The database as it was before the roll-ups' migration: without them, one projection version back.
    await readModel.db.exec(`DROP FUNCTION rollup_nodes(text), task_rollup_insert(), task_rollup_update(), task_rollup_delete(),
      task_acknowledgement_rollup_insert(), task_acknowledgement_rollup_update(), task_acknowledgement_rollup_delete(),
      task_rollup_fold(), task_acknowledgement_rollup_fold(), task_rollup_fold_at_commit(), task_acknowledgement_rollup_fold_at_commit() CASCADE;
      DROP TABLE task_rollup, task_acknowledgement_rollup, task_rollup_delta, task_acknowledgement_rollup_delta;
      DROP INDEX tasks_pending_due;
      UPDATE record.schema_versions SET version = version - 1 WHERE schema = 'projection'`);
    await (await openDatabase(readModel.db.options.connectionString)).close();
    expect(await readModel.db.prepare('SELECT sum(n) FROM task_rollup').pluck().get()).toBeGreaterThan(0);
    await expectExact(readModel);
  });
});
