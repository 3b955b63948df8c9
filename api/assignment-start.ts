import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { assignmentWorkflowId } from '../domain/ids';
import type { AssignmentRecord, ReadModel } from '../readmodel';
import {
  ASSIGNMENT_WORKFLOW,
  fanOutProgress,
  registration,
  type AssignmentInput,
  type AssignmentRegistration,
  type AssignmentWorkflow,
} from '../contracts/assignment';
import { HttpError } from './errors';

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
  const replay = async (existing: AssignmentRecord) => {
    if (!sameRequest(existing)) {
      throw new HttpError(409, 'idempotency_conflict', 'Idempotency-Key was used before for a different request');
    }
    const { started } = await fanOutOf(client, existing);
    return { registration: { assignmentId: existing.id, taskCount: existing.taskCount, started: started ?? 0 }, replayed: true };
  };

  const existing = readModel.tasks.getAssignment(input.assignmentId);
  if (existing) return replay(existing);
  try {
    // Start and first update in one call: the answer comes once the assignment is recorded and its tasks started.
    const result = await client.workflow.executeUpdateWithStart(registration, {
      startWorkflowOperation: new WithStartWorkflowOperation<AssignmentWorkflow>(ASSIGNMENT_WORKFLOW, {
        workflowId: assignmentWorkflowId(input.assignmentId),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    });
    return { registration: result, replayed: false };
  } catch (err) {
    // A concurrent retry finished first and its workflow has already closed: answer from what it recorded.
    const recorded = err instanceof WorkflowExecutionAlreadyStartedError && readModel.tasks.getAssignment(input.assignmentId);
    if (!recorded) throw err;
    return replay(recorded);
  }
}
