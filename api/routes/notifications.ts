import { Router } from 'express';
import { z } from 'zod';
import { NOTIFICATION_KINDS, RECIPIENT_ROLES } from '../../domain/notification';
import { toZonedIso } from '../../domain/time';
import type { NotificationRecord } from '../../readmodel';
import type { ApiDeps } from '../deps';
import { notFound, parse } from '../errors';
import { Id, Paging } from '../schemas';

const NotificationQuery = z.strictObject({
  /** The recipient unit: whose inbox. */
  unitId: Id.optional(),
  role: z.enum(RECIPIENT_ROLES).optional(),
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

/** The inbox (通知): reminders, 催办, escalations and decisions, by recipient unit and role. */
export function notificationRoutes({ readModel, now = Date.now }: ApiDeps): Router {
  const router = Router();

  router.get('/api/notifications', (req, res) => {
    const query = parse(NotificationQuery, req.query, 'query');
    if (query.unitId !== undefined && !readModel.org.get(query.unitId)) throw notFound('unit', query.unitId);
    const { total, notifications } = readModel.notifications.list({
      ...(query.unitId !== undefined ? { recipientUnitId: query.unitId } : {}),
      ...(query.role !== undefined ? { role: query.role } : {}),
      ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(query.unread !== undefined ? { unread: query.unread } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ total, limit: query.limit, offset: query.offset, notifications: notifications.map(notificationView) });
  });

  router.post('/api/notifications/:id/read', (req, res) => {
    const { id } = parse(NotificationParams, req.params, 'params');
    const notification = readModel.notifications.markRead(id, now());
    if (!notification) throw notFound('notification', id);
    res.json(notificationView(notification));
  });

  return router;
}
