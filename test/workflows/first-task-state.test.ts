import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstTaskSnapshot } from '../../domain/task';
import { DEFAULT_TASK_POLICY } from '../../domain/task-policy';
import { UnitTask } from '../../workflows/unit-task-state';

const id = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const terms = fc.record(
  {
    taskId: id,
    assignmentId: id,
    directiveId: id,
    unitId: id,
    createdAt: fc.integer({ min: 0, max: 2 ** 41 }),
    dueAt: fc.integer({ min: 0, max: 2 ** 41 }),
    steps: fc.array(fc.record({ id, title: fc.string({ maxLength: 20 }) }), { minLength: 1, maxLength: 5 }),
    acknowledgeBy: fc.integer({ min: 0, max: 2 ** 41 }),
    parentTaskId: id,
  },
  { requiredKeys: ['taskId', 'assignmentId', 'directiveId', 'unitId', 'createdAt', 'dueAt', 'steps'] },
);

describe('a task’s first state', () => {
  // A fan-out writes firstTaskSnapshot into the read model and the workflow then skips its first write: the two must
  // be the same state, down to the order of fields in the stored JSON.
  it('is the workflow’s own first snapshot, field for field and in the same order', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const workflow = new UnitTask({ ...t, policy: DEFAULT_TASK_POLICY }).snapshot();
        expect(JSON.stringify(firstTaskSnapshot(t))).toBe(JSON.stringify(workflow));
      }),
    );
  });
});
