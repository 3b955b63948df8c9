import { proxyActivities } from '@temporalio/workflow';
import { WEBHOOK_MAX_ATTEMPTS, type NotificationRequest } from '../domain/notification';
import type { createActivities } from '../activities';

// Recording is idempotent by notification id: retry until it lands.
const { notify } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** The robot may be down for a while; each attempt is recorded and the last one marks the notification failed. */
const { deliverNotification } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: WEBHOOK_MAX_ATTEMPTS },
});

/**
 * How a workflow tells people: each notification is in the inbox before `send` returns; its copy to the group robot
 * is posted alongside, so a slow or broken robot never holds up the work. `settled` waits for those copies, before
 * the workflow ends or continues as new.
 */
export class Notifier {
  private readonly deliveries: Promise<void>[] = [];

  async send(request: NotificationRequest): Promise<void> {
    const { id, deliver } = await notify(request);
    if (deliver) this.deliveries.push(deliverNotification(id));
  }

  async settled(): Promise<void> {
    await Promise.allSettled(this.deliveries);
  }
}
