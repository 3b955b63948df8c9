import { Router } from 'express';
import { z } from 'zod';
import { PETITION_STAGES } from '../../../domain/petition';
import { Access, allow } from '../../access';
import type { ApiDeps } from '../../deps';
import { parse } from '../../errors';
import { CaseId, Id, Paging } from '../../schemas';
import { caseFor } from './case-lookup';
import { caseDetail, caseView } from './views';

const CaseListQuery = z.strictObject({
  unitId: Id.optional(),
  stage: z.enum(PETITION_STAGES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  ...Paging,
});

/** Reading petition cases: the list within the person's reach, and one case in full. */
export function caseRoutes(deps: ApiDeps): Router {
  const { readModel } = deps;
  const router = Router();
  const access = new Access(readModel);

  router.get('/api/petitions', allow('readPetitions'), async (req, res) => {
    const query = parse(CaseListQuery, req.query, 'query');
    const scope = query.unitId === undefined ? await access.home(res) : await access.unit(res, 'readPetitions', query.unitId, 'unitId');
    const { total, cases } = await readModel.petitions.listCases({
      scopePath: scope.path,
      ...(query.stage !== undefined ? { stage: query.stage } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue === 'true' } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ total, cases: cases.map(caseView), limit: query.limit, offset: query.offset });
  });

  router.get('/api/petitions/:caseId', allow('readPetitions'), async (req, res) => {
    const { caseId } = parse(z.object({ caseId: CaseId }), req.params, 'params');
    res.json(await caseDetail(readModel, (await caseFor({ access, readModel }, res, caseId, 'readPetitions')).record));
  });

  return router;
}
