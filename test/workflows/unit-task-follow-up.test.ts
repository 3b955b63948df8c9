import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_POLICY } from '../../domain/task-policy';
import type { ReadModel } from '../../readmodel';
import {
  acceptTask,
  completeStep,
  decideExtension,
  getTask,
  requestExtension,
  returnTask,
  urge,
} from '../../contracts/unit-task';
import { NOT_ALLOWED, NOT_FOUND } from '../../contracts/refusals';
import { recordHistory } from '../support/histories';
import { CARE_FUND_STEPS, taskHarness, terminateStartedTasks } from '../support/task-harness';
import { eventually, onTimeSkippingServer, updateRefusal } from '../support/temporal';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The inbox of one task, oldest first, as (kind, recipient role@unit) pairs. */
async function inbox(readModel: ReadModel, taskId: string) {
  return (await readModel.notifications.list({ subjectId: taskId, limit: 100, offset: 0 })).notifications
    .reverse()
    .map((n) => ({ kind: n.kind, to: `${n.recipientRole}@${n.recipientUnitId}`, at: n.at, dueAt: n.dueAt }));
}

describe('unit task follow-up: reminders, escalation, 催办, 延期, 退回 (time-skipping server)', () => {
  // Each test's server clock starts 2026-02-09, a week before 春节 2026: reminders, deadlines and escalations cross the break and its 调休 days.
  const suite = onTimeSkippingServer('2026-02-09T10:00:00+08:00');
  afterEach(terminateStartedTasks);

  it('reminds 3 and 1 days before, tells the parent supervisor when overdue, then the leader 7 days later', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 20 * DAY);
    await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(17 * DAY - HOUR);
      expect(await inbox(readModel, input.taskId)).toEqual([]);
      await suite.env.sleep(2 * HOUR);
      expect((await eventually(() => inbox(readModel, input.taskId), (n) => n.length === 1)).map((n) => n.kind)).toEqual(['reminder']);
      await suite.env.sleep(3 * DAY);
      await eventually(() => inbox(readModel, input.taskId), (n) => n.length === 3);
      await suite.env.sleep(7 * DAY);
      const all = await eventually(() => inbox(readModel, input.taskId), (n) => n.length === 4);
      expect(all.map(({ kind, to }) => ({ kind, to }))).toEqual([
        { kind: 'reminder', to: 'staff@k1' },
        { kind: 'reminder', to: 'staff@k1' },
        { kind: 'overdue', to: 'supervisor@c1' },
        { kind: 'escalation', to: 'leader@c1' },
      ]);
      // Each at its instant: 3 days, 1 day before; the deadline; 7 days after it.
      expect(all.map((n) => n.at - input.dueAt)).toEqual([-3 * DAY, -1 * DAY, 0, 7 * DAY].map((d) => expect.closeTo(d, -4)));
      expect((await handle.query(getTask)).status).toBe('overdue');
      await handle.terminate('test done');
    });
  });

  it('sends nothing more once the work is done, and closes when a supervisor accepts it', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(8 * DAY);
      for (const step of CARE_FUND_STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      await suite.env.sleep(30 * DAY - 9 * DAY);
      expect((await inbox(readModel, input.taskId)).map((n) => n.kind)).toEqual(['reminder']);
      await handle.executeUpdate(acceptTask, { args: [{ by: '王科长' }] });
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'done', late: false, history: { accepted: { by: '王科长' } } });
  });

  it('closes when the review window passes without a return: the workflow completes and the row stays done', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      for (const step of CARE_FUND_STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      // A return within the window is still possible; the workflow is alive one day before the window ends.
      await suite.env.sleep(DEFAULT_TASK_POLICY.reviewDays * DAY - DAY);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await suite.env.sleep(2 * DAY);
      const closed = await handle.result();
      const refused = await handle.executeUpdate(returnTask, { args: [{ by: '李督查', reason: '太晚了' }] }).then(
        () => 'accepted',
        () => 'refused',
      );
      expect(refused).toBe('refused');
      return closed;
    });
    expect(result).toMatchObject({ status: 'done', late: false });
    expect(result.history.returns).toEqual([]);
    expect((await readModel.tasks.getTask(input.taskId))?.status).toBe('done');
  });

  it('records a 催办 and tells the unit; refuses it on completed work', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY);
    await worker.runUntil(async () => {
      const handle = await start();
      const urged = await handle.executeUpdate(urge, { args: [{ by: '李督查', note: '请本周内报送' }] });
      expect(urged.history?.urges).toEqual([{ at: expect.any(Number), by: '李督查', note: '请本周内报送' }]);
      expect((await readModel.tasks.getTask(input.taskId))?.history?.urges).toHaveLength(1);
      expect((await inbox(readModel, input.taskId)).map(({ kind, to }) => ({ kind, to }))).toEqual([{ kind: 'urge', to: 'staff@k1' }]);
      for (const step of CARE_FUND_STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      expect((await updateRefusal(handle.executeUpdate(urge, { args: [{ by: '李督查' }] }))).type).toBe(NOT_ALLOWED);
      await handle.terminate('test done');
    });
  });

  it('moves the deadline on an approved extension: not overdue at the old date, on time against the new one', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY);
    const newDue = input.dueAt + 15 * DAY;
    await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(5 * DAY);
      // A date not after the deadline, and a decision with nothing pending, are refused.
      expect((await updateRefusal(handle.executeUpdate(requestExtension, { args: [{ by: '县专干', reason: 'x', dueAt: input.dueAt }] }))).type).toBe(NOT_ALLOWED);
      expect((await updateRefusal(handle.executeUpdate(decideExtension, { args: [{ by: '市领导', approve: true }] }))).type).toBe(NOT_ALLOWED);

      await handle.executeUpdate(requestExtension, { args: [{ by: '县专干', reason: '捐赠协议待签', dueAt: newDue }] });
      expect((await handle.query(getTask)).dueAt).toBe(input.dueAt);
      const decided = await handle.executeUpdate(decideExtension, { args: [{ by: '市领导', approve: true, note: '同意' }] });
      expect(decided).toMatchObject({ dueAt: newDue, originalDueAt: input.dueAt });

      await suite.env.sleep(6 * DAY); // past the old deadline
      expect((await handle.query(getTask)).status).toBe('open');
      for (const step of CARE_FUND_STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      const done = await handle.query(getTask);
      expect(done).toMatchObject({ status: 'done', late: false, dueAt: newDue });
      expect(await readModel.tasks.getTask(input.taskId)).toMatchObject({ dueAt: newDue, originalDueAt: input.dueAt, late: false });

      const kinds = (await inbox(readModel, input.taskId)).map(({ kind, to }) => ({ kind, to }));
      expect(kinds).toEqual([
        { kind: 'extensionRequested', to: 'leader@c1' },
        { kind: 'extensionApproved', to: 'staff@k1' },
      ]);
      await handle.terminate('test done');
    });
  });

  it('refuses an extension requested after the deadline, and a rejected one leaves the deadline where it was', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY);
    await worker.runUntil(async () => {
      const handle = await start();
      await handle.executeUpdate(requestExtension, { args: [{ by: '县专干', reason: '人手不足', dueAt: input.dueAt + 5 * DAY }] });
      await handle.executeUpdate(decideExtension, { args: [{ by: '市领导', approve: false, note: '按期完成' }] });
      await suite.env.sleep(10 * DAY + HOUR);
      expect(await eventually(async () => (await readModel.tasks.getTask(input.taskId))?.status, (s) => s === 'overdue')).toBe('overdue');
      const late = updateRefusal(handle.executeUpdate(requestExtension, { args: [{ by: '县专干', reason: '补', dueAt: input.dueAt + 20 * DAY }] }));
      expect((await late).message).toMatch(/before the deadline/);
      expect((await handle.query(getTask)).history?.extensions.map((e) => e.status)).toEqual(['rejected']);
      await handle.terminate('test done');
    });
  });

  it('returns completed work for rework: the named steps reopen, the unit is told, and it turns overdue if past due', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY);
    await worker.runUntil(async () => {
      const handle = await start();
      for (const step of CARE_FUND_STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      await suite.env.sleep(12 * DAY);
      const returned = await handle.executeUpdate(returnTask, { args: [{ by: '李督查', reason: '缺少基金章程', stepIds: ['establish-fund'] }] });
      expect(returned.steps.map((s) => s.completedAt !== undefined)).toEqual([true, false]);
      expect(returned.history?.returns).toEqual([{ at: expect.any(Number), by: '李督查', reason: '缺少基金章程', stepIds: ['establish-fund'] }]);
      // Returned after its deadline: the deadline has passed, so the task is overdue at once.
      expect(await eventually(async () => (await readModel.tasks.getTask(input.taskId))?.status, (s) => s === 'overdue')).toBe('overdue');
      await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: 'establish-fund' }] });
      expect(await handle.query(getTask)).toMatchObject({ status: 'done', late: true });
      expect((await updateRefusal(handle.executeUpdate(returnTask, { args: [{ by: 'x', reason: 'y', stepIds: ['nope'] }] }))).type).toBe(NOT_FOUND);
      // The return's own notice and the deadline's are sent concurrently; either may be recorded first.
      const kinds = await eventually(async () => (await inbox(readModel, input.taskId)).map((n) => n.kind).sort(), (k) => k.length === 2);
      expect(kinds).toEqual(['overdue', 'returned']);
      await handle.executeUpdate(acceptTask, { args: [{ by: '李督查' }] });
      await handle.result();
      await recordHistory('unit-task', handle);
    });
  });

  it('returns work done late as overdue at once, with its first overdueAt, the reopened steps cleared and no second overdue notice', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 2 * DAY);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(3 * DAY);
      const overdue = await eventually(() => readModel.tasks.getTask(input.taskId), (t) => t?.status === 'overdue');
      for (const step of CARE_FUND_STEPS) {
        await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id, note: '已完成' }] });
      }
      expect(await handle.query(getTask)).toMatchObject({ status: 'done', late: true });
      const returned = await handle.executeUpdate(returnTask, { args: [{ by: '李督查', reason: '材料不全' }] });
      // Overdue in the update's own answer, not open waiting for a timer that already fired.
      expect(returned).toMatchObject({ status: 'overdue', overdueAt: overdue?.overdueAt, late: false });
      expect(returned.doneAt).toBeUndefined();
      expect(returned.steps).toEqual(CARE_FUND_STEPS.map((s) => ({ id: s.id, title: s.title })));
      expect(await readModel.tasks.getTask(input.taskId)).toMatchObject({ status: 'overdue', overdueAt: overdue?.overdueAt });
      await suite.env.sleep(HOUR);
      expect((await handle.query(getTask)).status).toBe('overdue');
      const kinds = await eventually(async () => (await inbox(readModel, input.taskId)).map((n) => n.kind), (k) => k.includes('returned'));
      expect(kinds.filter((k) => k === 'overdue')).toHaveLength(1);
      for (const step of CARE_FUND_STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      await handle.executeUpdate(acceptTask, { args: [{ by: '李督查', note: '整改到位' }] });
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'done', late: true, history: { accepted: { by: '李督查', note: '整改到位' } } });
  });

  it('checks progress at a checkpoint and tells the unit only when it is behind', async () => {
    const now = await suite.env.currentTimeMs();
    const policy = {
      ...DEFAULT_TASK_POLICY,
      remindDaysBefore: [],
      checkpoints: [
        { key: 'early', at: now + 2 * DAY, belowPercent: 50 },
        { key: 'late', at: now + 6 * DAY, belowPercent: 50 },
      ],
    };
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY, policy);
    await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(3 * DAY);
      await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: 'brief-donors' }] });
      await suite.env.sleep(4 * DAY);
      const checks = await inbox(readModel, input.taskId);
      // Behind at the first check (0 of 2); at the second, 1 of 2 is not below half.
      expect(checks.map((n) => n.kind)).toEqual(['progressCheck']);
      expect(checks[0]?.at).toBe(now + 2 * DAY);
      await handle.terminate('test done');
    });
  });
});
