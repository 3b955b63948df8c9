import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { audienceOf, notificationId, WEBHOOK_MAX_ATTEMPTS, type NotificationRequest } from '../domain/notification';
import { renderNotification } from '../domain/notification-render';
import { pathIds } from '../domain/rollup';
import { postToRobot, robotMessage, type WebhookConfig } from '../platform/webhook';
import type { ReadModel, StoredUnit } from '../readmodel';

export { WEBHOOK_MAX_ATTEMPTS };

/** Well inside the activity's start-to-close timeout, so a hung robot fails an attempt rather than the timeout. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface NotificationDeps {
  readModel: ReadModel;
  /** The group robot; without one, notifications only go to the inbox. */
  webhook?: WebhookConfig;
  now?: () => number;
}

export function createNotificationActivities({ readModel, webhook, now = Date.now }: NotificationDeps) {
  /** The unit whose people are told, by the audience rule of domain/notification. */
  async function recipientUnit(req: NotificationRequest, unit: StoredUnit): Promise<StoredUnit> {
    const { audience } = audienceOf(req.kind);
    if (audience === 'unit') return unit;
    const ancestors = pathIds(unit.path); // root first, the unit itself last
    if (audience === 'parent') return (await readModel.org.get(ancestors.at(-2) ?? unit.id)) ?? unit;
    // 回退 goes to the unit that issued the assignment (交办单位), where the decision on it is taken; else its scope.
    if (audience === 'issuer' && req.assignmentId !== undefined) {
      const assignment = await readModel.tasks.getAssignment(req.assignmentId);
      const issuer = await readModel.org.get(assignment?.assignedByUnitId ?? assignment?.scopeUnitId ?? '');
      // Work a unit holds for itself (an event reported there) is decided above it (domain/access.ts oversees).
      if (issuer) return issuer.id === unit.id ? ((await readModel.org.get(ancestors.at(-2) ?? unit.id)) ?? unit) : issuer;
    }
    // The leader sits where the assignment was made; without one (an event case), two levels up is the deciding level.
    const scopeId = req.assignmentId === undefined ? undefined : (await readModel.tasks.getAssignment(req.assignmentId))?.scopeUnitId;
    const leaderId = scopeId ?? ancestors.at(-3) ?? ancestors[0] ?? unit.id;
    return (await readModel.org.get(leaderId)) ?? unit;
  }

  return {
    /**
     * Records a notification in the inbox, addressed by the audience rule and worded in Chinese. The same request
     * again records nothing. Answers whether its copy to the robot is still due, for the workflow to deliver next.
     */
    async notify(req: NotificationRequest): Promise<{ id: string; deliver: boolean }> {
      const id = notificationId(req);
      const unit = await readModel.org.get(req.unitId);
      if (!unit) throw ApplicationFailure.nonRetryable(`unknown unit ${req.unitId}`, 'UnknownUnit');
      const recipient = await recipientUnit(req, unit);
      const directive =
        req.assignmentId !== undefined
          ? await readModel.directives.forTask({ assignmentId: req.assignmentId, directiveId: req.directiveId })
          : await readModel.directives.named(req.directiveId);
      const { title, text } = renderNotification(req, {
        unitName: unit.name,
        directiveTitle: directive?.title.zh ?? req.directiveId,
        recipientUnitName: recipient.name,
      });
      await readModel.notifications.record({
        id,
        kind: req.kind,
        subjectType: req.subjectType,
        subjectId: req.subjectId,
        unitId: req.unitId,
        directiveId: req.directiveId,
        recipientRole: audienceOf(req.kind).role,
        recipientUnitId: recipient.id,
        title,
        text,
        at: req.at,
        ...(req.dueAt !== undefined ? { dueAt: req.dueAt } : {}),
        createdAt: now(),
        webhookPending: webhook !== undefined,
      });
      const stored = await readModel.notifications.get(id);
      return { id, deliver: webhook !== undefined && stored?.webhook?.status === 'pending' };
    },

    /**
     * Posts a pending notification to the group robot. A failure is recorded and thrown so Temporal retries it; on
     * the last attempt (WEBHOOK_MAX_ATTEMPTS) it is recorded as failed and the activity succeeds, since the inbox
     * still has the message and the workflow should not fail over a chat copy.
     */
    async deliverNotification(id: string): Promise<void> {
      const notification = await readModel.notifications.get(id);
      if (!notification) throw ApplicationFailure.nonRetryable(`unknown notification ${id}`, 'UnknownNotification');
      if (!webhook || notification.webhook?.status !== 'pending') return;
      const final = Context.current().info.attempt >= WEBHOOK_MAX_ATTEMPTS;
      try {
        await postToRobot(webhook, robotMessage(webhook.format, notification), { timeoutMs: WEBHOOK_TIMEOUT_MS });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await readModel.notifications.markDeliveryFailed(id, message, final);
        if (final) {
          Context.current().log.warn('notification not delivered to the robot; it stays in the inbox', { id, error: message });
          return;
        }
        throw err;
      }
      await readModel.notifications.markDelivered(id);
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
