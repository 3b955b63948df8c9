import { Router } from 'express';
import { z } from 'zod';
import { findDirective } from '../../domain/catalog';
import { ORG_LEVELS } from '../../domain/org';
import { Access, allow } from '../access';
import type { ApiDeps } from '../deps';
import { badField, parse } from '../errors';
import { Id, Paging } from '../schemas';
import { overdueView } from '../views';

const DAY_MS = 24 * 60 * 60 * 1000;

const OverdueQuery = z.strictObject({
  scopeUnitId: Id.optional(),
  directiveId: z.string().min(1).max(128).optional(),
  level: z.enum(ORG_LEVELS).optional(),
  /** Only tasks at least this many whole days past their deadline. */
  minDaysOverdue: z.coerce.number().int().min(0).max(3650).optional(),
  limit: Paging.limit,
  offset: Paging.offset,
});

/** Everything overdue in a subtree, across all assignments, the longest overdue first. */
export function overdueRoutes({ readModel, now = Date.now }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);
  router.get('/api/overdue', allow('read'), (req, res) => {
    const query = parse(OverdueQuery, req.query, 'query');
    // By default everything the reader can see.
    const scope = query.scopeUnitId === undefined ? access.home(res) : access.unit(res, 'read', query.scopeUnitId);
    if (query.directiveId !== undefined && !findDirective(query.directiveId)) {
      throw badField('directiveId', `directiveId: no directive ${query.directiveId} in the catalog`);
    }
    const at = now();
    const { total, tasks } = readModel.tasks.overdueInSubtree(scope.path, {
      now: at,
      ...(query.directiveId !== undefined ? { directiveId: query.directiveId } : {}),
      ...(query.level !== undefined ? { level: query.level } : {}),
      ...(query.minDaysOverdue !== undefined ? { dueBefore: at - query.minDaysOverdue * DAY_MS } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ scopeUnitId: scope.id, total, limit: query.limit, offset: query.offset, tasks: tasks.map((t) => overdueView(t, at)) });
  });
  return router;
}
