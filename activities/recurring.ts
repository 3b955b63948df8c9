import { ApplicationFailure } from '@temporalio/common';
import { occurrenceAt } from '../domain/recurrence';
import type { OrgLevel } from '../domain/org';
import type { ReadModel } from '../readmodel';
import type { AssignmentInput } from '../contracts/assignment';
import { periodAssignmentId } from '../contracts/recurring';

export function createRecurringActivities({ readModel }: { readModel: ReadModel }) {
  return {
    /** The assignment for the period open at `at`, or null between periods (a holiday cadence's off-season). */
    async planOccurrence({ recurringId, at }: { recurringId: string; at: number }): Promise<AssignmentInput | null> {
      const recurring = readModel.recurring.get(recurringId);
      if (!recurring) throw ApplicationFailure.nonRetryable(`unknown recurring assignment ${recurringId}`, 'UnknownRecurring');
      const occurrence = occurrenceAt(recurring.cadence, at, recurring.windows, readModel.directives.occurrenceDeadline(recurring));
      if (!occurrence) return null;
      return {
        assignmentId: periodAssignmentId(recurring.id, occurrence.periodKey),
        directiveId: recurring.directiveId,
        // Every period takes the version the duty was made from, whatever was published after.
        directiveVersion: recurring.directiveVersion,
        scopeUnitId: recurring.scopeUnitId,
        targetLevel: recurring.targetLevel as OrgLevel,
        dueAt: occurrence.dueAt,
        createdAt: at,
        // Issued after its period opened (issueCurrentPeriod): the work, and its visits, count from the opening.
        ...(occurrence.opensAt < at ? { periodStartsAt: occurrence.opensAt } : {}),
        note: occurrence.label,
        recurring: { recurringId: recurring.id, periodKey: occurrence.periodKey, label: occurrence.label },
      };
    },
  };
}
