import type { WorkflowStartOptions } from '@temporalio/client';
import { taskWorkflowId } from '../domain/ids';
import { AssignmentIdKey, DirectiveIdKey, DueAtKey, TaskStatusKey, UnitIdKey } from './search-attributes';
import type { UnitTaskInput } from './unit-task-state';

/**
 * How every unit task is started, whoever starts it: its id from the business key (so a second start meets the
 * first), its search attributes, and a reuse policy that never restarts a finished task.
 */
export function unitTaskStartOptions(input: UnitTaskInput) {
  return {
    workflowId: taskWorkflowId(input.taskId),
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: AssignmentIdKey, value: input.assignmentId },
      { key: DirectiveIdKey, value: input.directiveId },
      { key: UnitIdKey, value: input.unitId },
      { key: TaskStatusKey, value: 'open' },
      { key: DueAtKey, value: new Date(input.dueAt) },
    ],
    args: [input] as [UnitTaskInput],
  } satisfies Partial<WorkflowStartOptions>;
}
