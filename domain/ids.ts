/**
 * Workflow IDs are derived from business keys, so starting the same thing twice meets the existing workflow instead
 * of making a duplicate.
 */
export function assignmentWorkflowId(assignmentId: string): string {
  return `assignment/${assignmentId}`;
}

export function taskId(assignmentId: string, unitId: string): string {
  return `${assignmentId}.${unitId}`;
}

export function taskWorkflowId(taskIdValue: string): string {
  return `task/${taskIdValue.replace('.', '/')}`;
}

/** Ids that appear in URLs and workflow IDs: letters, digits, '-', '_' and '.'. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
