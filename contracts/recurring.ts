/** One period of a recurring assignment, as its Schedule starts it. */
export interface OccurrenceInput {
  recurringId: string;
  /** The instant the occurrence is for; absent when a Schedule starts it, whose scheduled time is used. */
  at?: number;
}

export interface OccurrenceResult {
  periodKey?: string;
  assignmentId?: string;
  /** Why nothing was started (a holiday cadence between its windows). */
  skipped?: string;
}

/** The workflow type a Schedule starts by name (workflows/index.ts exports it under this name). */
export const RECURRING_OCCURRENCE_WORKFLOW = 'recurringOccurrenceWorkflow';
export type RecurringOccurrenceWorkflow = (input: OccurrenceInput) => Promise<OccurrenceResult>;

/** The assignment of one period: its id is the recurring assignment's plus the period key. */
export function periodAssignmentId(recurringId: string, periodKey: string): string {
  return `${recurringId}-${periodKey}`;
}
