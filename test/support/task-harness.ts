import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { taskId as makeTaskId, taskWorkflowId } from '../../domain/ids';
import { DEFAULT_TASK_POLICY, type TaskPolicy } from '../../domain/task-policy';
import { createWorker } from '../../worker/create-worker';
import { UNIT_TASK_WORKFLOW, type UnitTaskInput, type UnitTaskWorkflow } from '../../contracts/unit-task';
import { SMALL_ORG } from './org';
import { tempReadModel, testDataConverter, uniqueId } from './temporal';

export const CARE_FUND_STEPS = [
  { id: 'brief-donors', title: '汇报' },
  { id: 'establish-fund', title: '成立' },
];

/**
 * One county task (甲县 k1, assigned by the city c1) on its own read model, task queue and worker: the unit task
 * workflow as the fan-out starts it, due `dueInMs` from the test server's now.
 */
export async function taskHarness(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundleWithSourceMap,
  dueInMs: number,
  policy: TaskPolicy = DEFAULT_TASK_POLICY,
  directiveId = 'care-fund-establishment',
) {
  const readModel = await tempReadModel(SMALL_ORG);
  const taskQueue = uniqueId('q');
  const assignmentId = uniqueId('a');
  const now = await env.currentTimeMs();
  const input: UnitTaskInput = {
    taskId: makeTaskId(assignmentId, 'k1'),
    assignmentId,
    directiveId,
    unitId: 'k1',
    createdAt: now,
    dueAt: now + dueInMs,
    steps: CARE_FUND_STEPS,
    policy,
  };
  await readModel.tasks.registerAssignment(
    { id: assignmentId, directiveId: input.directiveId, scopeUnitId: 'c1', targetLevel: 'county', dueAt: input.dueAt, createdAt: now, taskCount: 1 },
    [{ taskId: input.taskId, unitId: 'k1', unitPath: '/c1/k1/' }],
    CARE_FUND_STEPS,
  );
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    readModel,
    client: env.client,
    dataConverter: testDataConverter,
    workflowBundle: bundle,
  });
  const start = async () => {
    const handle = await env.client.workflow.start<UnitTaskWorkflow>(UNIT_TASK_WORKFLOW, { args: [input], workflowId: taskWorkflowId(input.taskId), taskQueue });
    started.push(handle);
    return handle;
  };
  return { readModel, worker, input, start };
}

const started: WorkflowHandle[] = [];

/**
 * Terminates every task the harness started. A task left running (by a failed test) keeps timers that fire with no
 * worker to run them, which stops the file's time-skipping server from skipping time for every later test in it.
 */
export async function terminateStartedTasks(): Promise<void> {
  await Promise.all(started.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
}
