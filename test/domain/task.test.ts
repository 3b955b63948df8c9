import { describe, expect, it } from 'vitest';
import { acceptanceAt, isLate, tallyProgress, taskStatusAt, type TaskStatus } from '../../domain/task';
import { NOT_ALLOWED } from '../../contracts/refusals';
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

  it('closes when its review window passes: a return or an acceptance after that is refused, a repeated completion is not', () => {
    const task = make();
    task.completeStep({ by: 'x', stepId: 's1' }, 10);
    task.completeStep({ by: 'x', stepId: 's2' }, 20);
    const windowEnd = 20 + DEFAULT_TASK_POLICY.reviewDays * 24 * 60 * 60 * 1000;
    expect(task.nextAlarmAt()).toBe(windowEnd);
    task.fireDue(windowEnd - 1);
    expect(task.isClosed).toBe(false);
    expect(() => task.validateReturn({ by: 'y', reason: 'z' })).not.toThrow();
    task.fireDue(windowEnd);
    expect(task.isClosed).toBe(true);
    expect(task.nextAlarmAt()).toBeUndefined();
    expect(() => task.validateReturn({ by: 'y', reason: 'z' })).toThrow(expect.objectContaining({ type: NOT_ALLOWED }));
    expect(() => task.validateAccept()).toThrow(expect.objectContaining({ type: NOT_ALLOWED }));
    expect(() => task.validateCompletion({ by: 'x', stepId: 's1' }, 0)).not.toThrow();
    expect(task.snapshot()).toMatchObject({ status: 'done', version: 3 });
  });

  it('is overdue at once when work done late is returned past its deadline, and open again when returned before it', () => {
    const late = make();
    expect(late.fireDue(100).map((n) => n.kind)).toEqual(['overdue']);
    late.completeStep({ by: 'x', stepId: 's1', note: 'n1' }, 150);
    late.completeStep({ by: 'x', stepId: 's2', note: 'n2' }, 160);
    const notices = late.returnWork({ by: 'y', reason: 'z', stepIds: ['s2'] }, 200);
    expect(late.snapshot()).toMatchObject({ status: 'overdue', overdueAt: 100, late: false });
    // The deadline was marked and told long ago: the return tells only of itself.
    expect(notices.map((n) => n.kind)).toEqual(['returned']);
    // The reopened step loses its completion record; the other keeps its own.
    expect(late.snapshot().steps).toEqual([{ id: 's1', title: 'one', completedAt: 150, completedBy: 'x', note: 'n1' }, { id: 's2', title: 'two' }]);

    const onTime = make();
    onTime.completeStep({ by: 'x', stepId: 's1' }, 10);
    onTime.completeStep({ by: 'x', stepId: 's2' }, 20);
    expect(onTime.returnWork({ by: 'y', reason: 'z' }, 50).map((n) => n.kind)).toEqual(['returned']);
    expect(onTime.snapshot()).toMatchObject({ status: 'open' });
    expect(onTime.snapshot().overdueAt).toBeUndefined();

    // Done on time, returned after its deadline: overdue now, and the overdue notice goes out with the return's.
    const after = make();
    after.completeStep({ by: 'x', stepId: 's1' }, 10);
    after.completeStep({ by: 'x', stepId: 's2' }, 20);
    expect(after.returnWork({ by: 'y', reason: 'z' }, 300).map((n) => n.kind)).toEqual(['returned', 'overdue']);
    expect(after.snapshot()).toMatchObject({ status: 'overdue', overdueAt: 300 });
  });

  it('records the acceptance note and the review window of completed work', () => {
    const task = make();
    task.completeStep({ by: 'x', stepId: 's1' }, 10);
    task.completeStep({ by: 'x', stepId: 's2' }, 20);
    expect(task.snapshot().reviewEndsAt).toBe(20 + DEFAULT_TASK_POLICY.reviewDays * 24 * 60 * 60 * 1000);
    task.accept({ by: '李督办', note: '材料齐全' }, 30);
    expect(task.snapshot().history.accepted).toEqual({ at: 30, by: '李督办', note: '材料齐全' });
  });

  it('rejects a step it does not have', () => {
    expect(() => make().validateCompletion({ by: 'x', stepId: 'nope' }, 0)).toThrow(/no step nope/);
  });
});

describe('the status rule', () => {
  it('is done once done, overdue from the deadline instant on, open before', () => {
    expect(taskStatusAt({ dueAt: 100 }, 99)).toBe('open');
    expect(taskStatusAt({ dueAt: 100 }, 100)).toBe('overdue');
    expect(taskStatusAt({ dueAt: 100, doneAt: 150 }, 200)).toBe('done');
  });

  it('has completed work awaiting acceptance until its review window ends', () => {
    expect(acceptanceAt({ status: 'open' }, 0)).toBeUndefined();
    expect(acceptanceAt({ status: 'done', reviewEndsAt: 100 }, 99)).toBe('awaiting');
    expect(acceptanceAt({ status: 'done', reviewEndsAt: 100 }, 100)).toBe('closed');
    expect(acceptanceAt({ status: 'done', reviewEndsAt: 100, acceptedAt: 50 }, 99)).toBe('accepted');
  });
});
