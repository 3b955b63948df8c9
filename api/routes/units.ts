import { Router, type Response } from 'express';
import { z } from 'zod';
import { findDirective } from '../../domain/catalog';
import { DEFAULT_LIGHT_THRESHOLDS } from '../../domain/lights';
import { toZonedIso } from '../../domain/time';
import { PETITION_SUBJECT_TYPES, seesPetitions } from '../../domain/access';
import { Access, allow, principalOf } from '../access';
import type { ApiDeps } from '../deps';
import { badField, parse } from '../errors';
import { unitSummary } from '../reports';
import { Id, Paging } from '../schemas';
import { auditView } from '../views';

const SummaryQuery = z.strictObject({ directiveId: z.string().min(1).max(128).optional() });

/** Supervisor views of one unit: its directives' standing in its subtree, and its child units ranked. */
export function unitRoutes({ readModel, now = Date.now, lights = DEFAULT_LIGHT_THRESHOLDS }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);

  const load = (res: Response, params: unknown, query: unknown) => {
    const { unitId } = parse(z.object({ unitId: Id }), params, 'params');
    const filter = parse(SummaryQuery, query, 'query');
    const unit = access.unit(res, 'read', unitId);
    if (filter.directiveId !== undefined && !findDirective(filter.directiveId)) {
      throw badField('directiveId', `directiveId: no directive ${filter.directiveId} in the catalog`);
    }
    const at = now();
    return { unit, at, summary: unitSummary(readModel, unit, filter, at, lights) };
  };

  router.get('/api/units/:unitId/summary', allow('read'), (req, res) => {
    const { unit, at, summary } = load(res, req.params, req.query);
    res.json({ unitId: unit.id, name: unit.name, level: unit.level, asOf: toZonedIso(at), ...summary });
  });

  // 通报/排名 on its own, for a page that shows only the ranking.
  router.get('/api/units/:unitId/ranking', allow('read'), (req, res) => {
    const { unit, at, summary } = load(res, req.params, req.query);
    res.json({ unitId: unit.id, name: unit.name, asOf: toZonedIso(at), ranking: summary.ranking });
  });

  /** The unit's audit trail: every change made to anything in its subtree, newest first. */
  router.get('/api/units/:unitId/history', allow('readAudit'), (req, res) => {
    const { unitId } = parse(z.object({ unitId: Id }), req.params, 'params');
    const page = parse(z.strictObject({ ...Paging }), req.query, 'query');
    const unit = access.unit(res, 'readAudit', unitId);
    // Petition casework stays with those who may read cases (domain/access.ts PETITION_SUBJECT_TYPES).
    const without = seesPetitions(principalOf(res).role) ? [] : PETITION_SUBJECT_TYPES;
    const { total, entries } = readModel.audit.inSubtree(unit.path, page, without);
    res.json({ unitId: unit.id, total, limit: page.limit, offset: page.offset, entries: entries.map(auditView) });
  });

  return router;
}
