import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Action } from '../../../domain/access';
import { jsonBody } from '../../body';
import { petitionWorkflowId } from '../../../domain/petition';
import { SCREENING_CHECKS, type Screening } from '../../../domain/petition-campaign';
import { parseInstant } from '../../../domain/time';
import type { StoredUnit } from '../../../readmodel';
import type { PetitionCaseRecord } from '../../../readmodel/petition-store';
import {
  acceptCase,
  answerReReview,
  answerReview,
  closeCase,
  extendCase,
  recordScreening,
  replyCase,
  requestReReview,
  requestReview,
  type PetitionCaseSnapshot,
  type PlacedUnit,
} from '../../../contracts/petition-case';
import { FORBIDDEN, INVALID_FIELD, NOT_ALLOWED, NOT_FOUND } from '../../../contracts/refusals';
import { Access, allow, principalOf } from '../../access';
import { actorOf } from '../../audit';
import type { ApiDeps } from '../../deps';
import { badField, HttpError, notFound, parse } from '../../errors';
import { CaseId, Id, Instant } from '../../schemas';
import { caseFor } from './case-lookup';
import { caseDetail, screeningView } from './views';

// Who acts is the token's person, never a name in the body.
const ActionBody = z.strictObject({ note: z.string().max(2000).optional() });
const ReviewRequestBody = ActionBody.extend({ receivedAt: Instant.optional() });
const ExtendBody = z.strictObject({ days: z.number().int().min(1), reason: z.string().trim().min(1).max(500) });

const CheckValue = z.enum(['pass', 'fail']);
const ScreeningBody = z.strictObject({
  checks: z.strictObject(Object.fromEntries(SCREENING_CHECKS.map((c) => [c, CheckValue])) as Record<(typeof SCREENING_CHECKS)[number], typeof CheckValue>),
  note: z.string().max(2000).optional(),
});

/** Moving a case through its stages, and recording its screening in a campaign: each one update to its workflow. */
export function caseActionRoutes(deps: ApiDeps): Router {
  const { client, readModel } = deps;
  const router = Router();
  const access = new Access(readModel);
  const json = jsonBody();

  /** A step of the case, sent as an update: the workflow's validator answers for its stage and rules. */
  const step =
    <T extends object>(action: Action, schema: z.ZodType<T>, update: CaseUpdate, toArgs?: (body: T) => object) =>
    async (req: Request, res: Response) => {
      const { caseId } = parse(z.object({ caseId: CaseId }), req.params, 'params');
      const { unit } = await caseFor({ access, readModel }, res, caseId, action);
      // 办理延期 is approved above the handling office, never by it (domain/access.ts oversees).
      if (action === 'extendPetition') await access.oversee(res, unit, unit, `petition case ${caseId}`);
      const body = parse(schema, req.body ?? {}, 'body');
      // A 复查/复核 opinion names who gives it and where the case is; the case workflow judges (信访工作条例 第三十五、三十六条).
      const placed = action === 'reviewPetition' ? { answeringUnit: placedUnit(await access.home(res)), caseUnit: placedUnit(unit) } : {};
      // The workflow records the audit entry (petition.<name>) with the change it makes (留痕): a repeat leaves none.
      await sendUpdate(client, update, caseId, { ...(toArgs ? toArgs(body) : body), ...placed, by: principalOf(res).name, actor: actorOf(res) });
      res.json(await caseDetail(readModel, (await readModel.petitions.getCase(caseId)) as PetitionCaseRecord));
    };
  const handling = allow('handlePetition');
  const reviewing = allow('reviewPetition');
  router.post('/api/petitions/:caseId/accept', handling, json, step('handlePetition', ActionBody, acceptCase));
  router.post('/api/petitions/:caseId/extend', allow('extendPetition'), json, step('extendPetition', ExtendBody, extendCase));
  router.post('/api/petitions/:caseId/reply', handling, json, step('handlePetition', ActionBody, replyCase));
  router.post('/api/petitions/:caseId/review-request', handling, json, step('handlePetition', ReviewRequestBody, requestReview, reviewArgs));
  router.post('/api/petitions/:caseId/review-answer', reviewing, json, step('reviewPetition', ActionBody, answerReview));
  router.post('/api/petitions/:caseId/re-review-request', handling, json, step('handlePetition', ReviewRequestBody, requestReReview, reviewArgs));
  router.post('/api/petitions/:caseId/re-review-answer', reviewing, json, step('reviewPetition', ActionBody, answerReReview));
  router.post('/api/petitions/:caseId/close', handling, json, step('handlePetition', ActionBody, closeCase));

  router.post('/api/petitions/:caseId/screenings/:campaignId', allow('screenPetition'), json, async (req, res) => {
    const { caseId, campaignId } = parse(z.object({ caseId: CaseId, campaignId: Id }), req.params, 'params');
    await caseFor({ access, readModel }, res, caseId, 'screenPetition');
    const body = parse(ScreeningBody, req.body ?? {}, 'body');
    if (!(await readModel.petitions.getCampaign(campaignId))) throw notFound('campaign', campaignId);
    // A screening is recorded once: the same result sent again is answered as the first was, and marked so.
    const repeated = (await readModel.petitions.getScreening(campaignId, caseId))?.checks !== undefined;
    // The workflow records the audit entry (petition.screen) with the result, once.
    const snapshot = await sendUpdate(client, recordScreening, caseId, { campaignId, ...body, actor: actorOf(res) });
    const screening = snapshot.screenings.find((s) => s.campaignId === campaignId) as Screening;
    if (repeated) res.set('Idempotent-Replayed', 'true');
    res.json(screeningView({ ...screening, caseId }));
  });

  return router;
}

const placedUnit = (unit: StoredUnit): PlacedUnit => ({ id: unit.id, path: unit.path, name: unit.name });

function reviewArgs(body: z.infer<typeof ReviewRequestBody>) {
  const { receivedAt, ...rest } = body;
  if (receivedAt === undefined) return rest;
  const at = parseInstant(receivedAt);
  if (at === undefined) throw badField('receivedAt', 'receivedAt: not a valid date-time');
  return { ...rest, receivedAt: at };
}

type CaseUpdate =
  | typeof acceptCase
  | typeof extendCase
  | typeof replyCase
  | typeof requestReview
  | typeof answerReview
  | typeof requestReReview
  | typeof answerReReview
  | typeof closeCase
  | typeof recordScreening;

/** Sends an update to a case and turns the workflow's rejections into HTTP answers. */
async function sendUpdate(client: Client, update: CaseUpdate, caseId: string, args: unknown): Promise<PetitionCaseSnapshot> {
  try {
    return await client.workflow.getHandle(petitionWorkflowId(caseId)).executeUpdate(update as typeof acceptCase, { args: [args as never] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const failure = err.cause;
      if (failure.type === INVALID_FIELD) {
        const field = String(failure.details?.[0] ?? 'body');
        throw badField(field, failure.message);
      }
      if (failure.type === NOT_ALLOWED) throw new HttpError(409, 'not_allowed', failure.message);
      if (failure.type === FORBIDDEN) throw new HttpError(403, 'separation_of_duties', failure.message);
      if (failure.type === NOT_FOUND) throw new HttpError(404, 'not_found', failure.message);
    }
    if (err instanceof WorkflowNotFoundError) {
      throw new HttpError(409, 'case_not_running', `petition case ${caseId} is not running`);
    }
    throw err;
  }
}
