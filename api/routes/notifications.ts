import { Router } from 'express';
import { z } from 'zod';
import { PETITION_SUBJECT_TYPES, seesPetitions } from '../../domain/access';
import { NOTIFICATION_KINDS, RECIPIENT_ROLES, type RecipientRole } from '../../domain/notification';
import { toZonedIso } from '../../domain/time';
import type { NotificationRecord } from '../../readmodel';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, parse } from '../errors';
import { Id, Paging } from '../schemas';
import { NOTIFICATION_COLUMNS } from '../exports/lists';
import { allRows, exportFormat, fileDay, sendXlsx } from '../exports/xlsx';

const NotificationQuery = z.strictObject({
  /** The recipient unit: whose inbox. */
  unitId: Id.optional(),
  /** Whom in the unit it is addressed to: the reader's own role by default; `all` for every role's. */
  role: z.enum([...RECIPIENT_ROLES, 'all']).optional(),
  subjectId: z.string().min(1).max(256).optional(),
  kind: z.enum(NOTIFICATION_KINDS).optional(),
  unread: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true').optional(),
  limit: Paging.limit,
  offset: Paging.offset,
});

/** Notification ids are '<subjectType>:<subjectId>:<key>', so wider than Id (':' and '@' occur); sent URL-encoded. */
const NotificationParams = z.object({ id: z.string().min(1).max(512) });

const iso = (instant: number | undefined) => (instant === undefined ? undefined : toZonedIso(instant));

function notificationView(n: NotificationRecord) {
  return {
    id: n.id,
    kind: n.kind,
    subjectType: n.subjectType,
    subjectId: n.subjectId,
    unitId: n.unitId,
    directiveId: n.directiveId,
    recipient: { role: n.recipientRole, unitId: n.recipientUnitId },
    title: n.title,
    text: n.text,
    at: toZonedIso(n.at),
    dueAt: iso(n.dueAt),
    readAt: iso(n.readAt),
    webhook: n.webhook,
  };
}

/**
 * Whose notifications an inbox shows when the reader names no role: those addressed to the reader's own role (a
 * notification is for one role at one unit: domain/notification.ts audienceOf), so staff do not find the leaders'
 * escalations among their reminders. An admin, whom nothing is addressed to, sees every role's.
 */
function defaultRole(role: string): RecipientRole | undefined {
  return (RECIPIENT_ROLES as readonly string[]).includes(role) ? (role as RecipientRole) : undefined;
}

/** The inbox (通知): reminders, 催办, escalations and decisions, by recipient unit and role; read marks per person. */
export function notificationRoutes({ readModel, now = Date.now }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);

  // One unit's inbox at a time: the reader's own unless they ask for one in their subtree.
  router.get('/api/notifications', allow('read'), async (req, res) => {
    const asked = exportFormat(req.query);
    const query = parse(NotificationQuery, asked.query, 'query');
    const unit = query.unitId === undefined ? await access.home(res) : await access.unit(res, 'read', query.unitId);
    const reader = principalOf(res);
    const role = query.role === undefined ? defaultRole(reader.role) : query.role === 'all' ? undefined : query.role;
    const page = async (limit: number, offset: number) => {
      const { total, notifications } = await readModel.notifications.list({
        reader: reader.subject,
        recipientUnitId: unit.id,
        ...(role !== undefined ? { role } : {}),
        ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
        ...(query.unread !== undefined ? { unread: query.unread } : {}),
        // Notices about petition cases stay with those who may read cases (domain/access.ts seesPetitions).
        ...(seesPetitions(principalOf(res).role) ? {} : { withoutSubjectTypes: PETITION_SUBJECT_TYPES }),
        limit,
        offset,
      });
      return { total, rows: notifications.map(notificationView) };
    };
    if (asked.xlsx) {
      const at = now();
      const { rows, total, capped } = await allRows(page);
      await sendXlsx(res, { zh: `通知台账_${unit.name}_${fileDay(at)}`, ascii: `notifications_${unit.id}_${fileDay(at)}` }, [{ name: '通知', columns: NOTIFICATION_COLUMNS, rows }], {
        title: `通知台账：${unit.name}`,
        asOf: toZonedIso(at),
        query: { unitId: unit.id, role: role ?? 'all', ...asked.query },
        ...(capped ? { total } : {}),
      });
      return;
    }
    const { total, rows } = await page(query.limit, query.offset);
    res.json({ total, limit: query.limit, offset: query.offset, role: role ?? 'all', notifications: rows });
  });

  router.post('/api/notifications/:id/read', allow('markRead'), async (req, res) => {
    const { id } = parse(NotificationParams, req.params, 'params');
    const found = await readModel.notifications.get(id);
    if (!found) throw notFound('notification', id);
    // Only its recipients mark it read: the unit it was sent to, in the role it was sent to.
    const unit = await access.unit(res, 'markRead', found.recipientUnitId);
    if (found.recipientRole !== principalOf(res).role) {
      throw new HttpError(403, 'forbidden', `notification ${id} is addressed to the ${found.recipientRole}, not the ${principalOf(res).role}`);
    }
    // The mark is the reader's own (token subject): a colleague's inbox still shows it unread.
    const { notification, first } = (await readModel.notifications.markRead(id, principalOf(res).subject, now())) as { notification: NotificationRecord; first: boolean };
    if (first) {
      await audit(readModel, res, { action: 'notification.read', subjectType: 'notification', subjectId: id, unit, before: { readAt: null }, after: { readAt: toZonedIso(notification.readAt as number) } }, notification.readAt);
    }
    res.json(notificationView(notification));
  });

  return router;
}
