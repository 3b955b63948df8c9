import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { BULLETIN_WORKFLOW } from '../contracts/bulletin';
import { bulletinScheduleId } from '../domain/bulletin';
import { ZONE } from '../domain/time';
import { scheduleOnce } from '../platform/start-once';

/**
 * The monthly 通报 of a scope: a Temporal Schedule (`bulletin/<unit>`, Asia/Shanghai) that on the 1st of each month,
 * a few minutes after midnight — once the month's last deadlines have passed — makes the bulletin for the month
 * before. Created once: at every start-up the id meets the Schedule already there (false).
 */
export function startBulletinSchedule(client: Client, scopeUnitId: string, taskQueue: string): Promise<boolean> {
  return scheduleOnce(client, {
    scheduleId: bulletinScheduleId(scopeUnitId),
    spec: { calendars: [{ dayOfMonth: 1, hour: 0, minute: 5, comment: '通报 of the month before' }], timezone: ZONE },
    action: {
      type: 'startWorkflow',
      workflowType: BULLETIN_WORKFLOW,
      args: [{ scopeUnitId }],
      taskQueue,
      workflowId: bulletinScheduleId(scopeUnitId),
    },
    // A month missed while the cluster was down is made when it is back, within the month.
    policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '28 days' },
    memo: { scopeUnitId },
  });
}
