import { Router } from 'express';
import { z } from 'zod';
import type { StoredUnit } from '../../readmodel';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, parse } from '../errors';
import { Id } from '../schemas';

const unitView = ({ id, parentId, name, level, kind, demo }: StoredUnit) => ({
  id,
  parentId,
  name,
  level,
  kind,
  demo: demo ?? false,
});

export function orgRoutes({ readModel }: ApiDeps): Router {
  const router = Router();
  const withChildren = (unit: StoredUnit) => ({
    ...unitView(unit),
    children: readModel.org.children(unit.id).map(unitView),
  });

  router.get('/api/org', (_req, res) => {
    const root = readModel.org.root();
    if (!root) throw new HttpError(404, 'not_found', 'no org tree has been loaded');
    res.json(withChildren(root));
  });

  router.get('/api/org/units/:unitId', (req, res) => {
    const { unitId } = parse(z.object({ unitId: Id }), req.params, 'params');
    const unit = readModel.org.get(unitId);
    if (!unit) throw notFound('unit', unitId);
    res.json(withChildren(unit));
  });
  return router;
}
