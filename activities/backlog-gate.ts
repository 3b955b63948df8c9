import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { logger } from '../platform/logger';

const { TaskQueueType } = temporal.api.enums.v1;

/**
 * Back-pressure from what the workers drain: a fan-out waits before each batch of starts while the task queue holds
 * more workflow tasks than `maxBacklog` (each new task's first run is one). Starts alone the server takes faster than
 * workers run those first tasks; unchecked, a province's fan-out leaves tens of thousands queued, and every step
 * completion and 签收 waits behind them for minutes (npm run chaos at 20,000 villages: 0.3 completions/s right after
 * the fan-out). One gate per worker process, shared by its chunks; the server's count is read at most every
 * `intervalMs`. A server that cannot report it leaves the gate open (the starts in flight still bound the rate).
 */
export class BacklogGate {
  private backlog = 0;
  private readAt = 0;
  private reading?: Promise<number>;
  private unsupported = false;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly maxBacklog: number,
    private readonly intervalMs = 500,
  ) {}

  /** Resolves once the backlog is at most the limit; `waiting` is called on each wait (a chunk heartbeats). */
  async open(waiting: () => void): Promise<void> {
    if (this.maxBacklog <= 0) return;
    while ((await this.current()) > this.maxBacklog) {
      waiting();
      await sleep(this.intervalMs);
    }
  }

  private current(): Promise<number> {
    if (this.unsupported || Date.now() - this.readAt < this.intervalMs) return Promise.resolve(this.backlog);
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<number> {
    try {
      const { stats } = await this.client.workflowService.describeTaskQueue({
        namespace: this.client.options.namespace,
        taskQueue: { name: this.taskQueue },
        taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        reportStats: true,
      });
      if (!stats) {
        this.unsupported = true;
        logger.warn({ taskQueue: this.taskQueue }, 'the server reports no task queue stats: fan-out is bounded by starts in flight only');
      }
      const count = stats?.approximateBacklogCount;
      this.backlog = count === undefined || count === null ? 0 : Number(count.toString());
    } catch (err) {
      // A passing error (the server restarting) must not stop the fan-out: the next read tries again.
      logger.warn({ err, taskQueue: this.taskQueue }, 'could not read the task queue backlog');
      this.backlog = 0;
    }
    this.readAt = Date.now();
    return this.backlog;
  }
}
