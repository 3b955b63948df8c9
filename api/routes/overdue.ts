import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, parse } from '../errors';
import { Id, Paging } from '../schemas';
import { overdueView } from '../views';

const OverdueQuery = z.strictObject({ scopeUnitId: Id.optional(), limit: Paging.limit });

export function overdueRoutes({ readModel, now = Date.now }: ApiDeps): Router {
  const router = Router();
  router.get('/api/overdue', (req, res) => {
    const query = parse(OverdueQuery, req.query, 'query');
    const scope = query.scopeUnitId === undefined ? readModel.org.root() : readModel.org.get(query.scopeUnitId);
    if (!scope) {
      if (query.scopeUnitId === undefined) throw new HttpError(404, 'not_found', 'no org tree has been loaded');
      throw notFound('unit', query.scopeUnitId);
    }
    const at = now();
    const tasks = readModel.tasks.overdueInSubtree(scope.path, query.limit);
    res.json({ scopeUnitId: scope.id, tasks: tasks.map((t) => overdueView(t, at)) });
  });
  return router;
}
