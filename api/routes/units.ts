import { Router } from 'express';
import { z } from 'zod';
import { findDirective } from '../../domain/catalog';
import { DEFAULT_LIGHT_THRESHOLDS } from '../../domain/lights';
import { toZonedIso } from '../../domain/time';
import type { ApiDeps } from '../deps';
import { badField, notFound, parse } from '../errors';
import { unitSummary } from '../reports';
import { Id } from '../schemas';

const SummaryQuery = z.strictObject({ directiveId: z.string().min(1).max(128).optional() });

/** Supervisor views of one unit: its directives' standing in its subtree, and its child units ranked. */
export function unitRoutes({ readModel, now = Date.now, lights = DEFAULT_LIGHT_THRESHOLDS }: ApiDeps): Router {
  const router = Router();

  const load = (params: unknown, query: unknown) => {
    const { unitId } = parse(z.object({ unitId: Id }), params, 'params');
    const filter = parse(SummaryQuery, query, 'query');
    const unit = readModel.org.get(unitId);
    if (!unit) throw notFound('unit', unitId);
    if (filter.directiveId !== undefined && !findDirective(filter.directiveId)) {
      throw badField('directiveId', `directiveId: no directive ${filter.directiveId} in the catalog`);
    }
    const at = now();
    return { unit, at, summary: unitSummary(readModel, unit, filter, at, lights) };
  };

  router.get('/api/units/:unitId/summary', (req, res) => {
    const { unit, at, summary } = load(req.params, req.query);
    res.json({ unitId: unit.id, name: unit.name, level: unit.level, asOf: toZonedIso(at), ...summary });
  });

  // 通报/排名 on its own, for a page that shows only the ranking.
  router.get('/api/units/:unitId/ranking', (req, res) => {
    const { unit, at, summary } = load(req.params, req.query);
    res.json({ unitId: unit.id, name: unit.name, asOf: toZonedIso(at), ranking: summary.ranking });
  });

  return router;
}
