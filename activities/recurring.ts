import { ApplicationFailure } from '@temporalio/common';
import type { OrgLevel } from '../domain/org';
import { issueAt } from '../domain/recurring-plan';
import type { ReadModel } from '../readmodel';
import type { AssignmentInput } from '../contracts/assignment';
import { periodAssignmentId } from '../contracts/recurring';

export function createRecurringActivities({ readModel }: { readModel: ReadModel }) {
  return {
    /** The assignment for the period open at `at`, or null between periods (a holiday cadence's off-season). */
    async planOccurrence({ recurringId, at }: { recurringId: string; at: number }): Promise<AssignmentInput | null> {
      const recurring = await readModel.recurring.get(recurringId);
      if (!recurring) throw ApplicationFailure.nonRetryable(`unknown recurring assignment ${recurringId}`, 'UnknownRecurring');
      const directive = await readModel.directives.of(recurring.directiveId, recurring.directiveVersion);
      if (!directive) throw ApplicationFailure.nonRetryable(`unknown directive ${recurring.directiveId}`, 'UnknownDirective');
      // The one rule of what a firing issues (domain/recurring-plan.ts), which 预演 shows ahead, on the calendar as it
      // is now: the period's deadline is fixed from it at issue (an activity's result is recorded).
      const issue = issueAt({ cadence: recurring.cadence, windows: recurring.windows, directive, calendar: await readModel.workCalendar() }, at);
      if (!issue) return null;
      const { occurrence } = issue;
      return {
        assignmentId: periodAssignmentId(recurring.id, occurrence.periodKey),
        directiveId: recurring.directiveId,
        // Every period takes the version the duty was made from, whatever was published after.
        directiveVersion: recurring.directiveVersion,
        scopeUnitId: recurring.scopeUnitId,
        targetLevel: recurring.targetLevel as OrgLevel,
        dueAt: occurrence.dueAt,
        createdAt: issue.createdAt,
        ...(issue.periodStartsAt !== undefined ? { periodStartsAt: issue.periodStartsAt } : {}),
        note: occurrence.label,
        recurring: { recurringId: recurring.id, periodKey: occurrence.periodKey, label: occurrence.label },
      };
    },
  };
}
