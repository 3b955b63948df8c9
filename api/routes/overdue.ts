import { Router } from 'express';
import { z } from 'zod';
import { ORG_LEVELS } from '../../domain/org';
import { Access, allow } from '../access';
import type { ApiDeps } from '../deps';
import { badField, parse } from '../errors';
import { Id, Paging } from '../schemas';
import { overdueTasks } from '../reports';
import { OVERDUE_COLUMNS } from '../exports/lists';
import { allRows, exportFormat, fileDay, sendXlsx } from '../exports/xlsx';
import { toZonedIso } from '../../domain/time';

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
  router.get('/api/overdue', allow('read'), async (req, res) => {
    const asked = exportFormat(req.query);
    const query = parse(OverdueQuery, asked.query, 'query');
    // By default everything the reader can see.
    const scope = query.scopeUnitId === undefined ? await access.home(res) : await access.unit(res, 'read', query.scopeUnitId);
    if (query.directiveId !== undefined && !(await readModel.directives.exists(query.directiveId))) {
      throw badField('directiveId', `directiveId: no directive ${query.directiveId} in the catalog`);
    }
    const at = now();
    const page = (limit: number, offset: number) =>
      overdueTasks(readModel, scope, {
        now: at,
        ...(query.directiveId !== undefined ? { directiveId: query.directiveId } : {}),
        ...(query.level !== undefined ? { level: query.level } : {}),
        ...(query.minDaysOverdue !== undefined ? { dueBefore: at - query.minDaysOverdue * DAY_MS } : {}),
        limit,
        offset,
      });
    if (asked.xlsx) {
      const { rows, total, capped } = await allRows(page);
      await sendXlsx(
        res,
        { zh: `逾期台账_${scope.name}_${fileDay(at)}`, ascii: `overdue_${scope.id}_${fileDay(at)}` },
        [{ name: '逾期任务', columns: OVERDUE_COLUMNS, rows }],
        { title: `逾期台账：${scope.name}`, asOf: toZonedIso(at), query: { scopeUnitId: scope.id, ...asked.query }, ...(capped ? { total } : {}) },
      );
      return;
    }
    const { total, rows } = await page(query.limit, query.offset);
    res.json({ scopeUnitId: scope.id, total, limit: query.limit, offset: query.offset, tasks: rows });
  });
  return router;
}
