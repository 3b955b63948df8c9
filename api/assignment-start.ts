import type { Client } from '@temporalio/client';
import { assignmentWorkflowId } from '../domain/ids';
import { startOnce } from '../platform/start-once';
import type { AssignmentRecord, ReadModel } from '../readmodel';
import {
  ASSIGNMENT_WORKFLOW,
  assignmentStartOptions,
  fanOutProgress,
  registration,
  type AssignmentInput,
  type AssignmentRegistration,
} from '../contracts/assignment';
import { idempotencyConflict } from './errors';

/** How many task workflows have started: asked of the assignment workflow while it runs, complete after. */
export async function fanOutOf(client: Client, assignment: AssignmentRecord) {
  const handle = client.workflow.getHandle(assignmentWorkflowId(assignment.id));
  const { status } = await handle.describe();
  const started =
    status.name === 'RUNNING'
      ? (await handle.query(fanOutProgress)).started
      : status.name === 'COMPLETED'
        ? assignment.taskCount
        : undefined;
  return { taskCount: assignment.taskCount, started, complete: started === assignment.taskCount, workflowStatus: status.name };
}

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
  const { started } = await fanOutOf(client, existing);
  return { registration: { assignmentId: existing.id, taskCount: existing.taskCount, started: started ?? 0 }, replayed: true };
}
