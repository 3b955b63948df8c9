import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadModel } from '../../readmodel';
import { NOT_FOUND } from '../../contracts/refusals';
import { completeStep, getTask } from '../../contracts/unit-task';
import { CARE_FUND_STEPS, taskHarness, terminateStartedTasks } from '../support/task-harness';
import { eventually, onTimeSkippingServer, testDataConverter } from '../support/temporal';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const STEPS = CARE_FUND_STEPS;

describe('unit task workflow (time-skipping server)', () => {
  // The server's clock starts 2026-11-26, late November: the 150-day deadline reaches into a year whose holiday arrangement is not published.
  const suite = onTimeSkippingServer('2026-11-26T09:30:00+08:00');
  afterEach(terminateStartedTasks);

  const harness = (dueInMs: number) => taskHarness(suite.env, suite.bundle, dueInMs);

  const storedStatus = (readModel: ReadModel, id: string) => readModel.tasks.getTask(id)?.status;

  it('turns overdue exactly at a deadline months away on the skipped clock, with nobody asking', async () => {
    const { readModel, worker, input, start } = await harness(150 * DAY);
    await worker.runUntil(async () => {
      const handle = await start();
      expect(await eventually(() => storedStatus(readModel, input.taskId), (s) => s === 'open')).toBe('open');

      // The server's clock also moves in real time while reminders are recorded, so stop a minute short.
      await suite.env.sleep(input.dueAt - (await suite.env.currentTimeMs()) - MINUTE);
      expect((await handle.query(getTask)).status).toBe('open');
      expect(storedStatus(readModel, input.taskId)).toBe('open');

      await suite.env.sleep(2 * MINUTE);
      const stored = await eventually(() => readModel.tasks.getTask(input.taskId), (t) => t?.status === 'overdue');
      expect(stored?.status).toBe('overdue');
      expect(stored?.overdueAt).toBeGreaterThanOrEqual(input.dueAt);
      expect((stored?.overdueAt as number) - input.dueAt).toBeLessThan(1000);
      // Its escalation timer would fire later with no worker to run it, which stops the test server skipping time.
      await handle.terminate('test done');
    });
  });

  it('keeps an overdue task completable and records the completion as late', async () => {
    const { readModel, worker, input, start } = await harness(30 * DAY);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(31 * DAY);
      await eventually(() => storedStatus(readModel, input.taskId), (s) => s === 'overdue');
      for (const step of STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id, note: '补办' }] });
      return handle.result();
    });
    expect(result.status).toBe('done');
    expect(result.late).toBe(true);
    expect(result.doneAt).toBeGreaterThan(input.dueAt);
    const stored = readModel.tasks.getTask(input.taskId);
    expect(stored).toMatchObject({ status: 'done', late: true, stepsDone: 2, overdueAt: result.overdueAt });
  });

  it('finishes on time when every step is done before the deadline, and is never marked overdue', async () => {
    const { readModel, worker, input, start } = await harness(10 * DAY);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(2 * DAY);
      for (const step of STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'done', late: false });
    expect(result.overdueAt).toBeUndefined();
    expect(readModel.tasks.getTask(input.taskId)).toMatchObject({ status: 'done', late: false });
  });

  it('gives the same answer to a repeated completion and rejects a step the task does not have', async () => {
    const { readModel, worker, input, start } = await harness(10 * DAY);
    await worker.runUntil(async () => {
      const handle = await start();
      const first = await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: 'brief-donors', evidence: ['纪要.pdf'] }] });
      const second = await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: 'brief-donors', evidence: ['other.pdf'] }] });
      expect(second).toEqual(first);
      expect(second.steps[0]?.evidence).toEqual(['纪要.pdf']);

      const rejected = await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: 'no-such-step' }] }).catch((e) => e);
      expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((rejected as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
      expect(((rejected as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(NOT_FOUND);
      expect(readModel.tasks.getTask(input.taskId)?.stepsDone).toBe(1);
      await handle.terminate('test done');
    });
  });

  it('replays its own history deterministically', async () => {
    const { worker, start } = await harness(5 * DAY);
    const history = await worker.runUntil(async () => {
      const handle = await start();
      await suite.env.sleep(6 * DAY);
      for (const step of STEPS) await handle.executeUpdate(completeStep, { args: [{ by: '县专干', stepId: step.id }] });
      await handle.result();
      return handle.fetchHistory();
    });
    await expect(Worker.runReplayHistory({ workflowBundle: suite.bundle, dataConverter: testDataConverter }, history)).resolves.toBeUndefined();
  });
});
