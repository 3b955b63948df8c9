import { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { periodRefusal } from '../../domain/bulletin';
import { DEFAULT_LIGHT_THRESHOLDS } from '../../domain/lights';
import { ZONE } from '../../domain/time';
import type { BulletinRecord } from '../../readmodel';
import { Access, allow, principalOf } from '../access';
import { bulletinDocx, DOCX_TYPE } from '../bulletins/docx';
import { bulletinHeader, bulletinView, issueBulletin, type BulletinFigures } from '../bulletins/figures';
import type { ApiDeps } from '../deps';
import { badField, notFound, parse } from '../errors';
import { sendAttachment } from '../exports/xlsx';
import { Id } from '../schemas';

const CreateBulletin = z.strictObject({
  scopeUnitId: Id,
  /** Checked by domain/bulletin.ts periodRefusal; by default the month under way. */
  period: z.string().max(16).optional(),
});

const ListQuery = z.strictObject({ scopeUnitId: Id.optional() });
const ViewQuery = z.strictObject({ format: z.enum(['json', 'docx'], { message: "format: 'docx', or none for JSON" }).optional() });

/** 通报: bulletins on a part of the org tree, made by its supervisors and leaders, read by whoever may read it. */
export function bulletinRoutes({ readModel, now = Date.now, lights = DEFAULT_LIGHT_THRESHOLDS }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);

  router.post('/api/bulletins', allow('issueBulletin'), async (req, res) => {
    const body = parse(CreateBulletin, req.body, 'body');
    const scope = await access.unit(res, 'issueBulletin', body.scopeUnitId, 'scopeUnitId');
    const at = now();
    const period = body.period ?? DateTime.fromMillis(at, { zone: ZONE }).toFormat('yyyy-MM');
    const refusal = periodRefusal(period, at);
    if (refusal) throw badField('period', refusal);
    const { bulletin, created } = await issueBulletin(readModel, {
      scope,
      period,
      at,
      lights,
      createdBy: principalOf(res),
      source: 'request',
      requestId: String(res.getHeader('x-request-id')),
    });
    // One bulletin per scope and period: asking again answers the first, frozen as it was made.
    if (!created) res.status(200).set('Idempotent-Replayed', 'true');
    else res.status(201).location(`/api/bulletins/${bulletin.id}`);
    res.json(bulletinView(bulletin, scope));
  });

  router.get('/api/bulletins', allow('read'), async (req, res) => {
    const query = parse(ListQuery, req.query, 'query');
    const scope = query.scopeUnitId === undefined ? await access.home(res) : await access.unit(res, 'read', query.scopeUnitId);
    res.json({ scopeUnitId: scope.id, name: scope.name, bulletins: (await readModel.bulletins.list(scope.id)).map((b) => bulletinHeader(b, scope)) });
  });

  router.get('/api/bulletins/:id', allow('read'), async (req, res) => {
    const { id } = parse(z.object({ id: Id }), req.params, 'params');
    const { format } = parse(ViewQuery, req.query, 'query');
    const bulletin = (await readModel.bulletins.get(id)) as BulletinRecord<BulletinFigures> | undefined;
    if (!bulletin) throw notFound('bulletin', id);
    const scope = await readModel.org.get(bulletin.scopeUnitId);
    if (!scope) throw notFound('bulletin', id);
    await access.check(res, 'read', scope);
    const view = bulletinView(bulletin, scope);
    if (format === 'docx') {
      sendAttachment(res, { zh: `通报_${scope.name}_${view.periodLabel}`, ascii: `bulletin_${scope.id}_${bulletin.period}` }, 'docx', DOCX_TYPE, await bulletinDocx(view));
      return;
    }
    res.json(view);
  });

  return router;
}
