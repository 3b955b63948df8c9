import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { NotificationRequest } from '../domain/notification';
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
  type ActionRequest,
  type ExtendRequest,
  type PetitionCaseCarry,
  type PetitionCaseInput,
  type PetitionCaseSnapshot,
  type PetitionCaseWorkflow,
  type ReviewRequest,
} from '../contracts/petition-case';
import { PetitionCase, type Notice, type StageAction } from './petition-case-state';
import { Notifier } from './notifications';

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
  const notifier = new Notifier();

  // Every change is in the read model before the caller hears of it.
  let published = 0;
  const publish = async () => {
    const snapshot = state.snapshot();
    published = Math.max(published, snapshot.version);
    await projectPetitionCase(snapshot);
  };

  async function tell(notice: Notice): Promise<void> {
    const request: NotificationRequest = {
      key: notice.key,
      kind: notice.kind,
      subjectType: 'petitionCase',
      subjectId: input.caseId,
      unitId: input.unitId,
      directiveId: notice.directiveId,
      at: Date.now(),
      dueAt: notice.dueAt,
      reason: notice.reason,
    };
    await notifier.send(request);
  }

  const act =
    <R>(change: (request: R, now: number) => void) =>
    async (request: R): Promise<PetitionCaseSnapshot> => {
      change(request, Date.now());
      await publish();
      return state.snapshot();
    };

  setHandler(getPetitionCase, () => state.snapshot());
  for (const [update, action] of STEP_UPDATES) {
    setHandler(
      update,
      act((r: ReviewRequest, now) => state.step(action, r, now)),
      { validator: (r: ReviewRequest) => state.validateStep(action, r, Date.now()) },
    );
  }
  setHandler(extendCase, act((r: ExtendRequest, now) => state.extend(r, now)), {
    validator: (r) => state.validateExtension(r, Date.now()),
  });
  setHandler(closeCase, act((r: ActionRequest, now) => state.close(r, now)), { validator: (r) => state.validateClose(r) });
  setHandler(openScreening, async (request) => {
    if (state.openScreening(request)) await publish();
  });
  setHandler(
    recordScreening,
    async (request) => {
      if (state.recordScreening(request, Date.now())) await publish();
      const screening = state.followUpDue(request.campaignId);
      if (screening) {
        // 一人一事: one follow-up task per failed screening, idempotent by campaign and case, so a repeated
        // request (or a replayed handler) meets the same task.
        const followUp = await startRescreeningFollowUp({
          campaignId: request.campaignId,
          caseId: input.caseId,
          unitId: input.unitId,
          occurredAt: screening.screenedAt as number,
        });
        state.setFollowUp(request.campaignId, followUp);
        await publish();
      }
      return state.snapshot();
    },
    { validator: (request) => state.validateScreening(request) },
  );

  for (;;) {
    // Alarms already due (a case imported past its deadline) are fired before the first projection, so the case
    // reaches the read model once, already marked; the notices go out alongside.
    const notices = state.fireDue(Date.now());
    await Promise.all([...(state.version > published ? [publish()] : []), ...notices.map(tell)]);

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await notifier.settled();
      await continueAsNew<typeof petitionCaseWorkflow>(input, state.carry());
    }

    const seen = state.version;
    const next = state.nextAlarmAt();
    if (next === undefined) await condition(() => state.version !== seen);
    else if (next > Date.now()) await condition(() => state.version !== seen, next - Date.now());
  }
};
