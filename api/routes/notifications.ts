import { Router } from 'express';
import { z } from 'zod';
import { PETITION_SUBJECT_TYPES, seesPetitions } from '../../domain/access';
import { NOTIFICATION_KINDS, RECIPIENT_ROLES } from '../../domain/notification';
import { toZonedIso } from '../../domain/time';
import type { NotificationRecord } from '../../readmodel';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, parse } from '../errors';
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
  const access = new Access(readModel);

  // One unit's inbox at a time: the reader's own unless they ask for one in their subtree.
  router.get('/api/notifications', allow('read'), (req, res) => {
    const query = parse(NotificationQuery, req.query, 'query');
    const unit = query.unitId === undefined ? access.home(res) : access.unit(res, 'read', query.unitId);
    const { total, notifications } = readModel.notifications.list({
      recipientUnitId: unit.id,
      ...(query.role !== undefined ? { role: query.role } : {}),
      ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(query.unread !== undefined ? { unread: query.unread } : {}),
      // Notices about petition cases stay with those who may read cases (domain/access.ts seesPetitions).
      ...(seesPetitions(principalOf(res).role) ? {} : { withoutSubjectTypes: PETITION_SUBJECT_TYPES }),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ total, limit: query.limit, offset: query.offset, notifications: notifications.map(notificationView) });
  });

  router.post('/api/notifications/:id/read', allow('markRead'), (req, res) => {
    const { id } = parse(NotificationParams, req.params, 'params');
    const found = readModel.notifications.get(id);
    if (!found) throw notFound('notification', id);
    // Only its recipients mark it read: the unit it was sent to, in the role it was sent to.
    const unit = access.unit(res, 'markRead', found.recipientUnitId);
    if (found.recipientRole !== principalOf(res).role) {
      throw new HttpError(403, 'forbidden', `notification ${id} is addressed to the ${found.recipientRole}, not the ${principalOf(res).role}`);
    }
    const notification = readModel.notifications.markRead(id, now()) as NotificationRecord;
    if (found.readAt === undefined) {
      audit(readModel, res, { action: 'notification.read', subjectType: 'notification', subjectId: id, unit, before: { readAt: null }, after: { readAt: toZonedIso(notification.readAt as number) } }, notification.readAt);
    }
    res.json(notificationView(notification));
  });

  return router;
}
