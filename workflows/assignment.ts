import { allHandlersFinished, condition, defineQuery, defineUpdate, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { OrgLevel } from '../domain/org';
import type { createActivities } from '../activities';
import { fanOutAsChildren } from './assignment-legacy';

const { recordAssignment, startTaskChunk } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  // A chunk reports its position; a worker that dies mid-chunk is noticed within a minute and the retry resumes.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface AssignmentInput {
  assignmentId: string;
  directiveId: string;
  scopeUnitId: string;
  dueAt: number;
  createdAt: number;
  note?: string;
  /** One task per unit of this level in the scope; the directive's own target level when absent. */
  targetLevel?: OrgLevel;
  /** An event-driven task: what started it. */
  event?: { type: string; subject: string; occurredAt: number };
  /** One period of a recurring assignment. */
  recurring?: { recurringId: string; periodKey: string; label: string };
}

export interface AssignmentRegistration {
  assignmentId: string;
  taskCount: number;
  /** Task workflows started when the answer was given; equal to taskCount unless the fan-out is large. */
  started: number;
}

export interface FanOutProgress {
  taskCount?: number;
  started: number;
}

/**
 * Answers once the assignment is recorded and, for an assignment of up to SYNC_FAN_OUT tasks, once every task
 * workflow has started: the API's definite "created", after which any task can be worked on. A larger fan-out
 * answers as soon as it is recorded; its progress is in fanOutProgress.
 */
export const registration = defineUpdate<AssignmentRegistration>('registration');
export const fanOutProgress = defineQuery<FanOutProgress>('fanOutProgress');

export const SYNC_FAN_OUT = 500;
/** Tasks per startTaskChunk activity: its result and heartbeat stay tiny, its retry redoes at most this many. */
export const CHUNK_SIZE = 500;
/** Chunks in flight at once. */
export const PARALLEL_CHUNKS = 4;

/** Marks histories whose tasks are started by activities in chunks, not as child workflows. */
export const FAN_OUT_BY_ACTIVITY = 'fan-out-by-activity';

/**
 * A leader's assignment of a directive to a part of the org tree: records it and its tasks in one transaction, then
 * starts one unit task workflow per target unit. Starting them from activities keeps this history at a few events
 * per 500 tasks and far from the pending-children limit, whatever the province's size; the tasks outlive it.
 */
export async function assignmentWorkflow(input: AssignmentInput): Promise<FanOutProgress> {
  const progress: FanOutProgress = { started: 0 };

  setHandler(registration, async () => {
    await condition(
      () => progress.taskCount !== undefined && (progress.started === progress.taskCount || progress.taskCount > SYNC_FAN_OUT),
    );
    return { assignmentId: input.assignmentId, taskCount: progress.taskCount as number, started: progress.started };
  });
  setHandler(fanOutProgress, () => ({ ...progress }));

  if (!patched(FAN_OUT_BY_ACTIVITY)) {
    // Histories recorded before the change started children; they must replay as they ran.
    await fanOutAsChildren(input, progress);
  } else {
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
  }

  await condition(allHandlersFinished);
  return { ...progress };
}
