import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadModel } from '../../readmodel';
import { INVALID_FIELD, NOT_FOUND } from '../../contracts/refusals';
import { completeStep, getTask, type CompleteStepRequest } from '../../contracts/unit-task';
import { ROUNDS_DIRECTIVE_ID } from '../../domain/rounds';
import { DEFAULT_TASK_POLICY } from '../../domain/task-policy';
import { toZonedIso } from '../../domain/time';
import { CARE_FUND_STEPS, taskHarness, terminateStartedTasks } from '../support/task-harness';
import { eventually, onTimeSkippingServer, testDataConverter } from '../support/temporal';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const STEPS = CARE_FUND_STEPS;

describe('unit task workflow (time-skipping server)', () => {
  // Each test's server clock starts 2026-11-26, late November: the 150-day deadline reaches into a year whose holiday arrangement is not published.
  const suite = onTimeSkippingServer('2026-11-26T09:30:00+08:00');
  afterEach(terminateStartedTasks);

  const harness = (dueInMs: number) => taskHarness(suite.env, suite.bundle, dueInMs);

  const storedStatus = async (readModel: ReadModel, id: string) => (await readModel.tasks.getTask(id))?.status;

  it('turns overdue exactly at a deadline months away on the skipped clock, with nobody asking', async () => {
    const { readModel, worker, input, start } = await harness(150 * DAY);
    await worker.runUntil(async () => {
      const handle = await start();
      expect(await eventually(() => storedStatus(readModel, input.taskId), (s) => s === 'open')).toBe('open');

      // The server's clock also moves in real time while reminders are recorded, so stop a minute short.
      await suite.env.sleep(input.dueAt - (await suite.env.currentTimeMs()) - MINUTE);
      expect((await handle.query(getTask)).status).toBe('open');
      expect(await storedStatus(readModel, input.taskId)).toBe('open');

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
    const stored = await readModel.tasks.getTask(input.taskId);
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
    expect(await readModel.tasks.getTask(input.taskId)).toMatchObject({ status: 'done', late: false });
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
      expect((await readModel.tasks.getTask(input.taskId))?.stepsDone).toBe(1);
      await handle.terminate('test done');
    });
  });

  it('refuses, in its own validator, a rounds step completed without a visit record or with one dated after today', async () => {
    const { readModel, worker, input, start } = await taskHarness(suite.env, suite.bundle, 10 * DAY, DEFAULT_TASK_POLICY, ROUNDS_DIRECTIVE_ID);
    await worker.runUntil(async () => {
      const handle = await start();
      const refusal = (request: CompleteStepRequest) =>
        handle.executeUpdate(completeStep, { args: [request] }).then(
          () => undefined,
          (err: WorkflowUpdateFailedError) => err.cause as ApplicationFailure,
        );
      const stepId = STEPS[0]!.id;
      expect(await refusal({ by: '镇干部', stepId })).toMatchObject({ type: INVALID_FIELD, details: ['visit'] });
      const today = toZonedIso(await suite.env.currentTimeMs()).slice(0, 10);
      const tomorrow = toZonedIso((await suite.env.currentTimeMs()) + DAY).slice(0, 10);
      const visit = { date: tomorrow, visitors: '专职人员', findings: '正常' };
      expect(await refusal({ by: '镇干部', stepId, visit })).toMatchObject({ type: INVALID_FIELD, details: ['visit.date'] });
      expect((await readModel.tasks.getTask(input.taskId))?.stepsDone).toBe(0);
      expect(await refusal({ by: '镇干部', stepId, visit: { ...visit, date: today } })).toBeUndefined();
      expect((await handle.query(getTask)).steps[0]?.visit).toEqual({ ...visit, date: today });
      await handle.terminate('test done');
    });
  });

  it('refuses, in its own validator, a visit dated outside the task’s period, and a visit on a step that asks none', async () => {
    // November's rounds issued on the 26th (issueCurrentPeriod): the period opened on 1 November, due 10 days on.
    const rounds = await taskHarness(suite.env, suite.bundle, 10 * DAY, DEFAULT_TASK_POLICY, ROUNDS_DIRECTIVE_ID);
    rounds.input.periodStartsAt = Date.parse('2026-11-01T00:00:00+08:00');
    const careFund = await harness(10 * DAY);
    const refusal = (handle: WorkflowHandle, request: CompleteStepRequest) =>
      handle.executeUpdate(completeStep, { args: [request] }).then(
        () => undefined,
        (err: WorkflowUpdateFailedError) => err.cause as ApplicationFailure,
      );
    const visit = (date: string) => ({ date, visitors: '专职人员', findings: '正常' });
    await rounds.worker.runUntil(async () => {
      const handle = await rounds.start();
      const [first, second] = STEPS.map((s) => s.id) as [string, string];
      for (const date of ['2026-10-15', '1999-01-01', '2026-10-31']) {
        const refused = await refusal(handle, { by: '镇干部', stepId: first, visit: visit(date) });
        expect(refused, date).toMatchObject({ type: INVALID_FIELD, details: ['visit.date'] });
        expect(refused?.message).toContain('2026-11-01 to 2026-12-06');
      }
      expect((await rounds.readModel.tasks.getTask(rounds.input.taskId))?.stepsDone).toBe(0);
      // The period's first day counts, though the task was issued weeks later.
      expect(await refusal(handle, { by: '镇干部', stepId: first, visit: visit('2026-11-01') })).toBeUndefined();
      expect(await refusal(handle, { by: '镇干部', stepId: second, visit: visit('2026-11-26') })).toBeUndefined();
      expect((await handle.query(getTask)).steps.map((s) => s.visit?.date)).toEqual(['2026-11-01', '2026-11-26']);
      await handle.terminate('test done');
    });
    await careFund.worker.runUntil(async () => {
      const handle = await careFund.start();
      const refused = await refusal(handle, { by: '县专干', stepId: STEPS[0]!.id, visit: visit('2026-11-26') });
      expect(refused).toMatchObject({ type: INVALID_FIELD, details: ['visit'] });
      expect((await handle.query(getTask)).steps[0]?.completedAt).toBeUndefined();
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
