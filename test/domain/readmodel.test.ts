import { describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '../../domain/task';
import { SMALL_ORG } from '../support/org';
import { tempReadModel } from '../support/temporal';

const snapshot = (version: number, patch: Partial<TaskSnapshot> = {}): TaskSnapshot => ({
  taskId: 'a1.k1',
  assignmentId: 'a1',
  directiveId: 'care-fund-establishment',
  unitId: 'k1',
  createdAt: 0,
  dueAt: 1000,
  status: 'open',
  late: false,
  steps: [{ id: 's1', title: 'one' }],
  version,
  history: { extensions: [], urges: [], returns: [] },
  ...patch,
});

describe('read model', () => {
  const setup = () => {
    const readModel = tempReadModel(SMALL_ORG);
    readModel.tasks.registerAssignment(
      { id: 'a1', directiveId: 'care-fund-establishment', scopeUnitId: 'c1', targetLevel: 'county', dueAt: 1000, createdAt: 0, taskCount: 2 },
      [
        { taskId: 'a1.k1', unitId: 'k1', unitPath: '/c1/k1/' },
        { taskId: 'a1.k2', unitId: 'k2', unitPath: '/c1/k2/' },
      ],
      [{ id: 's1', title: 'one' }],
    );
    return readModel;
  };

  it('never lets an older snapshot overwrite a newer one', () => {
    const readModel = setup();
    readModel.tasks.upsertTask(snapshot(3, { status: 'overdue', overdueAt: 1000 }));
    readModel.tasks.upsertTask(snapshot(2));
    readModel.tasks.upsertTask(snapshot(3, { status: 'open' }));
    expect(readModel.tasks.getTask('a1.k1')).toMatchObject({ status: 'overdue', version: 3, overdueAt: 1000 });
  });

  it('keeps task progress when an assignment is registered again (an activity retry)', () => {
    const readModel = setup();
    readModel.tasks.upsertTask(snapshot(2, { status: 'done', doneAt: 10, steps: [{ id: 's1', title: 'one', completedAt: 10 }] }));
    readModel.tasks.registerAssignment(
      { id: 'a1', directiveId: 'care-fund-establishment', scopeUnitId: 'c1', targetLevel: 'county', dueAt: 1000, createdAt: 0, taskCount: 2 },
      [{ taskId: 'a1.k1', unitId: 'k1', unitPath: '/c1/k1/' }],
      [{ id: 's1', title: 'one' }],
    );
    expect(readModel.tasks.getTask('a1.k1')).toMatchObject({ status: 'done', stepsDone: 1 });
  });

  it('finds units and overdue tasks by subtree, not by id prefix', () => {
    const readModel = tempReadModel([
      ...SMALL_ORG,
      // An id that shares k1's prefix but is not under it.
      { id: 'k10', parentId: 'c1', name: '丙县', level: 'county' },
    ]);
    expect(readModel.org.unitsAtLevel('k1', 'village').map((u) => u.id)).toEqual(['v1', 'v2']);
    expect(readModel.org.unitsAtLevel('c1', 'county').map((u) => u.id).sort()).toEqual(['k1', 'k10', 'k2']);
    readModel.tasks.registerAssignment(
      { id: 'a2', directiveId: 'care-fund-establishment', scopeUnitId: 'c1', targetLevel: 'county', dueAt: 1000, createdAt: 0, taskCount: 2 },
      [
        { taskId: 'a2.k1', unitId: 'k1', unitPath: '/c1/k1/' },
        { taskId: 'a2.k10', unitId: 'k10', unitPath: '/c1/k10/' },
      ],
      [{ id: 's1', title: 'one' }],
    );
    for (const id of ['a2.k1', 'a2.k10']) {
      readModel.tasks.upsertTask({ ...snapshot(2, { status: 'overdue' }), taskId: id, assignmentId: 'a2', unitId: id.slice(3) });
    }
    expect(readModel.tasks.overdueInSubtree('/c1/k1/', { limit: 10, offset: 0 }).tasks.map((t) => t.id)).toEqual(['a2.k1']);
    expect(readModel.tasks.overdueInSubtree('/c1/', { limit: 10, offset: 0 }).total).toBe(2);
  });
});
