import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { taskWorkflowId } from '../domain/ids';
import type { createActivities } from '../activities';
import { AssignmentIdKey, DirectiveIdKey, DueAtKey, TaskStatusKey, UnitIdKey } from './search-attributes';
import { unitTaskWorkflow } from './unit-task';

const { registerAssignment } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface AssignmentInput {
  assignmentId: string;
  directiveId: string;
  scopeUnitId: string;
  dueAt: number;
  createdAt: number;
  note?: string;
}

export interface AssignmentRegistration {
  assignmentId: string;
  taskCount: number;
}

export interface FanOutProgress {
  taskCount?: number;
  started: number;
}

/**
 * Answers once the assignment is recorded and every one of its task workflows has started: the API's definite
 * "created", after which any task can be worked on.
 */
export const registration = defineUpdate<AssignmentRegistration>('registration');
export const fanOutProgress = defineQuery<FanOutProgress>('fanOutProgress');

/** Children are started a batch at a time, bounding the commands in one workflow task. */
const START_BATCH = 100;

/**
 * A leader's assignment of a directive to a part of the org tree: records it, then starts one unit task per target
 * unit. The tasks outlive it (ABANDON), since each runs until its own work is done.
 */
export async function assignmentWorkflow(input: AssignmentInput): Promise<FanOutProgress> {
  let registered: AssignmentRegistration | undefined;
  let started = 0;

  setHandler(registration, async () => {
    await condition(() => registered !== undefined && started === registered.taskCount);
    return registered as AssignmentRegistration;
  });
  setHandler(fanOutProgress, () => ({ taskCount: registered?.taskCount, started }));

  const plan = await registerAssignment(input);
  registered = { assignmentId: input.assignmentId, taskCount: plan.tasks.length };

  for (let i = 0; i < plan.tasks.length; i += START_BATCH) {
    const batch = plan.tasks.slice(i, i + START_BATCH);
    await Promise.all(
      batch.map(async (task) => {
        try {
          await startChild(unitTaskWorkflow, {
            workflowId: taskWorkflowId(task.taskId),
            parentClosePolicy: ParentClosePolicy.ABANDON,
            typedSearchAttributes: [
              { key: AssignmentIdKey, value: input.assignmentId },
              { key: DirectiveIdKey, value: input.directiveId },
              { key: UnitIdKey, value: task.unitId },
              { key: TaskStatusKey, value: 'open' },
              { key: DueAtKey, value: new Date(input.dueAt) },
            ],
            args: [
              {
                taskId: task.taskId,
                assignmentId: input.assignmentId,
                directiveId: input.directiveId,
                unitId: task.unitId,
                createdAt: input.createdAt,
                dueAt: input.dueAt,
                steps: plan.steps,
              },
            ],
          });
        } catch (err) {
          // Already running from an earlier attempt: that task exists, which is all this loop is for.
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }),
    );
    started += batch.length;
  }

  await condition(allHandlersFinished);
  return { taskCount: plan.tasks.length, started };
}
