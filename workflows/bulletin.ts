import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { BulletinRunInput, BulletinWorkflow } from '../contracts/bulletin';
import { scheduledTime } from './recurring';

const { issueScheduledBulletin } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One month's 通报 of a scope, started by its Schedule at the start of the month: the activity makes the bulletin
 * for the month before the scheduled time, once per scope and month however often it is retried or run.
 */
export const bulletinWorkflow: BulletinWorkflow = async (input: BulletinRunInput) => {
  const at = input.at ?? scheduledTime() ?? workflowInfo().startTime.getTime();
  return issueScheduledBulletin({ scopeUnitId: input.scopeUnitId, at });
};
