import { Router } from 'express';
import { z } from 'zod';
import type { StoredUnit } from '../../readmodel';
import { Access, allow } from '../access';
import type { ApiDeps } from '../deps';
import { parse } from '../errors';
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
  const access = new Access(readModel);
  const withChildren = async (unit: StoredUnit) => ({
    ...unitView(unit),
    children: (await readModel.org.children(unit.id)).map(unitView),
  });

  // The tree as its reader sees it: from their own unit down.
  router.get('/api/org', allow('read'), async (_req, res) => {
    res.json(await withChildren(await access.home(res)));
  });

  router.get('/api/org/units/:unitId', allow('read'), async (req, res) => {
    const { unitId } = parse(z.object({ unitId: Id }), req.params, 'params');
    res.json(await withChildren(await access.unit(res, 'read', unitId)));
  });
  return router;
}
