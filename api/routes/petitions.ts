import { createHash } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { sensitivePeriods } from '../../domain/calendar';
import {
  CLOCK_NAMES,
  campaignWorkflowId,
  DEFAULT_CLOCK_RULES,
  PETITION_STAGES,
  petitionWorkflowId,
  STAGE_NAMES,
  type ClockState,
  type PetitionClockRules,
} from '../../domain/petition';
import {
  campaignWindow,
  CHECK_NAMES,
  failedChecks,
  RESCREENING_DIRECTIVE_ID,
  SCREENING_CHECKS,
  type Screening,
} from '../../domain/petition-campaign';
import { checkLedger, readLedger, type LedgerCase, type LedgerError } from '../../domain/petition-ledger';
import { parseInstant, toZonedIso } from '../../domain/time';
import type { StoredUnit } from '../../readmodel';
import type { CampaignRecord, PetitionCaseRecord, ScreeningRecord } from '../../readmodel/petition-store';
import type { Action } from '../../domain/access';
import {
  acceptCase,
  answerReReview,
  answerReview,
  closeCase,
  extendCase,
  PETITION_CASE_WORKFLOW,
  petitionCaseStartOptions,
  recordScreening,
  replyCase,
  requestReReview,
  requestReview,
  type PetitionCaseInput,
  type PetitionCaseSnapshot,
  type PetitionCaseWorkflow,
} from '../../contracts/petition-case';
import {
  INVALID_FIELD as PETITION_INVALID_FIELD,
  NOT_ALLOWED as PETITION_NOT_ALLOWED,
  NOT_FOUND as UNKNOWN_SCREENING,
} from '../../contracts/refusals';
import {
  campaignRegistration,
  RESCREENING_CAMPAIGN_WORKFLOW,
  type CampaignInput,
  type RescreeningCampaignWorkflow,
} from '../../contracts/rescreening-campaign';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { BODY_LIMIT } from '../hardening';
import { badField, HttpError, lineErrors, notFound, parse } from '../errors';
import { Id, Instant, Paging } from '../schemas';

/** A ledger of some thousands of cases; every other petition request is a small JSON document. */
const LEDGER_LIMIT = '2mb';
/** Case workflows started at once by an import. */
const STARTS_IN_FLIGHT = 50;
/** How long an import waits for its new cases to reach the read model before answering 202 instead of 201. */
const PROJECTION_WAIT_MS = 30_000;

const ClockRules = z.strictObject({
  acceptDays: z.coerce.number().int().min(1).max(365).optional(),
  replyDays: z.coerce.number().int().min(1).max(365).optional(),
  maxExtensionDays: z.coerce.number().int().min(0).max(365).optional(),
  reviewDays: z.coerce.number().int().min(1).max(365).optional(),
  reReviewDays: z.coerce.number().int().min(1).max(365).optional(),
  reminderLeadDays: z.coerce.number().int().min(0).max(30).optional(),
  escalationAfterDays: z.coerce.number().int().min(1).max(365).optional(),
});

