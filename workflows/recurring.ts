import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { assignmentStartOptions } from '../contracts/assignment';
import type { OccurrenceInput, RecurringOccurrenceWorkflow } from '../contracts/recurring';
import { assignmentWorkflow } from './assignment';

const { planOccurrence } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Set by the Temporal server on every workflow a Schedule starts, backfills included. */
const ScheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** The scheduled (not the actual) start: a backfilled January is January, whenever it runs. */
export function scheduledTime(): number | undefined {
  const info = workflowInfo();
  const typed = info.typedSearchAttributes.get(ScheduledStartTime);
  if (typed) return typed.getTime();
  // The server may send it without the type metadata the typed view needs.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const raw = info.searchAttributes?.[ScheduledStartTime.name]?.[0];
  const instant = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : undefined;
  return instant !== undefined && Number.isFinite(instant) ? instant : undefined;
}

/**
 * One period of a recurring assignment, started by its Schedule: finds the period the scheduled time opens, then
 * runs that period's assignment (a task per unit in scope). The assignment id is the period's, so a second start
 * for the same period — a retry, a manual trigger, an overlapping backfill — meets the first.
 */
export const recurringOccurrenceWorkflow: RecurringOccurrenceWorkflow = async (input: OccurrenceInput) => {
  const at = input.at ?? scheduledTime() ?? workflowInfo().startTime.getTime();
  const plan = await planOccurrence({ recurringId: input.recurringId, at });
  if (!plan) return { skipped: 'no period of this cadence is open at that time' };
  const periodKey = plan.recurring?.periodKey;
  try {
    const { workflowId, args, workflowIdReusePolicy } = assignmentStartOptions(plan);
    await executeChild(assignmentWorkflow, { workflowId, args, workflowIdReusePolicy });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { assignmentId: plan.assignmentId, ...(periodKey ? { periodKey } : {}) };
};
