import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskId as makeTaskId, taskWorkflowId } from '../../domain/ids';
import type { ReadModel } from '../../readmodel';
import { createWorker } from '../../worker/create-worker';
import { completeStep, getTask, unitTaskWorkflow, type UnitTaskInput } from '../../workflows/unit-task';
import { UNKNOWN_STEP } from '../../workflows/unit-task-state';
import { SMALL_ORG } from '../support/org';
import { bundleWorkflows, eventually, tempReadModel, timeSkippingEnv, uniqueId } from '../support/temporal';

const DAY = 24 * 60 * 60 * 1000;
const STEPS = [
  { id: 'brief-donors', title: '汇报' },
  { id: 'establish-fund', title: '成立' },
];

describe('unit task workflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    [env, bundle] = await Promise.all([timeSkippingEnv(), bundleWorkflows()]);
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function harness(dueInMs: number) {
    const readModel = tempReadModel(SMALL_ORG);
    const taskQueue = uniqueId('q');
    const assignmentId = uniqueId('a');
    const now = await env.currentTimeMs();
    const input: UnitTaskInput = {
      taskId: makeTaskId(assignmentId, 'k1'),
      assignmentId,
      directiveId: 'care-fund-establishment',
      unitId: 'k1',
      createdAt: now,
      dueAt: now + dueInMs,
      steps: STEPS,
    };
    readModel.tasks.registerAssignment(
      { id: assignmentId, directiveId: input.directiveId, scopeUnitId: 'k1', targetLevel: 'county', dueAt: input.dueAt, createdAt: now, taskCount: 1 },
      [{ taskId: input.taskId, unitId: 'k1', unitPath: '/c1/k1/' }],
      STEPS,
    );
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      readModel,
      client: env.client,
      workflowBundle: bundle,
    });
    const start = () =>
      env.client.workflow.start(unitTaskWorkflow, { args: [input], workflowId: taskWorkflowId(input.taskId), taskQueue });
    return { readModel, worker, input, start };
  }

  const storedStatus = (readModel: ReadModel, id: string) => readModel.tasks.getTask(id)?.status;

  it('turns overdue exactly at a deadline months away, in seconds, with nobody asking', async () => {
    const { readModel, worker, input, start } = await harness(150 * DAY);
    const wallStart = Date.now();
    await worker.runUntil(async () => {
      const handle = await start();
      expect(await eventually(() => storedStatus(readModel, input.taskId), (s) => s === 'open')).toBe('open');

      await env.sleep(input.dueAt - (await env.currentTimeMs()) - 1);
      expect((await handle.query(getTask)).status).toBe('open');
      expect(storedStatus(readModel, input.taskId)).toBe('open');

      await env.sleep(2);
      const stored = await eventually(() => readModel.tasks.getTask(input.taskId), (t) => t?.status === 'overdue');
      expect(stored?.status).toBe('overdue');
      expect(stored?.overdueAt).toBeGreaterThanOrEqual(input.dueAt);
      expect((stored?.overdueAt as number) - input.dueAt).toBeLessThan(1000);
    });
    // Five months of workflow time; a real-time wait would never finish.
    expect(Date.now() - wallStart).toBeLessThan(60_000);
  });

  it('keeps an overdue task completable and records the completion as late', async () => {
    const { readModel, worker, input, start } = await harness(30 * DAY);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await env.sleep(31 * DAY);
      await eventually(() => storedStatus(readModel, input.taskId), (s) => s === 'overdue');
      for (const step of STEPS) await handle.executeUpdate(completeStep, { args: [{ stepId: step.id, note: '补办' }] });
      const snapshot = await handle.result();
      if (process.env.RECORD_HISTORIES) {
        const history = await handle.fetchHistory();
        writeFileSync(join(__dirname, '../fixtures/histories/unit-task-late.json'), historyToJSON(history));
      }
      return snapshot;
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
      await env.sleep(2 * DAY);
      for (const step of STEPS) await handle.executeUpdate(completeStep, { args: [{ stepId: step.id }] });
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
      const first = await handle.executeUpdate(completeStep, { args: [{ stepId: 'brief-donors', evidence: ['纪要.pdf'] }] });
      const second = await handle.executeUpdate(completeStep, { args: [{ stepId: 'brief-donors', evidence: ['other.pdf'] }] });
      expect(second).toEqual(first);
      expect(second.steps[0]?.evidence).toEqual(['纪要.pdf']);

      const rejected = await handle.executeUpdate(completeStep, { args: [{ stepId: 'no-such-step' }] }).catch((e) => e);
      expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((rejected as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
      expect(((rejected as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(UNKNOWN_STEP);
      expect(readModel.tasks.getTask(input.taskId)?.stepsDone).toBe(1);
      await handle.terminate('test done');
    });
  });

  it('replays its own history deterministically', async () => {
    const { worker, start } = await harness(5 * DAY);
    const history = await worker.runUntil(async () => {
      const handle = await start();
      await env.sleep(6 * DAY);
      for (const step of STEPS) await handle.executeUpdate(completeStep, { args: [{ stepId: step.id }] });
      await handle.result();
      return handle.fetchHistory();
    });
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history)).resolves.toBeUndefined();
  });
});
