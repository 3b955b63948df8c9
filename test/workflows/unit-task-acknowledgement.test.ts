import { afterEach, describe, expect, it } from 'vitest';
import { acknowledgeByFor } from '../../domain/acknowledgement';
import { taskId as makeTaskId, taskWorkflowId } from '../../domain/ids';
import { parseInstant } from '../../domain/time';
import type { ReadModel } from '../../readmodel';
import { acknowledgeTask, cancelTask, completeStep, declineTask, getTask, reassignTask } from '../../contracts/unit-task';
import { INVALID_FIELD, NOT_ALLOWED } from '../../contracts/refusals';
import { CARE_FUND_STEPS, taskHarness, terminateStartedTasks } from '../support/task-harness';
import { eventually, onTimeSkippingServer, updateRefusal } from '../support/temporal';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The inbox of one task, oldest first, as (kind, recipient role@unit, at). */
async function inbox(readModel: ReadModel, taskId: string) {
  return (await readModel.notifications.list({ subjectId: taskId, limit: 100, offset: 0 })).notifications
    .reverse()
    .map((n) => ({ kind: n.kind, to: `${n.recipientRole}@${n.recipientUnitId}`, at: n.at, text: n.text }));
}

describe('签收 and 回退 of a unit task (time-skipping server)', () => {
  // Issued on 30 Sep 2026, the last working day before 国庆 (1–7 Oct off, 8 Oct the next working day): one working day
  // to acknowledge ends at the end of 8 Oct, not of 1 Oct as counting weekdays alone would have it.
  const suite = onTimeSkippingServer('2026-09-30T10:00:00+08:00');
  afterEach(terminateStartedTasks);

  /** A county task due in 60 days whose 签收 window is one working day on the holiday calendar. */
  async function harness() {
    const h = await taskHarness(suite.env, suite.bundle, 60 * DAY);
    h.input.acknowledgeBy = acknowledgeByFor(h.input.createdAt, 1);
    return h;
  }

  it('reminds the unit once at the end of the first working day after 国庆, not before, if it has not acknowledged', async () => {
    const { readModel, worker, input, start } = await harness();
    expect(input.acknowledgeBy).toBe(parseInstant('2026-10-08T23:59:59.999+08:00'));
    await worker.runUntil(async () => {
      const handle = await start();
      const pending = await eventually(() => readModel.tasks.getTask(input.taskId), (t) => t?.history?.acknowledgement !== undefined);
      expect(pending?.history?.acknowledgement).toMatchObject({ state: 'pending', acknowledgeBy: input.acknowledgeBy });
      // Through the whole break and the first working day after it: nothing.
      await suite.env.sleep((input.acknowledgeBy as number) - input.createdAt - HOUR);
      expect(await inbox(readModel, input.taskId)).toEqual([]);
      await suite.env.sleep(2 * HOUR);
      const [reminder, ...more] = await eventually(() => inbox(readModel, input.taskId), (n) => n.length > 0);
      expect(more).toEqual([]);
      expect(reminder).toMatchObject({ kind: 'acknowledgementReminder', to: 'staff@k1', at: input.acknowledgeBy });
      expect(reminder?.text).toContain('未签收');
      expect((await handle.query(getTask)).history.acknowledgement).toMatchObject({ state: 'pending', remindedAt: input.acknowledgeBy });
      // Late 签收 is still taken, and recorded as late against the window; the reminder is not sent again.
      await suite.env.sleep(DAY);
      const acknowledged = await handle.executeUpdate(acknowledgeTask, { args: [{ by: '县专干' }] });
      expect(acknowledged.history.acknowledgement).toMatchObject({ state: 'acknowledged', acknowledgedBy: '县专干' });
      expect(acknowledged.history.acknowledgement?.acknowledgedAt).toBeGreaterThan(input.acknowledgeBy as number);
      await suite.env.sleep(3 * DAY);
      expect((await inbox(readModel, input.taskId)).map((n) => n.kind)).toEqual(['acknowledgementReminder']);
      await handle.terminate('test done');
    });
  });

  it('sends no reminder to a unit that acknowledged during the break; acknowledging again changes nothing', async () => {
    const { readModel, worker, input, start } = await harness();
    await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(3 * DAY);
      const first = await handle.executeUpdate(acknowledgeTask, { args: [{ by: '县专干' }] });
      const again = await handle.executeUpdate(acknowledgeTask, { args: [{ by: '县专干' }] });
      expect(again.version).toBe(first.version);
      expect(again.history.acknowledgement).toEqual(first.history.acknowledgement);
      await suite.env.sleep(15 * DAY);
      expect(await inbox(readModel, input.taskId)).toEqual([]);
      // Acknowledged: it can no longer be sent back.
      expect((await updateRefusal(handle.executeUpdate(declineTask, { args: [{ by: '县专干', reason: '不是我们的' }] }))).type).toBe(NOT_ALLOWED);
      expect((await readModel.tasks.getTask(input.taskId))?.history?.acknowledgement?.state).toBe('acknowledged');
      await handle.terminate('test done');
    });
  });

  it('takes a completed step as 签收, and refuses work on a task sent back', async () => {
    const { worker, start } = await harness();
    await worker.runUntil(async () => {
      const handle = await start();
      const done = await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: CARE_FUND_STEPS[0]!.id }] });
      expect(done.history.acknowledgement).toMatchObject({ state: 'acknowledged', acknowledgedBy: '县专干', byWork: true });
      await handle.terminate('test done');
    });
    const other = await harness();
    await other.worker.runUntil(async () => {
      const handle = await other.start();
      await handle.executeUpdate(declineTask, { args: [{ by: '县专干', reason: '应由民政局承办' }] });
      expect((await updateRefusal(handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: CARE_FUND_STEPS[0]!.id }] }))).type).toBe(NOT_ALLOWED);
      expect((await updateRefusal(handle.executeUpdate(acknowledgeTask, { args: [{ by: '县专干' }] }))).type).toBe(NOT_ALLOWED);
      await handle.terminate('test done');
    });
  });

  it('回退 tells the issuing leader once; 改派 starts the task at the other unit and ends this one, withdrawn from the counts', async () => {
    const { readModel, worker, input, start } = await harness();
    const successorId = makeTaskId(input.assignmentId, 'k2');
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(2 * HOUR);
      const declined = await handle.executeUpdate(declineTask, { args: [{ by: '县专干', reason: '该事项属乙区管辖' }] });
      const again = await handle.executeUpdate(declineTask, { args: [{ by: '县专干', reason: '再说一次' }] });
      expect(again.history.acknowledgement).toEqual(declined.history.acknowledgement);
      expect(declined.history.acknowledgement).toMatchObject({ state: 'declined', declinedBy: '县专干', reason: '该事项属乙区管辖' });
      const notices = await inbox(readModel, input.taskId);
      expect(notices.map(({ kind, to }) => ({ kind, to }))).toEqual([{ kind: 'declined', to: 'leader@c1' }]);
      expect(notices[0]?.text).toContain('该事项属乙区管辖');

      // The same unit is no reassignment.
      expect((await updateRefusal(handle.executeUpdate(reassignTask, { args: [{ by: '市领导', unitId: 'k1' }] }))).type).toBe(INVALID_FIELD);
      await handle.executeUpdate(reassignTask, { args: [{ by: '市领导', unitId: 'k2', note: '改由乙区办理' }] });
      const ended = await handle.result();
      // The successor runs at k2: the same deadline and steps, its own 签收 window from the reassignment.
      const successor = suite.env.client.workflow.getHandle(taskWorkflowId(successorId));
      try {
        const snapshot = await successor.query(getTask);
        expect(snapshot).toMatchObject({ unitId: 'k2', dueAt: input.dueAt, status: 'open', history: { acknowledgement: { state: 'pending' } } });
        expect(snapshot.steps.map((s) => s.id)).toEqual(CARE_FUND_STEPS.map((s) => s.id));
        await eventually(() => readModel.tasks.getTask(successorId), (t) => t !== undefined && t.version > 0);
      } finally {
        await successor.terminate('test done').catch(() => undefined);
      }
      return ended;
    });
    expect(result.history.acknowledgement).toMatchObject({ state: 'reassigned', decidedBy: '市领导', reassignedTo: { unitId: 'k2', taskId: successorId } });

    // The assignment counts the successor, not the withdrawn task; the withdrawn one is still found by id.
    expect((await readModel.tasks.tasksOfAssignment(input.assignmentId)).map((t) => t.unitId)).toEqual(['k2']);
    expect((await readModel.tasks.getAssignment(input.assignmentId))?.taskCount).toBe(1);
    expect((await readModel.tasks.getTask(input.taskId))?.history?.acknowledgement?.state).toBe('reassigned');
    expect(await readModel.acknowledgements.isWithdrawn(input.taskId)).toBe(true);
  });

  it('撤销 ends a declined task and takes it out of its assignment; a task not declined cannot be cancelled', async () => {
    const { readModel, worker, input, start } = await harness();
    const result = await worker.runUntil(async () => {
      const handle = await start();
      expect((await updateRefusal(handle.executeUpdate(cancelTask, { args: [{ by: '市领导' }] }))).type).toBe(NOT_ALLOWED);
      await handle.executeUpdate(declineTask, { args: [{ by: '县专干', reason: '重复交办' }] });
      await handle.executeUpdate(cancelTask, { args: [{ by: '市领导', note: '确属重复，撤销' }] });
      return handle.result();
    });
    expect(result.history.acknowledgement).toMatchObject({ state: 'cancelled', decidedBy: '市领导', note: '确属重复，撤销' });
    expect(await readModel.tasks.tasksOfAssignment(input.assignmentId)).toEqual([]);
    expect((await readModel.tasks.getAssignment(input.assignmentId))?.taskCount).toBe(0);
    expect((await readModel.tasks.getTask(input.taskId))?.history?.acknowledgement?.state).toBe('cancelled');
  });
});
