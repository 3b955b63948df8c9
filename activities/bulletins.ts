import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { issueBulletin } from '../api/bulletins/figures';
import { monthBefore, scheduleActor } from '../domain/bulletin';
import { DEFAULT_LIGHT_THRESHOLDS, type LightThresholds } from '../domain/lights';
import type { ReadModel } from '../readmodel';
import type { BulletinRunResult } from '../contracts/bulletin';

export function createBulletinActivities({ readModel, lights = DEFAULT_LIGHT_THRESHOLDS, now = Date.now }: { readModel: ReadModel; lights?: LightThresholds; now?: () => number }) {
  return {
    /**
     * The scope's bulletin for the month before `at` (the Schedule's time), its figures as at now — the first
     * instants of the new month when the Schedule fires on time. Once per scope and month: a retry finds it made.
     */
    async issueScheduledBulletin({ scopeUnitId, at }: { scopeUnitId: string; at: number }): Promise<BulletinRunResult> {
      const scope = await readModel.org.get(scopeUnitId);
      if (!scope) throw ApplicationFailure.nonRetryable(`unknown unit ${scopeUnitId}`, 'UnknownUnit');
      const period = monthBefore(at);
      const run = Context.current().info.workflowExecution;
      const { bulletin, created } = await issueBulletin(readModel, {
        scope,
        period,
        at: now(),
        lights,
        createdBy: scheduleActor(scope),
        source: 'schedule',
        requestId: run ? `${run.workflowId}/${run.runId}` : 'schedule',
      });
      return { bulletinId: bulletin.id, period, created };
    },
  };
}
