import type { Completion } from './checks';
import { errorCode } from './http';
import type { ChaosEnv } from './setup';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WorkItem extends Completion {
  unitId: string;
}

/**
 * The step completions still to make, shared by the scenarios so none repeats another's: every task's first step,
 * then every task's second, and so on. One that was not acknowledged goes back to the front.
 */
export class WorkQueue {
  private readonly items: WorkItem[];
  private readonly retries: WorkItem[] = [];
  private cursor = 0;

  constructor(items: WorkItem[]) {
    this.items = items;
  }

  static async of(env: ChaosEnv, assignmentId: string): Promise<WorkQueue> {
    const rows = (await env.readModel.db.prepare('SELECT id, unit_id, steps_json FROM tasks WHERE assignment_id = ? ORDER BY id').all(assignmentId)) as Array<{
      id: string;
      unit_id: string;
      steps_json: string;
    }>;
    const steps = rows.map((r) => (JSON.parse(r.steps_json) as Array<{ id: string; completedAt?: number }>).filter((s) => s.completedAt === undefined));
    const items: WorkItem[] = [];
    const most = Math.max(0, ...steps.map((s) => s.length));
    for (let k = 0; k < most; k++) {
      rows.forEach((row, i) => {
        const step = steps[i]?.[k];
        if (step) items.push({ taskId: row.id, unitId: row.unit_id, stepId: step.id });
      });
    }
    return new WorkQueue(items);
  }

  take(): WorkItem | undefined {
    return this.retries.shift() ?? this.items[this.cursor++];
  }

  giveBack(item: WorkItem): void {
    this.retries.push(item);
  }

  get left(): number {
    return this.items.length - Math.min(this.cursor, this.items.length) + this.retries.length;
  }
}

/** What the clients saw. */
export interface LoadTally {
  acknowledged: Completion[];
  unavailable503: number;
  /** 5xx other than 503: none is allowed. */
  unexpected5xx: number;
  /** No HTTP answer at all (refused, reset, timed out). */
  noAnswer: number;
  /** 409 task_not_running and the like, retried. */
  retried4xx: number;
  /** Refusals not expected of a valid completion (not retried). */
  refused: number;
  /** The first few unexpected answers, to show. */
  samples: string[];
}

export interface Load {
  tally: LoadTally;
  /** Acknowledged completions so far, for the rate. */
  readonly count: number;
  /** Stops taking new work; resolves when every request in flight has its answer. */
  stop(): Promise<LoadTally>;
}

/** `clients` concurrent staff clients, each completing the next step of the queue through the APIs until stopped. */
export function startCompletions(env: ChaosEnv, queue: WorkQueue, clients: number): Load {
  const tally: LoadTally = { acknowledged: [], unavailable503: 0, unexpected5xx: 0, noAnswer: 0, retried4xx: 0, refused: 0, samples: [] };
  let stopped = false;
  const note = (item: WorkItem, what: string) => {
    if (tally.samples.length < 8) tally.samples.push(`${item.taskId}/${item.stepId}: ${what}`);
  };
  const client = async () => {
    while (!stopped) {
      const item = queue.take();
      if (!item) return;
      const token = await env.staffToken(item.unitId);
      const answer = await env.api.call('POST', `/api/tasks/${item.taskId}/steps/${item.stepId}/complete`, token, { note: 'chaos' });
      if (answer.status === 200) {
        tally.acknowledged.push({ taskId: item.taskId, stepId: item.stepId });
        continue;
      }
      if (answer.status === 503) {
        tally.unavailable503++;
        queue.giveBack(item);
        await sleep(1_000);
      } else if (answer.status >= 500) {
        tally.unexpected5xx++;
        note(item, `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        queue.giveBack(item);
        await sleep(1_000);
      } else if (answer.status === 0) {
        tally.noAnswer++;
        note(item, answer.error ?? 'no answer');
        queue.giveBack(item);
        await sleep(1_000);
      } else if (answer.status === 409 || answer.status === 429) {
        // Not running yet, or a limit: the same request later.
        tally.retried4xx++;
        if (tally.retried4xx <= 3) note(item, `${answer.status} ${errorCode(answer.body) ?? ''}`);
        queue.giveBack(item);
        await sleep(500);
      } else {
        tally.refused++;
        note(item, `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
    }
  };
  const running = Promise.all(Array.from({ length: clients }, client));
  return {
    tally,
    get count() {
      return tally.acknowledged.length;
    },
    async stop() {
      stopped = true;
      await running;
      return tally;
    },
  };
}
