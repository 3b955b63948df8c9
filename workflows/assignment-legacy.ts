import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { AssignmentInput, FanOutProgress } from '../contracts/assignment';
import { unitTaskStartOptions } from '../contracts/unit-task';
import { unitTaskWorkflow } from './unit-task';

const { registerAssignment } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const START_BATCH = 100;

/**
 * The first fan-out: every task a child workflow, started a batch at a time. Kept only so that assignments begun
 * before FAN_OUT_BY_ACTIVITY replay and finish; remove once none of them can still be running.
 */
export async function fanOutAsChildren(input: AssignmentInput, progress: FanOutProgress): Promise<void> {
  const plan = await registerAssignment(input);
  progress.taskCount = plan.tasks.length;
  for (let i = 0; i < plan.tasks.length; i += START_BATCH) {
    const batch = plan.tasks.slice(i, i + START_BATCH);
    await Promise.all(
      batch.map(async (task) => {
        try {
          await startChild(unitTaskWorkflow, {
            ...unitTaskStartOptions({
              taskId: task.taskId,
              assignmentId: input.assignmentId,
              directiveId: input.directiveId,
              unitId: task.unitId,
              createdAt: input.createdAt,
              dueAt: input.dueAt,
              steps: plan.steps,
            }),
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }),
    );
    progress.started += batch.length;
  }
}
