import { Router } from 'express';
import { z } from 'zod';
import { sensitivePeriods } from '../../../domain/calendar';
import { derivedId } from '../../../domain/ids';
import { campaignWindow } from '../../../domain/petition-campaign';
import { parseInstant } from '../../../domain/time';
import { startOnce } from '../../../platform/start-once';
import { concerningIds } from '../../../readmodel/concerning';
import type { CampaignRecord } from '../../../readmodel/petition-store';
import { campaignRegistration, campaignStartOptions, RESCREENING_CAMPAIGN_WORKFLOW, type CampaignInput } from '../../../contracts/rescreening-campaign';
import { Access, allow } from '../../access';
import { jsonBody } from '../../body';
import { audit } from '../../audit';
import type { ApiDeps } from '../../deps';
import { badField, idempotencyConflict, notFound, parse } from '../../errors';
import { Id, Instant, Paging } from '../../schemas';
import { campaignView } from './views';

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

/** Campaigns that concern the reader (ordered inside their subtree or above them), newest first. */
const ListCampaigns = z.strictObject({ scopeUnitId: Id.optional(), limit: Paging.limit, offset: Paging.offset });

/** Re-screening campaigns (再排查): ordered for a scope, then each case in it is screened by its unit. */
export function campaignRoutes(deps: ApiDeps): Router {
  const { client, readModel, taskQueue, now = Date.now } = deps;
  const router = Router();
  const access = new Access(readModel);
  const json = jsonBody();

  router.post('/api/petitions/campaigns', allow('orderCampaign'), json, async (req, res) => {
    const body = parse(CreateCampaign, req.body, 'body');
    const scope = await access.unit(res, 'orderCampaign', body.scopeUnitId, 'scopeUnitId');
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
    const calendar = await readModel.workCalendar();
    const window = campaignWindow(
      {
        now: createdAt,
        ...(opensAt !== undefined ? { opensAt } : {}),
        ...(dueAt !== undefined ? { dueAt } : {}),
        ...(body.withinDays !== undefined ? { withinDays: body.withinDays } : {}),
        ...(body.beforeSensitivePeriod ? { beforeSensitivePeriod: body.beforeSensitivePeriod } : {}),
      },
      (year) => sensitivePeriods(year, calendar),
    );
    if ('field' in window) throw badField(window.field, window.message);

    const campaignId = body.id ?? derivedId('p', scope.id, window.opensAt, window.dueAt);
    const input: CampaignInput = {
      campaignId,
      scopeUnitId: scope.id,
      opensAt: window.opensAt,
      dueAt: window.dueAt,
      createdAt,
      ...(window.sensitivePeriod ? { sensitivePeriod: { ...window.sensitivePeriod, year: body.beforeSensitivePeriod?.year as number } } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    };
    const once = await startOnce(client, {
      workflowType: RESCREENING_CAMPAIGN_WORKFLOW,
      options: { ...campaignStartOptions(input), taskQueue },
      firstUpdate: campaignRegistration,
      recorded: () => readModel.petitions.getCampaign(campaignId),
    });
    if (!once.started) {
      const existing = once.record;
      if (!existing) throw new Error(`campaign ${campaignId}: its workflow has ended but nothing was recorded`);
      // A window relative to now (withinDays, opening now) shifts on a retry; only what was given must match.
      const fixedOpen = opensAt !== undefined || body.beforeSensitivePeriod !== undefined;
      const fixedDue = dueAt !== undefined || body.beforeSensitivePeriod !== undefined;
      if (
        existing.scopeUnitId !== input.scopeUnitId ||
        (fixedOpen && existing.opensAt !== input.opensAt) ||
        (fixedDue && existing.dueAt !== input.dueAt)
      ) {
        throw idempotencyConflict(`campaign ${campaignId} exists with another scope or window`);
      }
      res.set('Idempotent-Replayed', 'true');
      res.status(200).json(await campaignView(readModel, existing));
      return;
    }
    const view = await campaignView(readModel, (await readModel.petitions.getCampaign(campaignId)) as CampaignRecord);
    const { progress: _progress, ...after } = view;
    await audit(readModel, res, { action: 'campaign.create', subjectType: 'campaign', subjectId: campaignId, unit: scope, after }, createdAt);
    res.status(201).json(view);
  });

  // Before /api/petitions/:caseId (routes/petitions/index.ts), which would take 'campaigns' for a case number.
  router.get('/api/petitions/campaigns', allow('read'), async (req, res) => {
    const query = parse(ListCampaigns, req.query, 'query');
    if (query.scopeUnitId !== undefined && !(await readModel.org.get(query.scopeUnitId))) throw badField('scopeUnitId', `scopeUnitId: no unit ${query.scopeUnitId}`);
    const { total, ids } = await concerningIds(readModel.db, 'petition_campaigns', { homePath: (await access.home(res)).path, ...query });
    res.json({
      total,
      limit: query.limit,
      offset: query.offset,
      campaigns: await Promise.all(ids.map(async (id) => campaignView(readModel, (await readModel.petitions.getCampaign(id)) as CampaignRecord))),
    });
  });

  router.get('/api/petitions/campaigns/:campaignId', allow('read'), async (req, res) => {
    const { campaignId } = parse(z.object({ campaignId: Id }), req.params, 'params');
    const campaign = await readModel.petitions.getCampaign(campaignId);
    if (!campaign) throw notFound('campaign', campaignId);
    await access.concerned(res, campaign.scopeUnitId, 'campaign', campaignId);
    res.json(await campaignView(readModel, campaign));
  });

  return router;
}
