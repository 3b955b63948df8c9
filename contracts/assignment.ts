import type { WorkflowStartOptions } from '@temporalio/client';
import { defineUpdate } from '@temporalio/workflow';
import { assignmentWorkflowId } from '../domain/ids';
import type { OrgLevel } from '../domain/org';
import { ONCE_POLICIES } from './start-once';

export interface AssignmentInput {
  assignmentId: string;
  directiveId: string;
  /**
   * The directive's version the work is made from (立项), its steps and policy that version's. Absent in inputs
   * from before versions: the version current when the assignment is recorded.
   */
  directiveVersion?: number;
  scopeUnitId: string;
  /** The unit of the person who issued it (交办单位); absent for work the system issues (a schedule, an event, a follow-up). */
  assignedByUnitId?: string;
  dueAt: number;
  createdAt: number;
  /** When the period the work is for began, if before createdAt: a recurring period issued after it opened. */
  periodStartsAt?: number;
  note?: string;
  /** One task per unit of this level in the scope; the directive's own target level when absent. */
  targetLevel?: OrgLevel;
  /** An event-driven task: what started it. */
  event?: { type: string; subject: string; occurredAt: number };
  /**
   * Steps of this assignment's own instead of the directive's checklist: the follow-up of a failed screening has one
   * step per failed check of its case.
   */
  steps?: Array<{ id: string; title: string }>;
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
 * answers as soon as it is recorded; its progress is in the read model (each task marked as its workflow starts).
 */
export const registration = defineUpdate<AssignmentRegistration>('registration');

export const SYNC_FAN_OUT = 500;
/** Tasks per startTaskChunk activity: its result and heartbeat stay tiny, its retry redoes at most this many. */
export const CHUNK_SIZE = 500;
/** Chunks in flight at once. */
export const PARALLEL_CHUNKS = 4;

/** The workflow type callers start by name (workflows/index.ts exports it under this name). */
export const ASSIGNMENT_WORKFLOW = 'assignmentWorkflow';
export type AssignmentWorkflow = (input: AssignmentInput) => Promise<FanOutProgress>;

/** How every assignment is started: its id from the assignment's, met (never restarted) by a second start. */
export function assignmentStartOptions(input: AssignmentInput) {
  return {
    workflowId: assignmentWorkflowId(input.assignmentId),
    ...ONCE_POLICIES,
    args: [input] as [AssignmentInput],
  } satisfies Partial<WorkflowStartOptions>;
}
