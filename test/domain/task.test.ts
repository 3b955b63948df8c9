import { describe, expect, it } from 'vitest';
import { isLate, tallyProgress, type TaskStatus } from '../../domain/task';
import { DEFAULT_TASK_POLICY } from '../../domain/task-policy';
import { UnitTask } from '../../workflows/unit-task-state';

describe('progress tally', () => {
  it('counts every task once and late completions as done and doneLate', () => {
    const tasks: Array<{ status: TaskStatus; late: boolean }> = [
      { status: 'done', late: false },
      { status: 'done', late: true },
      { status: 'open', late: false },
      { status: 'overdue', late: false },
      { status: 'overdue', late: false },
      { status: 'open', late: false },
    ];
    expect(tallyProgress(tasks)).toEqual({ total: 6, done: 2, doneLate: 1, open: 2, overdue: 2, percentDone: 33.3 });
  });

  it('is all zeros for no tasks', () => {
    expect(tallyProgress([])).toEqual({ total: 0, done: 0, doneLate: 0, open: 0, overdue: 0, percentDone: 0 });
  });

  it('calls a completion at the deadline instant on time, and one a millisecond later late', () => {
    expect(isLate(1000, 1000)).toBe(false);
    expect(isLate(1001, 1000)).toBe(true);
  });
});

describe('unit task state', () => {
  const make = () =>
    new UnitTask({
      taskId: 'a1.k1',
      assignmentId: 'a1',
      directiveId: 'care-fund-establishment',
      unitId: 'k1',
      createdAt: 0,
      dueAt: 100,
      steps: [
        { id: 's1', title: 'one' },
        { id: 's2', title: 'two' },
      ],
      policy: DEFAULT_TASK_POLICY,
    });

  it('is done when its last step is, and versions every change', () => {
    const task = make();
    expect(task.completeStep({ by: 'x', stepId: 's1' }, 10)).toBe(true);
    expect(task.snapshot()).toMatchObject({ status: 'open', version: 2 });
    expect(task.completeStep({ by: 'x', stepId: 's2' }, 20)).toBe(true);
    expect(task.snapshot()).toMatchObject({ status: 'done', doneAt: 20, late: false, version: 3 });
  });

  it('ignores a repeated completion', () => {
    const task = make();
    task.completeStep({ by: 'x', stepId: 's1', note: 'first' }, 10);
    expect(task.completeStep({ by: 'x', stepId: 's1', note: 'second' }, 11)).toBe(false);
    expect(task.snapshot().steps[0]).toMatchObject({ completedAt: 10, note: 'first' });
    expect(task.snapshot().version).toBe(2);
  });

  it('stays completable after it is marked overdue, and the completion is late', () => {
    const task = make();
    expect(task.markOverdue(100)).toBe(true);
    task.completeStep({ by: 'x', stepId: 's1' }, 150);
    task.completeStep({ by: 'x', stepId: 's2' }, 160);
    expect(task.snapshot()).toMatchObject({ status: 'done', late: true, overdueAt: 100, doneAt: 160 });
  });

  it('does not mark a done task overdue', () => {
    const task = make();
    task.completeStep({ by: 'x', stepId: 's1' }, 1);
    task.completeStep({ by: 'x', stepId: 's2' }, 2);
    expect(task.markOverdue(100)).toBe(false);
    expect(task.snapshot().status).toBe('done');
  });

  it('rejects a step it does not have', () => {
    expect(() => make().validateCompletion({ by: 'x', stepId: 'nope' })).toThrow(/no step nope/);
  });
});