const CaseListQuery = z.strictObject({
  unitId: Id.optional(),
  stage: z.enum(PETITION_STAGES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  ...Paging,
});

// Who acts is the token's person, never a name in the body.
const ActionBody = z.strictObject({ note: z.string().max(2000).optional() });
const ReviewRequestBody = ActionBody.extend({ receivedAt: Instant.optional() });
const ExtendBody = z.strictObject({ days: z.number().int().min(1), reason: z.string().trim().min(1).max(500) });

const CheckValue = z.enum(['pass', 'fail']);
const ScreeningBody = z.strictObject({
  checks: z.strictObject(Object.fromEntries(SCREENING_CHECKS.map((c) => [c, CheckValue])) as Record<(typeof SCREENING_CHECKS)[number], typeof CheckValue>),
  note: z.string().max(2000).optional(),
});

const CreateCampaign = z.strictObject({
  id: Id.optional(),
  scopeUnitId: Id,
  opensAt: Instant.optional(),
  dueAt: Instant.optional(),
  withinDays: z.number().int().min(1).max(365).optional(),
  beforeSensitivePeriod: z
    .strictObject({
      year: z.number().int().min(2000).max(2100),
      key: z.string().min(1).max(64),
      leadDays: z.number().int().min(1).max(90).optional(),
    })
    .optional(),
  note: z.string().max(2000).optional(),
});

const iso = (instant: number | undefined) => (instant === undefined ? undefined : toZonedIso(instant));

export function petitionRoutes(deps: ApiDeps): Router {
  const { client, readModel, taskQueue, now = Date.now } = deps;
  const router = Router();
  const access = new Access(readModel);
  // Mounted ahead of the app's own JSON parser so that only the ledger import reads large bodies.
  const json = express.json({ limit: BODY_LIMIT });
  const ledgerText = express.text({ type: ['text/*', 'application/csv', 'application/json', 'application/*+json'], limit: LEDGER_LIMIT });

  // -------------------------------------------------------------------------------------------------------------
  // Ledger import

  router.post('/api/petitions/import', allow('importPetitions'), ledgerText, async (req, res) => {
    const type = req.get('content-type') ?? '';
    const format = /json/i.test(type) ? 'json' : 'csv';
    if (typeof req.body !== 'string' || !/json|csv|text\//i.test(type)) {
      throw badField('body', 'body: send the ledger as text/csv or application/json');
    }
    const read = readLedger(req.body, format);
    if (!read.ok) return ledgerErrors(res, format, read.errors);
    const query = parse(ClockRules, req.query, 'query');
    const overrides = read.clocks === undefined ? {} : parseClocks(read.clocks);
    const rules: PetitionClockRules = { ...DEFAULT_CLOCK_RULES, ...strip(query), ...strip(overrides) };
    const importedAt = now();
    const checked = checkLedger(read.records, { units: readModel.org, rules, now: importedAt });
    if (!checked.ok) return ledgerErrors(res, format, checked.errors);
    const home = access.home(res);
    const inReach = (unitId: string | undefined) => readModel.org.get(unitId ?? '')?.path.startsWith(home.path) ?? false;
    const outside = checked.cases.find((c) => !inReach(c.unitId));
    if (outside) {
      throw new HttpError(403, 'out_of_scope', `case ${outside.id} belongs to unit ${outside.unitId}, outside ${principalOf(res).name}'s reach; nothing was imported`);
    }

    const existing = readModel.petitions.existingIds(checked.cases.map((c) => c.id));
    // A case number already taken outside the importer's reach is neither merged nor described.
    const taken = checked.cases.find((c) => existing.has(c.id) && !inReach(readModel.petitions.getCase(c.id)?.unitId));
    if (taken) throw new HttpError(409, 'conflict', `case number ${taken.id} cannot be imported by ${principalOf(res).name}; nothing was imported`);
    const fresh = checked.cases.filter((c) => !existing.has(c.id));
    const started: string[] = [];
    for (let i = 0; i < fresh.length; i += STARTS_IN_FLIGHT) {
      const batch = fresh.slice(i, i + STARTS_IN_FLIGHT);
      const results = await Promise.all(batch.map((c) => startCase(client, taskQueue, caseInput(c, rules, importedAt))));
      batch.forEach((c, index) => results[index] && started.push(c.id));
    }
    const startedCases = new Set(started);
    readModel.db.transaction(() => {
      for (const c of fresh.filter((c) => startedCases.has(c.id))) {
        const unit = readModel.org.get(c.unitId) as StoredUnit;
        // The trail names the case, never the petitioner.
        audit(readModel, res, { action: 'petition.import', subjectType: 'petitionCase', subjectId: c.id, unit, after: { unitId: c.unitId, summary: c.summary, rules } }, importedAt);
      }
    })();
    // Each case writes itself to the read model as its workflow starts; answer once they are all there to read.
    const visible = await waitUntil(() => readModel.petitions.existingIds(started).size, (n) => n === started.length, PROJECTION_WAIT_MS);
    res.status(visible < started.length ? 202 : started.length > 0 ? 201 : 200).json({
      received: checked.cases.length,
      imported: started.length,
      existing: checked.cases.length - started.length,
      ...(visible < started.length ? { notYetVisible: started.length - visible } : {}),
      rules,
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  // Re-screening campaigns (再排查); before /api/petitions/:caseId, which would take 'campaigns' for a case id

  router.post('/api/petitions/campaigns', allow('orderCampaign'), json, async (req, res) => {
    const body = parse(CreateCampaign, req.body, 'body');
    const scope = access.unit(res, 'orderCampaign', body.scopeUnitId, 'scopeUnitId');
    if (body.beforeSensitivePeriod && (body.opensAt || body.dueAt || body.withinDays)) {
      throw badField('beforeSensitivePeriod', 'beforeSensitivePeriod: sets opensAt and dueAt itself; give one or the other');
    }
    if (body.dueAt && body.withinDays) throw badField('withinDays', 'withinDays: give dueAt or withinDays, not both');
    const createdAt = now();
    const instant = (field: 'opensAt' | 'dueAt') => {
      const text = body[field];
      if (text === undefined) return undefined;
      const value = parseInstant(text);
      if (value === undefined) throw badField(field, `${field}: not a valid date-time`);
      return value;
    };
    const opensAt = instant('opensAt');
    const dueAt = instant('dueAt');
    const window = campaignWindow(
      {
        now: createdAt,
        ...(opensAt !== undefined ? { opensAt } : {}),
        ...(dueAt !== undefined ? { dueAt } : {}),
        ...(body.withinDays !== undefined ? { withinDays: body.withinDays } : {}),
        ...(body.beforeSensitivePeriod ? { beforeSensitivePeriod: body.beforeSensitivePeriod } : {}),
      },
      sensitivePeriods,
    );
    if ('field' in window) throw badField(window.field, window.message);

    const campaignId =
      body.id ??
      `p${createHash('sha256').update(JSON.stringify([scope.id, window.opensAt, window.dueAt])).digest('hex').slice(0, 16)}`;
    const input: CampaignInput = {
      campaignId,
      scopeUnitId: scope.id,
      opensAt: window.opensAt,
      dueAt: window.dueAt,
      createdAt,
      ...(window.sensitivePeriod ? { sensitivePeriod: { ...window.sensitivePeriod, year: body.beforeSensitivePeriod?.year as number } } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    };
    const replay = (existing: CampaignRecord) => {
      // A window relative to now (withinDays, opening now) shifts on a retry; only what was given must match.
      const fixedOpen = opensAt !== undefined || body.beforeSensitivePeriod !== undefined;
      const fixedDue = dueAt !== undefined || body.beforeSensitivePeriod !== undefined;
      if (
        existing.scopeUnitId !== input.scopeUnitId ||
        (fixedOpen && existing.opensAt !== input.opensAt) ||
        (fixedDue && existing.dueAt !== input.dueAt)
      ) {
        throw new HttpError(409, 'conflict', `campaign ${campaignId} exists with another scope or window`);
      }
      res.set('Idempotent-Replayed', 'true');
      res.status(200).json(campaignView(existing));
    };
    const existing = readModel.petitions.getCampaign(campaignId);
    if (existing) return replay(existing);
    try {
      await client.workflow.executeUpdateWithStart(campaignRegistration, {
        startWorkflowOperation: new WithStartWorkflowOperation<RescreeningCampaignWorkflow>(RESCREENING_CAMPAIGN_WORKFLOW, {
          workflowId: campaignWorkflowId(campaignId),
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
    } catch (err) {
      const recorded = err instanceof WorkflowExecutionAlreadyStartedError && readModel.petitions.getCampaign(campaignId);
      if (!recorded) throw err;
      return replay(recorded);
    }
    const view = campaignView(readModel.petitions.getCampaign(campaignId) as CampaignRecord);
    const { progress: _progress, ...after } = view;
    audit(readModel, res, { action: 'campaign.create', subjectType: 'campaign', subjectId: campaignId, unit: scope, after }, createdAt);
    res.status(201).json(view);
  });

  router.get('/api/petitions/campaigns/:campaignId', allow('read'), (req, res) => {
    const { campaignId } = parse(z.object({ campaignId: Id }), req.params, 'params');
    const campaign = readModel.petitions.getCampaign(campaignId);
    if (!campaign) throw notFound('campaign', campaignId);
    access.concerned(res, campaign.scopeUnitId, 'campaign', campaignId);
    res.json(campaignView(campaign));
  });

  function campaignView(campaign: CampaignRecord) {
    return {
      id: campaign.id,
      directiveId: RESCREENING_DIRECTIVE_ID,
      scopeUnitId: campaign.scopeUnitId,
      scopeUnitName: readModel.org.get(campaign.scopeUnitId)?.name,
      status: campaign.status,
      opensAt: iso(campaign.opensAt),
      dueAt: iso(campaign.dueAt),
      createdAt: iso(campaign.createdAt),
      openedAt: iso(campaign.openedAt),
      endedAt: iso(campaign.endedAt),
      allCasesOpened: campaign.fannedOut,
      sensitivePeriod: campaign.sensitivePeriod,
      note: campaign.note,
      progress: readModel.petitions.campaignProgress(campaign.id),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Cases

  router.get('/api/petitions', allow('readPetitions'), (req, res) => {
    const query = parse(CaseListQuery, req.query, 'query');
    const scope = query.unitId === undefined ? access.home(res) : access.unit(res, 'readPetitions', query.unitId, 'unitId');
    const { total, cases } = readModel.petitions.listCases({
      scopePath: scope.path,
      ...(query.stage !== undefined ? { stage: query.stage } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue === 'true' } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ total, cases: cases.map(caseView), limit: query.limit, offset: query.offset });
  });

  /**
   * The case, if the person may take `action` on it. A case outside what they may read is not found: that a
   * petition exists at another unit is itself private. One they may read but not act on is 403.
   */
  const caseFor = (res: Response, caseId: string, action: Action): { record: PetitionCaseRecord; unit: StoredUnit } => {
    const record = readModel.petitions.getCase(caseId);
    const unit = record && readModel.org.get(record.unitId);
    if (!record || !unit) throw notFound('petition case', caseId);
    access.check(res, 'readPetitions', unit, { what: 'petition case', id: caseId });
    return { record, unit: access.check(res, action, unit) };
  };

  router.get('/api/petitions/:caseId', allow('readPetitions'), (req, res) => {
    const { caseId } = parse(z.object({ caseId: Id }), req.params, 'params');
    res.json(caseDetail(caseFor(res, caseId, 'readPetitions').record));
  });

  function caseDetail(record: PetitionCaseRecord) {
    const caseId = record.id;
    const { facts } = record;
    return {
      ...caseView(record),
      ...readModel.petitions.getPerson(caseId),
      facts: {
        receivedAt: iso(facts.receivedAt),
        acceptedAt: iso(facts.acceptedAt),
        repliedAt: iso(facts.repliedAt),
        reviewRequestedAt: iso(facts.reviewRequestedAt),
        reviewAnsweredAt: iso(facts.reviewAnsweredAt),
        reReviewRequestedAt: iso(facts.reReviewRequestedAt),
        reReviewAnsweredAt: iso(facts.reReviewAnsweredAt),
        closedAt: iso(facts.closedAt),
      },
      extension: facts.extension && { days: facts.extension.days, reason: facts.extension.reason, at: iso(facts.extension.at) },
      clocks: record.clocks.map(clockView),
      rules: record.rules,
      screenings: readModel.petitions.screeningsOfCase(caseId).map(screeningView),
      log: record.log.map((entry) => ({ ...entry, at: iso(entry.at) })),
    };
  }

  /** A step of the case, sent as an update: the workflow's validator answers for its stage and rules. */
  const step =
    <T extends object>(name: string, schema: z.ZodType<T>, update: Parameters<typeof sendUpdate>[1], toArgs?: (body: T) => object) =>
    async (req: Request, res: Response) => {
      const { caseId } = parse(z.object({ caseId: Id }), req.params, 'params');
      const action: Action = name === 'extend' ? 'extendPetition' : 'handlePetition';
      const { record, unit } = caseFor(res, caseId, action);
      const body = parse(schema, req.body ?? {}, 'body');
      await sendUpdate(client, update, caseId, { ...(toArgs ? toArgs(body) : body), by: principalOf(res).name });
      const after = readModel.petitions.getCase(caseId) as PetitionCaseRecord;
      audit(readModel, res, { action: `petition.${name}`, subjectType: 'petitionCase', subjectId: caseId, unit, before: caseView(record), after: caseView(after) }, now());
      res.json(caseDetail(after));
    };
  const reviewArgs = (body: z.infer<typeof ReviewRequestBody>) => {
    const { receivedAt, ...rest } = body;
    if (receivedAt === undefined) return rest;
    const at = parseInstant(receivedAt);
    if (at === undefined) throw badField('receivedAt', 'receivedAt: not a valid date-time');
    return { ...rest, receivedAt: at };
  };
  const handling = allow('handlePetition');
  router.post('/api/petitions/:caseId/accept', handling, json, step('accept', ActionBody, acceptCase));
  router.post('/api/petitions/:caseId/extend', allow('extendPetition'), json, step('extend', ExtendBody, extendCase));
  router.post('/api/petitions/:caseId/reply', handling, json, step('reply', ActionBody, replyCase));
  router.post('/api/petitions/:caseId/review-request', handling, json, step('requestReview', ReviewRequestBody, requestReview, reviewArgs));
  router.post('/api/petitions/:caseId/review-answer', handling, json, step('answerReview', ActionBody, answerReview));
  router.post('/api/petitions/:caseId/re-review-request', handling, json, step('requestReReview', ReviewRequestBody, requestReReview, reviewArgs));
  router.post('/api/petitions/:caseId/re-review-answer', handling, json, step('answerReReview', ActionBody, answerReReview));
  router.post('/api/petitions/:caseId/close', handling, json, step('close', ActionBody, closeCase));

  router.post('/api/petitions/:caseId/screenings/:campaignId', allow('screenPetition'), json, async (req, res) => {
    const { caseId, campaignId } = parse(z.object({ caseId: Id, campaignId: Id }), req.params, 'params');
    const { unit } = caseFor(res, caseId, 'screenPetition');
    const body = parse(ScreeningBody, req.body ?? {}, 'body');
    if (!readModel.petitions.getCampaign(campaignId)) throw notFound('campaign', campaignId);
    const before = readModel.petitions.screeningsOfCase(caseId).find((s) => s.campaignId === campaignId);
    const snapshot = await sendUpdate(client, recordScreening, caseId, { campaignId, ...body });
    const screening = snapshot.screenings.find((s) => s.campaignId === campaignId) as Screening;
    const view = screeningView({ ...screening, caseId });
    audit(readModel, res, { action: 'petition.screen', subjectType: 'petitionCase', subjectId: caseId, unit, before: before && screeningView(before), after: view }, now());
    res.json(view);
  });

  return router;
}

// ---------------------------------------------------------------------------------------------------------------

function ledgerErrors(res: Response, format: 'json' | 'csv', errors: LedgerError[]): void {
  lineErrors(res, { code: 'invalid_ledger', file: 'the ledger', field: format === 'json' ? 'cases' : 'body' }, errors);
}

function parseClocks(value: unknown): z.infer<typeof ClockRules> {
  const result = ClockRules.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
  const field = key ? `clocks.${key}` : 'clocks';
  throw badField(field, `${field}: ${issue?.message ?? 'invalid'}`);
}

/** Drops the keys a partial schema left undefined, so they do not override the defaults. */
function strip<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function caseInput(c: LedgerCase, rules: PetitionClockRules, createdAt: number): PetitionCaseInput {
  return {
    caseId: c.id,
    unitId: c.unitId,
    summary: c.summary,
    petitioner: c.petitioner,
    ...(c.contact !== undefined ? { contact: c.contact } : {}),
    facts: c.facts,
    rules,
    createdAt,
  };
}

/** Starts a case workflow, or meets the running one; false when one with that id has already ended. */
async function startCase(client: Client, taskQueue: string, input: PetitionCaseInput): Promise<boolean> {
  try {
    await client.workflow.start<PetitionCaseWorkflow>(PETITION_CASE_WORKFLOW, { ...petitionCaseStartOptions(input), taskQueue });
    return true;
  } catch (err) {
    // A case workflow stopped by an operator is never restarted by an import.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

async function waitUntil<T>(read: () => T, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends an update to a case and turns the workflow's rejections into HTTP answers. */
async function sendUpdate(
  client: Client,
  update:
    | typeof acceptCase
    | typeof extendCase
    | typeof replyCase
    | typeof requestReview
    | typeof answerReview
    | typeof requestReReview
    | typeof answerReReview
    | typeof closeCase
    | typeof recordScreening,
  caseId: string,
  args: unknown,
): Promise<PetitionCaseSnapshot> {
  try {
    return await client.workflow.getHandle(petitionWorkflowId(caseId)).executeUpdate(update as typeof acceptCase, { args: [args as never] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const failure = err.cause;
      if (failure.type === PETITION_INVALID_FIELD) {
        const field = String(failure.details?.[0] ?? 'body');
        throw badField(field, failure.message);
      }
      if (failure.type === PETITION_NOT_ALLOWED) throw new HttpError(409, 'not_allowed', failure.message);
      if (failure.type === UNKNOWN_SCREENING) throw new HttpError(404, 'not_found', failure.message);
    }
    if (err instanceof WorkflowNotFoundError) {
      throw new HttpError(409, 'case_not_running', `petition case ${caseId} is not running`);
    }
    throw err;
  }
}

function caseView(record: PetitionCaseRecord) {
  return {
    id: record.id,
    unitId: record.unitId,
    unitName: record.unitName,
    summary: record.summary,
    stage: record.stage,
    stageName: STAGE_NAMES[record.stage],
    receivedAt: iso(record.receivedAt),
    activeClock: record.activeClock,
    activeDueAt: iso(record.activeDueAt),
    overdue: record.overdue,
  };
}

function clockView(clock: ClockState) {
  return {
    kind: clock.kind,
    name: CLOCK_NAMES[clock.kind],
    status: clock.status,
    startAt: iso(clock.startAt),
    dueAt: iso(clock.dueAt),
    originalDueAt: iso(clock.originalDueAt),
    metAt: iso(clock.metAt),
    late: clock.late,
    overdueAt: iso(clock.overdueAt),
  };
}

function screeningView(s: ScreeningRecord | (Screening & { caseId: string })) {
  return {
    campaignId: s.campaignId,
    caseId: s.caseId,
    status: s.status,
    dueAt: iso(s.dueAt),
    checks: s.checks,
    failed: s.checks ? failedChecks(s.checks).map((c) => ({ check: c, name: CHECK_NAMES[c] })) : undefined,
    note: s.note,
    screenedAt: iso(s.screenedAt),
    late: s.late,
    overdueAt: iso(s.overdueAt),
    followUp: s.followUp,
  };
}
