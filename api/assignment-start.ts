import type { Client } from '@temporalio/client';
import { startOnce } from '../platform/start-once';
import type { AssignmentRecord, ReadModel } from '../readmodel';
import {
  ASSIGNMENT_WORKFLOW,
  assignmentStartOptions,
  registration,
  type AssignmentInput,
  type AssignmentRegistration,
} from '../contracts/assignment';
import { idempotencyConflict } from './errors';

/**
 * Starts an assignment (or an event's task) and answers once it is recorded, or gives the first answer again when
 * the same id was started before — but only if `sameRequest` agrees it is the same request (409 otherwise).
 */
export async function startAssignment(
  { client, readModel, taskQueue }: { client: Client; readModel: ReadModel; taskQueue: string },
  input: AssignmentInput,
  sameRequest: (existing: AssignmentRecord) => boolean,
): Promise<{ registration: AssignmentRegistration; replayed: boolean }> {
  // The answer comes once the assignment is recorded and its tasks started.
  const once = await startOnce(client, {
    workflowType: ASSIGNMENT_WORKFLOW,
    options: { ...assignmentStartOptions(input), taskQueue },
    firstUpdate: registration,
    recorded: () => readModel.tasks.getAssignment(input.assignmentId),
  });
  if (once.started) return { registration: once.answer, replayed: false };
  const existing = once.record;
  if (!existing) throw new Error(`assignment ${input.assignmentId}: its workflow has ended but nothing was recorded`);
  if (!sameRequest(existing)) throw idempotencyConflict('Idempotency-Key was used before for a different request');
  const started = await readModel.tasks.startedTaskCount(existing.id);
  return { registration: { assignmentId: existing.id, taskCount: existing.taskCount, started }, replayed: true };
}
