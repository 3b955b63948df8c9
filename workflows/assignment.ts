import type { RetryPolicy } from '@temporalio/common';
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  CHUNK_SIZE,
  PARALLEL_CHUNKS,
  registration,
  SYNC_FAN_OUT,
  type AssignmentInput,
  type AssignmentWorkflow,
  type FanOutProgress,
} from '../contracts/assignment';

const retry: RetryPolicy = { initialInterval: '1 second', maximumInterval: '30 seconds' };

// Recording is one transaction that does not heartbeat; a province's takes seconds, so only its start-to-close bounds it.
const { recordAssignment } = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '10 minutes', retry });

const { startTaskChunk } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  // A chunk reports its position after each batch and that it is alive after each start; a worker that dies
  // mid-chunk is noticed within 20 s and the retry resumes where it got to. (With a minute, npm run chaos saw the
  // fan-out stop for a minute after a kill -9 of the worker holding its chunks.)
  heartbeatTimeout: '20 seconds',
  retry,
});

/**
 * A leader's assignment of a directive to a part of the org tree: records it and its tasks in one transaction, then
 * starts one unit task workflow per target unit. Starting them from activities keeps this history at a few events
 * per 500 tasks and far from the pending-children limit, whatever the province's size; the tasks outlive it.
 */
export const assignmentWorkflow: AssignmentWorkflow = async (input: AssignmentInput) => {
  const progress: FanOutProgress = { started: 0 };

  setHandler(registration, async () => {
    await condition(
      () => progress.taskCount !== undefined && (progress.started === progress.taskCount || progress.taskCount > SYNC_FAN_OUT),
    );
    return { assignmentId: input.assignmentId, taskCount: progress.taskCount as number, started: progress.started };
  });

  const { taskCount } = await recordAssignment(input);
  progress.taskCount = taskCount;
  const chunks = Math.ceil(taskCount / CHUNK_SIZE);
  let next = 0;
  const lane = async () => {
    while (next < chunks) {
      const offset = next++ * CHUNK_SIZE;
      progress.started += await startTaskChunk({ input, offset, limit: CHUNK_SIZE });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CHUNKS, chunks) }, lane));

  await condition(allHandlersFinished);
  return { ...progress };
};
