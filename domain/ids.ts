import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';

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

/** The unit of a task of an assignment, from its id (taskId's inverse). */
export function unitOfTask(assignmentId: string, taskIdValue: string): string {
  return taskIdValue.slice(assignmentId.length + 1);
}

export function taskWorkflowId(taskIdValue: string): string {
  return `task/${taskIdValue.replace('.', '/')}`;
}

/** Ids that appear in URLs and workflow IDs: letters, digits, '-', '_' and '.'. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * The one way an id is derived from a business key: asking again with the same key meets the first (the same
 * event reported twice, a retried request with its Idempotency-Key, one follow-up per case and campaign). The parts
 * are JSON-encoded, so ('a', 'bc') and ('ab', 'c') differ; the id is the prefix and the first 64 bits of their
 * SHA-256 in hex. Pure JavaScript (@noble/hashes), so workflow code may import it; node:crypto it may not.
 */
export function derivedId(prefix: string, ...parts: ReadonlyArray<string | number>): string {
  return `${prefix}${bytesToHex(sha256(JSON.stringify(parts))).slice(0, 16)}`;
}
