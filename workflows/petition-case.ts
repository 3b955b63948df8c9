import { condition, continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  acceptCase,
  answerReReview,
  answerReview,
  closeCase,
  extendCase,
  getPetitionCase,
  openScreening,
  recordScreening,
  replyCase,
  requestReReview,
  requestReview,
  type PetitionCaseCarry,
  type PetitionCaseInput,
  type PetitionCaseWorkflow,
  type ReviewRequest,
} from '../contracts/petition-case';
import { failedChecks, type ScreeningChecks } from '../domain/petition-campaign';
import { EntityRuntime } from './entity-runtime';
import { PetitionCase, type StageAction } from './petition-case-state';

const { projectPetitionCase, startRescreeningFollowUp } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // Projection and starting the follow-up are idempotent: retry until they land.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const STEP_UPDATES = [
  [acceptCase, 'accept'],
  [replyCase, 'reply'],
  [requestReview, 'requestReview'],
  [answerReview, 'answerReview'],
  [requestReReview, 'requestReReview'],
  [answerReReview, 'answerReReview'],
] as const satisfies ReadonlyArray<readonly [unknown, StageAction]>;

/**
 * One petition case (一人一事) for as long as it may be screened again: its statutory clocks as timers (reminder,
 * overdue at the deadline, escalation), its steps as updates, and its re-screenings. It never completes — a closed
 * case is still screened — and continues as new when its history grows.
 */
export const petitionCaseWorkflow: PetitionCaseWorkflow = async (input: PetitionCaseInput, carry?: PetitionCaseCarry) => {
  const state = new PetitionCase(input, carry);
  const runtime = new EntityRuntime(
    state,
    {
      project: projectPetitionCase,
      notification: (notice) => ({
        ...notice,
        subjectType: 'petitionCase',
        subjectId: input.caseId,
        unitId: input.unitId,
        at: Date.now(),
      }),
      continueAsNew: () => continueAsNew<PetitionCaseWorkflow>(input, state.carry()),
    },
    getPetitionCase,
  );

  // The audit trail's names for the steps, as the API has always recorded them (留痕); each entry names its step as the
  // case's log does.
  for (const [update, action] of STEP_UPDATES) {
    runtime.update(update, {
      audited: `petition.${action}`,
      stepId: () => action,
      validate: (r: ReviewRequest, now) => state.validateStep(action, r, now),
      change: (r: ReviewRequest, now) => state.step(action, r, now),
    });
  }
  runtime.update(extendCase, { audited: 'petition.extend', stepId: () => 'extend', validate: (r, now) => state.validateExtension(r, now), change: (r, now) => state.extend(r, now) });
  runtime.update(closeCase, { audited: 'petition.close', stepId: () => 'close', validate: (r) => state.validateClose(r), change: (r, now) => state.close(r, now) });
  runtime.signal(openScreening, (r) => state.openScreening(r));
  /** Campaigns whose follow-up a handler is starting now. */
  const startingFollowUp = new Set<string>();
  runtime.update(recordScreening, {
    // The entry shows the campaign's screening, not the whole case, and names the campaign: the change waits for its
    // follow-up to start while other changes go on.
    audited: 'petition.screen',
    part: (r) => r.campaignId,
    stepId: (r) => r.campaignId,
    validate: (r) => state.validateScreening(r),
    async change(request, now) {
      const { campaignId } = request;
      state.recordScreening(request, now);
      // A repeat sent while the follow-up starts waits for that start rather than making its own: the audit entry is
      // the recording request's, with the follow-up. Should that start fail, the repeat starts it.
      // Checked before waiting, and again after: `await condition(…)` yields even when it holds, which would let every
      // concurrent repeat pass before the first marks its start; and when a failed start frees several at once, the
      // first to run takes it over.
      while (startingFollowUp.has(campaignId)) await condition(() => !startingFollowUp.has(campaignId));
      const screening = state.followUpDue(campaignId);
      if (!screening) return;
      startingFollowUp.add(campaignId);
      try {
        // The result is in the read model before its follow-up starts.
        await runtime.publish();
        // 一人一事: one follow-up task per failed screening, idempotent by campaign and case, so a repeated
        // request (or a replayed handler) meets the same task.
        const followUp = await startRescreeningFollowUp({
          campaignId,
          caseId: input.caseId,
          unitId: input.unitId,
          occurredAt: screening.screenedAt as number,
          failed: failedChecks(screening.checks as ScreeningChecks),
        });
        state.setFollowUp(campaignId, followUp);
      } finally {
        startingFollowUp.delete(campaignId);
      }
      // The entry, written when the change ends, shows the follow-up too; a repeat leaves none.
    },
  });

  await runtime.run();
};
