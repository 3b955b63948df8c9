import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  campaignRegistration,
  campaignState,
  SCREENING_CHUNK,
  SYNC_SCREENINGS,
  type CampaignInput,
  type CampaignProgressState,
  type RescreeningCampaignWorkflow,
} from '../contracts/rescreening-campaign';

const { recordCampaign, openCampaign, markCampaignFannedOut, endCampaign } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const { openScreeningChunk } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  // A chunk heartbeats how far it got; a worker that dies mid-chunk is noticed within a minute and the retry resumes.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * A re-screening campaign (再排查): recorded at once, asleep until it opens (ahead of a sensitive period this is
 * weeks away), then opens a screening on every case in its scope, page by page from the read model, and ends at its
 * deadline. Each case's workflow holds its own screening, deadline and follow-up, so this history stays at a few
 * events per 200 cases, and continues as new if a province-sized ledger still makes it long.
 */
export const rescreeningCampaignWorkflow: RescreeningCampaignWorkflow = async (input: CampaignInput, carried?: CampaignProgressState) => {
  const progress: CampaignProgressState = carried ?? { recorded: false, status: 'scheduled', opened: 0, fannedOut: false };
  let waitingToOpen = false;

  setHandler(campaignState, () => ({ ...progress }));
  setHandler(campaignRegistration, async () => {
    await condition(() => progress.recorded && (waitingToOpen || progress.fannedOut || progress.opened >= SYNC_SCREENINGS));
    return { ...progress };
  });

  if (!progress.recorded) {
    await recordCampaign(input);
    progress.recorded = true;
  }

  if (progress.status === 'scheduled') {
    const wait = input.opensAt - Date.now();
    if (wait > 0) {
      waitingToOpen = true;
      await sleep(wait);
      waitingToOpen = false;
    }
    await openCampaign({ campaignId: input.campaignId, at: Date.now() });
    progress.status = 'open';
  }

  while (!progress.fannedOut) {
    const chunk = await openScreeningChunk({
      campaign: input,
      ...(progress.afterCaseId !== undefined ? { afterCaseId: progress.afterCaseId } : {}),
      limit: SCREENING_CHUNK,
    });
    progress.opened += chunk.opened;
    if (chunk.lastCaseId !== undefined) progress.afterCaseId = chunk.lastCaseId;
    if (chunk.done) {
      await markCampaignFannedOut(input.campaignId);
      progress.fannedOut = true;
    } else if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof rescreeningCampaignWorkflow>(input, progress);
    }
  }

  const untilDue = input.dueAt - Date.now();
  if (untilDue > 0) await sleep(untilDue);
  await endCampaign({ campaignId: input.campaignId, at: Date.now() });
  progress.status = 'ended';

  await condition(allHandlersFinished);
  return { ...progress };
};
