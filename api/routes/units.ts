import { Router, type Response } from 'express';
import { z } from 'zod';
import { DEFAULT_LIGHT_THRESHOLDS } from '../../domain/lights';
import { toZonedIso } from '../../domain/time';
import { PETITION_SUBJECT_TYPES, seesPetitions } from '../../domain/access';
import { Access, allow, principalOf } from '../access';
import type { ApiDeps } from '../deps';
import { badField, parse } from '../errors';
import { unitSummary } from '../reports';
import { Id, Paging } from '../schemas';
import { auditView } from '../views';
import { RANKING_COLUMNS, SUMMARY_DIRECTIVE_COLUMNS } from '../exports/lists';
import { exportFormat, fileDay, sendXlsx } from '../exports/xlsx';

const SummaryQuery = z.strictObject({ directiveId: z.string().min(1).max(128).optional() });

/** Supervisor views of one unit: its directives' standing in its subtree, and its child units ranked. */
export function unitRoutes({ readModel, now = Date.now, lights = DEFAULT_LIGHT_THRESHOLDS }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);

  const load = async (res: Response, params: unknown, query: Record<string, unknown>) => {
    const { unitId } = parse(z.object({ unitId: Id }), params, 'params');
    const asked = exportFormat(query);
    const filter = parse(SummaryQuery, asked.query, 'query');
    const unit = await access.unit(res, 'read', unitId);
    if (filter.directiveId !== undefined && !(await readModel.directives.exists(filter.directiveId))) {
      throw badField('directiveId', `directiveId: no directive ${filter.directiveId} in the catalog`);
    }
    const at = now();
    return { unit, at, filter, xlsx: asked.xlsx, summary: await unitSummary(readModel, unit, filter, at, lights) };
  };

  const rankingSheet = (summary: Awaited<ReturnType<typeof unitSummary>>) => ({ name: '通报排名', columns: RANKING_COLUMNS, rows: summary.ranking });

  router.get('/api/units/:unitId/summary', allow('read'), async (req, res) => {
    const { unit, at, filter, xlsx, summary } = await load(res, req.params, req.query);
    if (xlsx) {
      const { totals } = summary;
      await sendXlsx(
        res,
        { zh: `汇总台账_${unit.name}_${fileDay(at)}`, ascii: `summary_${unit.id}_${fileDay(at)}` },
        [{ name: '事项汇总', columns: SUMMARY_DIRECTIVE_COLUMNS, rows: summary.directives }, rankingSheet(summary)],
        {
          title: `汇总台账：${unit.name}`,
          asOf: toZonedIso(at),
          query: filter,
          extra: [
            ['合计任务数', totals.total],
            ['合计已完成', totals.done],
            ['合计已逾期', totals.overdue],
            ['完成率(%)', totals.completionRate],
            ['按期率(%)', totals.onTimeRate],
          ],
        },
      );
      return;
    }
    res.json({ unitId: unit.id, name: unit.name, level: unit.level, asOf: toZonedIso(at), ...summary });
  });

  // 通报/排名 on its own, for a page that shows only the ranking.
  router.get('/api/units/:unitId/ranking', allow('read'), async (req, res) => {
    const { unit, at, filter, xlsx, summary } = await load(res, req.params, req.query);
    if (xlsx) {
      await sendXlsx(res, { zh: `通报排名_${unit.name}_${fileDay(at)}`, ascii: `ranking_${unit.id}_${fileDay(at)}` }, [rankingSheet(summary)], {
        title: `通报排名：${unit.name}的下级单位`,
        asOf: toZonedIso(at),
        query: filter,
      });
      return;
    }
    res.json({ unitId: unit.id, name: unit.name, asOf: toZonedIso(at), ranking: summary.ranking });
  });

  /** The unit's audit trail: every change made to anything in its subtree, newest first. */
  router.get('/api/units/:unitId/history', allow('readAudit'), async (req, res) => {
    const { unitId } = parse(z.object({ unitId: Id }), req.params, 'params');
    const page = parse(z.strictObject({ ...Paging }), req.query, 'query');
    const unit = await access.unit(res, 'readAudit', unitId);
    // Petition casework stays with those who may read cases (domain/access.ts PETITION_SUBJECT_TYPES).
    const without = seesPetitions(principalOf(res).role) ? [] : PETITION_SUBJECT_TYPES;
    const { total, entries } = await readModel.audit.inSubtree(unit.path, page, without);
    res.json({
      unitId: unit.id,
      total,
      limit: page.limit,
      offset: page.offset,
      entries: await Promise.all(entries.map((e) => auditView(e, readModel.directives))),
    });
  });

  return router;
}
